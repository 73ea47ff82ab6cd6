/**
 * Categorical distribution over n actions, parameterised by logits (unnormalised log-probabilities).
 * Tensor functions serve the training step; number functions serve acting (sampling with our seeded
 * `Rng`, never tfjs random ops).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Rng } from '@bellman/mdp-core';

/**
 * log π(a|s) for each row: Σ_k onehot(a)_k · log_softmax(logits)_k. Taking the action through a
 * one-hot mask (instead of `gather`) keeps the gradient available on every backend.
 *
 * @param logits shape [B, n].
 * @param actionsOneHot shape [B, n], float32 (1 at the action taken).
 * @returns shape [B].
 */
export function categoricalLogProb(logits: tf.Tensor2D, actionsOneHot: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum<tf.Tensor1D>(tf.mul(actionsOneHot, tf.logSoftmax(logits)), -1));
}

/** Entropy −Σ_k p_k log p_k of each row; shape [B]. */
export function categoricalEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1)) as tf.Tensor1D;
  });
}

/**
 * A float32 one-hot matrix [B, n] built on the CPU (no `tf.oneHot`, whose float32 output is wrong
 * on the wasm backend). Returns the raw values; wrap them with `tf.tensor2d(values, [B, n])`.
 */
export function oneHotValues(actions: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(actions.length * n);
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    if (!Number.isInteger(a) || a < 0 || a >= n) throw new InvalidArgumentError(`actions[${i}]`, `an integer in [0, ${n - 1}]`, a);
    out[i * n + a] = 1;
  }
  return out;
}

/**
 * log_softmax of one row of logits, in float64, written into `out` (allocated when absent).
 * `offset` is where the row starts in `logits`.
 */
export function logSoftmaxRow(logits: ArrayLike<number>, n: number, offset = 0, out: Float64Array = new Float64Array(n)): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, logits[offset + k]!);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(logits[offset + k]! - max);
  const lse = max + Math.log(sum);
  for (let k = 0; k < n; k++) out[k] = logits[offset + k]! - lse;
  return out;
}

/** Entropy of one categorical distribution given its log-probabilities. */
export function categoricalEntropyRow(logProbs: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < logProbs.length; k++) {
    const lp = logProbs[k]!;
    if (lp > -Infinity) h -= Math.exp(lp) * lp;
  }
  return h;
}

/**
 * Draws an action index from log-probabilities with `rng` (inverse CDF on one uniform draw).
 */
export function sampleCategorical(logProbs: ArrayLike<number>, rng: Rng): number {
  const n = logProbs.length;
  let u = rng.random();
  for (let k = 0; k < n; k++) {
    u -= Math.exp(logProbs[k]!);
    if (u < 0) return k;
  }
  // Rounding left u ≥ 0: the last action with positive probability.
  for (let k = n - 1; k >= 0; k--) if (logProbs[k]! > -Infinity) return k;
  return n - 1;
}

/** The most probable action (ties to the lowest index). */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}
