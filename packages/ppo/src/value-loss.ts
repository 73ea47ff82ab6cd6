/**
 * PPO's value loss, as CleanRL writes it:
 *
 *   unclipped:  ½ · (V − R)²
 *   clipped:    ½ · max( (V − R)², (V_old + clip(V − V_old, −ε, ε) − R)² )
 *
 * where R is the return target (advantage + old value), V the critic's new prediction and V_old
 * its prediction at collection time. Clipping keeps the critic from moving further than ε from
 * V_old in one update, the same way the policy's ratio is clipped.
 */
import * as tf from '@tensorflow/tfjs';
import { assertNumber } from '@bellman/mdp-core';

/** Options of {@link valueLoss} and {@link valueLossTensor}. */
export interface ValueLossOptions {
  /** ε of the value clipping; `null` or absent for the plain squared error. */
  clipCoef?: number | null | undefined;
}

/**
 * The value loss for one sample on plain numbers (see the module comment).
 *
 * @example
 * ```ts
 * valueLoss(2, 0, 1, { clipCoef: 0.2 }); // ½ · max((2 − 1)², (0.2 − 1)²) = 0.5
 * ```
 */
export function valueLoss(newValue: number, oldValue: number, target: number, options: ValueLossOptions = {}): number {
  assertNumber('newValue', newValue);
  assertNumber('oldValue', oldValue);
  assertNumber('target', target);
  const unclipped = (newValue - target) ** 2;
  const c = options.clipCoef;
  if (c === null || c === undefined) return 0.5 * unclipped;
  assertNumber('clipCoef', c, 0);
  const delta = Math.min(Math.max(newValue - oldValue, -c), c);
  const clipped = (oldValue + delta - target) ** 2;
  return 0.5 * Math.max(unclipped, clipped);
}

/**
 * The mean value loss of a batch as a tensor (differentiable with respect to `newValues`).
 *
 * @param newValues V per sample, shape [B].
 * @param oldValues V_old per sample, shape [B] (read only when clipping).
 * @param targets return targets R, shape [B].
 */
export function valueLossTensor(
  newValues: tf.Tensor1D,
  oldValues: tf.Tensor1D,
  targets: tf.Tensor1D,
  options: ValueLossOptions = {},
): tf.Scalar {
  const c = options.clipCoef;
  if (c !== null && c !== undefined) assertNumber('clipCoef', c, 0);
  return tf.tidy(() => {
    const unclipped = tf.square(tf.sub(newValues, targets));
    if (c === null || c === undefined) return tf.mul<tf.Scalar>(0.5, tf.mean(unclipped));
    const delta = tf.minimum(tf.maximum(tf.sub(newValues, oldValues), -c), c);
    const clipped = tf.square(tf.sub(tf.add(oldValues, delta), targets));
    return tf.mul<tf.Scalar>(0.5, tf.mean(tf.maximum(unclipped, clipped)));
  });
}
