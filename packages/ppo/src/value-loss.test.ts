import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@bellman/mdp-core/tf';
import { valueLoss, valueLossTensor } from './value-loss.js';

beforeAll(async () => {
  await initBackend();
});

describe('valueLoss', () => {
  it('without clipping is ½ (V − R)²', () => {
    expect(valueLoss(3, 0, 1)).toBeCloseTo(2, 12);
    expect(valueLoss(3, 0, 1, { clipCoef: null })).toBeCloseTo(2, 12);
  });

  it('with clipping takes the larger of the unclipped and clipped errors', () => {
    // V moved from 0 to 2 (clipped to 0.2), target 1: max(1², 0.8²) / 2
    expect(valueLoss(2, 0, 1, { clipCoef: 0.2 })).toBeCloseTo(0.5, 12);
    // V moved from 0 to 0.5 towards target 3: clipped error (0.2 − 3)² is larger
    expect(valueLoss(0.5, 0, 3, { clipCoef: 0.2 })).toBeCloseTo(0.5 * 2.8 ** 2, 12);
    // within the clip range both are equal
    expect(valueLoss(0.1, 0, 1, { clipCoef: 0.2 })).toBeCloseTo(0.5 * 0.81, 12);
  });

  it('tensor version equals the mean of the number version, with and without clipping', () => {
    const v = [2, 0.5, 0.1, -1];
    const old = [0, 0, 0, 0.5];
    const ret = [1, 3, 1, 2];
    for (const clipCoef of [null, 0.2]) {
      const expected = v.reduce((s, x, i) => s + valueLoss(x, old[i]!, ret[i]!, { clipCoef }), 0) / v.length;
      const got = tf.tidy(() => valueLossTensor(tf.tensor1d(v), tf.tensor1d(old), tf.tensor1d(ret), { clipCoef }).dataSync()[0]!);
      expect(got).toBeCloseTo(expected, 5);
    }
  });

  it('rejects a negative clipCoef', () => {
    expect(() => valueLoss(1, 0, 1, { clipCoef: -1 })).toThrow(/clipCoef/);
  });
});
