/**
 * The Huber loss (Huber, 1964), the robust regression loss DQN minimises on TD errors: quadratic
 * near zero, linear in the tails, so a single large TD error cannot produce a huge gradient.
 *
 * For a residual x and threshold δ > 0:
 *
 *   ρ_δ(x) = ½·x²             if |x| ≤ δ
 *          = δ·(|x| − ½·δ)    otherwise
 *
 *   ρ_δ'(x) = clip(x, −δ, δ)
 *
 * With δ = 1 this is PyTorch's `smooth_l1_loss` (β = 1), which Stable-Baselines3's DQN uses.
 * Both branches can be written as one expression with c = clip(x, −δ, δ):  ρ_δ(x) = c·(x − ½·c).
 * The tensor functions below use that form, so they need no `where`/`select` and no `abs`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, assertNumber } from '@bellman/mdp-core';

/** Default Huber threshold δ (PyTorch's `smooth_l1_loss` default β, as used by SB3's DQN). */
export const DEFAULT_HUBER_DELTA = 1;

function checkDelta(delta: number): number {
  assertNumber('delta', delta, Number.MIN_VALUE);
  return delta;
}

/**
 * ρ_δ(x): the Huber loss of one residual `x` (see the module comment).
 *
 * @example
 * ```ts
 * huber(0.5); // 0.125
 * huber(3);   // 2.5
 * huber(-3, 2); // 4
 * ```
 */
export function huber(x: number, delta: number = DEFAULT_HUBER_DELTA): number {
  checkDelta(delta);
  const c = Math.min(Math.max(x, -delta), delta);
  return c * (x - 0.5 * c);
}

/** ρ_δ'(x) = clip(x, −δ, δ): the derivative of {@link huber} with respect to the residual. */
export function huberDerivative(x: number, delta: number = DEFAULT_HUBER_DELTA): number {
  checkDelta(delta);
  return Math.min(Math.max(x, -delta), delta);
}

/**
 * Mean Huber loss over all elements, (1/N)·Σ ρ_δ(predictions − targets), as a float32 scalar
 * tensor the caller owns. Shapes must be equal.
 */
export function huberLoss(predictions: tf.Tensor, targets: tf.Tensor, delta: number = DEFAULT_HUBER_DELTA): tf.Scalar {
  checkDelta(delta);
  assertSameShape(predictions, targets);
  return tf.tidy(() => {
    const x = tf.sub(predictions, targets);
    const c = tf.clipByValue(x, -delta, delta);
    return tf.mean(tf.mul(c, tf.sub(x, tf.mul(c, 0.5))));
  });
}

/**
 * The gradient of {@link huberLoss} with respect to `predictions`:
 * clip(predictions − targets, −δ, δ) / N, with the shape of `predictions` (the caller owns it).
 * DQN backpropagates this through the Q-network by hand (see `q-network.ts`).
 */
export function huberLossGradient(predictions: tf.Tensor, targets: tf.Tensor, delta: number = DEFAULT_HUBER_DELTA): tf.Tensor {
  checkDelta(delta);
  assertSameShape(predictions, targets);
  return tf.tidy(() => tf.div(tf.clipByValue(tf.sub(predictions, targets), -delta, delta), predictions.size));
}

function assertSameShape(a: tf.Tensor, b: tf.Tensor): void {
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new InvalidArgumentError('targets', `a tensor of the predictions' shape [${a.shape.join(', ')}]`, b.shape);
  }
}
