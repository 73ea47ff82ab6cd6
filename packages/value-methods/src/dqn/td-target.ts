/**
 * One-step TD targets for Q-learning with a target network.
 *
 * Vanilla DQN (Mnih et al., 2015):  y = r + γ·(1 − terminated)·max_a′ Q_target(s′, a′)
 *
 * Double DQN (van Hasselt, Guez & Silver, 2016) picks the action with the online network and
 * evaluates it with the target network, which removes most of the max operator's overestimation:
 *
 *   a* = argmax_a′ Q_online(s′, a′),   y = r + γ·(1 − terminated)·Q_target(s′, a*)
 *
 * Ties in the argmax go to the lowest action index. Truncated transitions carry
 * `terminated = 0` and so bootstrap.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, assertNumber } from '@bellman/mdp-core';

/** Inputs of {@link tdTargets}: per-transition tensors over a batch of B transitions. */
export interface TdTargetInputs {
  /** Q_target(s′, ·), shape [B, nA]. */
  nextQTarget: tf.Tensor2D;
  /** Rewards r, shape [B]. */
  rewards: tf.Tensor1D;
  /** 1 where s′ is terminal, else 0, shape [B] (float32). */
  terminated: tf.Tensor1D;
  /** Discount γ in [0, 1]. */
  gamma: number;
  /** Q_online(s′, ·), shape [B, nA]: given → Double DQN targets, absent → vanilla DQN. */
  nextQOnline?: tf.Tensor2D | undefined;
}

/**
 * The TD targets y (shape [B], float32, owned by the caller) for a batch (see the module
 * comment). No gradient flows through them: they are computed from the target network's values.
 */
export function tdTargets(inputs: TdTargetInputs): tf.Tensor1D {
  const { nextQTarget, rewards, terminated, nextQOnline } = inputs;
  const gamma = assertNumber('gamma', inputs.gamma, 0, 1);
  const [batch, numActions] = nextQTarget.shape;
  if (rewards.shape[0] !== batch || terminated.shape[0] !== batch) {
    throw new InvalidArgumentError('rewards / terminated', `tensors of shape [${batch}] like nextQTarget's batch`, [rewards.shape, terminated.shape]);
  }
  if (nextQOnline !== undefined && !tf.util.arraysEqual(nextQOnline.shape, nextQTarget.shape)) {
    throw new InvalidArgumentError('nextQOnline', `a tensor of shape [${batch}, ${numActions}] like nextQTarget`, nextQOnline.shape);
  }
  return tf.tidy(() => {
    let nextValue: tf.Tensor1D;
    if (nextQOnline === undefined) {
      nextValue = tf.max(nextQTarget, 1);
    } else {
      const best = tf.argMax(nextQOnline, 1);
      // int32 one-hot then cast: tfjs-wasm 4.22's OneHot kernel ignores a float32 dtype and writes
      // int32 bit patterns (1 reads as 1.4e-45).
      const pick = tf.cast(tf.oneHot(best, numActions), 'float32');
      nextValue = tf.sum(tf.mul(nextQTarget, pick), 1);
    }
    const notTerminal = tf.sub(1, terminated);
    return tf.add(rewards, tf.mul(tf.mul(notTerminal, gamma), nextValue));
  });
}
