/**
 * Gradient clipping by global norm, as PyTorch's `clip_grad_norm_` (which SB3's DQN applies with
 * `max_grad_norm = 10`): with ‖g‖ the L2 norm of all gradients concatenated,
 *
 *   coef = min(1, maxNorm / (‖g‖ + 1e-6)),   g ← coef · g
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertNumber } from '@bellman/mdp-core';

/** What {@link clipByGlobalNorm} returns; the caller owns (and disposes) every tensor. */
export interface ClippedGradients {
  /** The scaled gradients, in the order given. */
  grads: tf.Tensor[];
  /** The global norm ‖g‖ before clipping. */
  norm: tf.Scalar;
}

/** The small constant PyTorch adds to the norm before dividing. */
export const CLIP_NORM_EPSILON = 1e-6;

/**
 * Scales `grads` so that their global L2 norm is at most `maxNorm` (see the module comment).
 * Runs entirely as tensor ops (no download), so it can sit inside a training step.
 *
 * @example
 * ```ts
 * const { grads: clipped, norm } = clipByGlobalNorm(grads, 10);
 * ```
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  assertNumber('maxNorm', maxNorm, Number.MIN_VALUE);
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares)) as tf.Scalar;
    const coef = tf.minimum(tf.div(maxNorm, tf.add(norm, CLIP_NORM_EPSILON)), 1);
    return { grads: grads.map((g) => tf.mul(g, coef)), norm };
  });
}
