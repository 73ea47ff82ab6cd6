/**
 * PPO's clipped surrogate objective (Schulman et al., 2017):
 *
 *   L = min( r · A, clip(r, 1 − ε, 1 + ε) · A ),   r = π_θ(a|s) / π_θold(a|s)
 *
 * With A > 0 the objective stops growing once r passes 1 + ε; with A < 0 it stops growing once
 * r falls below 1 − ε, so one update cannot move the policy far from the one that collected the data.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNumber } from '@bellman/mdp-core';

/** The pieces of the clipped surrogate for one sample (see {@link clippedSurrogate}). */
export interface ClippedSurrogateTerms {
  /** The probability ratio r as given. */
  ratio: number;
  /** clip(r, 1 − ε, 1 + ε). */
  clippedRatio: number;
  /** r · A. */
  unclipped: number;
  /** clip(r, 1 − ε, 1 + ε) · A. */
  clipped: number;
  /** min(r · A, clip(r) · A): the value PPO maximises. */
  objective: number;
}

/** clip(x, lo, hi). */
function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * The clipped surrogate for one sample, on plain numbers.
 *
 * @param ratio r = π_new(a|s) / π_old(a|s) (≥ 0).
 * @param advantage the advantage estimate A.
 * @param clipCoef ε (≥ 0), usually 0.2.
 * @example
 * ```ts
 * clippedSurrogate(0.15 / 0.08, 1.8, 0.2).objective; // 2.16 (unclipped 3.375)
 * ```
 */
export function clippedSurrogate(ratio: number, advantage: number, clipCoef: number): ClippedSurrogateTerms {
  assertNumber('ratio', ratio, 0);
  assertNumber('advantage', advantage);
  assertNumber('clipCoef', clipCoef, 0);
  const clippedRatio = clip(ratio, 1 - clipCoef, 1 + clipCoef);
  const unclipped = ratio * advantage;
  const clipped = clippedRatio * advantage;
  return { ratio, clippedRatio, unclipped, clipped, objective: Math.min(unclipped, clipped) };
}

/**
 * The policy-gradient loss of a batch as a tensor: −mean( min(r · A, clip(r, 1 − ε, 1 + ε) · A) ),
 * written as CleanRL's `max(−A · r, −A · clip(r))`. Differentiable with respect to `ratio`.
 * The clip uses `minimum` / `maximum` (whose gradients work on every backend).
 *
 * @param ratio r per sample, shape [B].
 * @param advantages A per sample, shape [B].
 * @param clipCoef ε (a number, or a scalar tensor when it is annealed).
 */
export function clippedSurrogateLoss(ratio: tf.Tensor1D, advantages: tf.Tensor1D, clipCoef: number): tf.Scalar {
  assertNumber('clipCoef', clipCoef, 0);
  return tf.tidy(() => {
    const clippedRatio = tf.minimum(tf.maximum(ratio, 1 - clipCoef), 1 + clipCoef);
    const negAdv = tf.neg(advantages);
    const loss1 = tf.mul(negAdv, ratio);
    const loss2 = tf.mul(negAdv, clippedRatio);
    return tf.mean<tf.Scalar>(tf.maximum(loss1, loss2));
  });
}
