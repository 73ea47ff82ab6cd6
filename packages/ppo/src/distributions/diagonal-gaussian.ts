/**
 * Diagonal Gaussian over continuous actions with a state-independent log standard deviation
 * (a learned vector, as in CleanRL's `ppo_continuous_action.py`):
 *
 *   log π(a|s) = Σ_k [ −½ ((a_k − μ_k) / σ_k)² − log σ_k − ½ log 2π ]
 *   H = Σ_k [ ½ + ½ log 2π + log σ_k ]
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@bellman/mdp-core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log π(a|s) per row.
 *
 * @param mean μ, shape [B, d].
 * @param logStd log σ, shape [d] (broadcast over rows).
 * @param actions a, shape [B, d].
 * @returns shape [B].
 */
export function gaussianLogProb(mean: tf.Tensor2D, logStd: tf.Tensor1D, actions: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(actions, mean), tf.exp(logStd));
    const perDim = tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logStd), HALF_LOG_2PI);
    return tf.sum<tf.Tensor1D>(perDim, -1);
  });
}

/** Entropy of the distribution (the same for every row, since σ does not depend on s); a scalar. */
export function gaussianEntropy(logStd: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum<tf.Scalar>(tf.add(logStd, 0.5 + HALF_LOG_2PI)));
}

/** log π(a|s) on plain numbers for one action vector. */
export function gaussianLogProbRow(mean: ArrayLike<number>, logStd: ArrayLike<number>, action: ArrayLike<number>): number {
  let lp = 0;
  for (let k = 0; k < mean.length; k++) {
    const z = (action[k]! - mean[k]!) / Math.exp(logStd[k]!);
    lp += -0.5 * z * z - logStd[k]! - HALF_LOG_2PI;
  }
  return lp;
}

/** Entropy Σ_k (½ + ½ log 2π + log σ_k) on plain numbers. */
export function gaussianEntropyRow(logStd: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < logStd.length; k++) h += 0.5 + HALF_LOG_2PI + logStd[k]!;
  return h;
}

/**
 * Draws a ~ N(μ, diag σ²) with `rng`, writing into `out` (allocated when absent).
 */
export function sampleGaussian(mean: ArrayLike<number>, logStd: ArrayLike<number>, rng: Rng, out: Float64Array = new Float64Array(mean.length)): Float64Array {
  for (let k = 0; k < mean.length; k++) out[k] = mean[k]! + Math.exp(logStd[k]!) * rng.normal();
  return out;
}
