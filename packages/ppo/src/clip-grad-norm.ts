/**
 * Gradient clipping by global norm, as PyTorch's `clip_grad_norm_` (CleanRL applies it with
 * `max_grad_norm = 0.5`): with ‖g‖ the L2 norm of all gradients concatenated,
 *
 *   coef = min(1, maxNorm / (‖g‖ + 1e-6)),   g ← coef · g
 */
import * as tf from '@tensorflow/tfjs';
import { assertNumber } from '@bellman/mdp-core';

/** What {@link clipGradNorm} returns; the caller owns (and disposes) every tensor. */
export interface ClippedGrads {
  /** The scaled gradients, in the order given. */
  grads: tf.Tensor[];
  /** The global norm ‖g‖ before clipping. */
  norm: tf.Scalar;
}

/** Scales `grads` so that their global L2 norm is at most `maxNorm` (see the module comment). */
export function clipGradNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGrads {
  assertNumber('maxNorm', maxNorm, Number.MIN_VALUE);
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(squares.length === 1 ? squares[0]! : tf.addN(squares)) as tf.Scalar;
    const coef = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return { grads: grads.map((g) => tf.mul(g, coef)), norm };
  });
}
