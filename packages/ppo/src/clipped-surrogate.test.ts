import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@bellman/mdp-core/tf';
import { clippedSurrogate, clippedSurrogateLoss } from './clipped-surrogate.js';

beforeAll(async () => {
  await initBackend();
});

describe('clippedSurrogate (numbers)', () => {
  it('"sunny": π_old = 0.15, π_new = 0.25 gives r = 1.67, clipped to 1.2 at ε = 0.2', () => {
    const t = clippedSurrogate(0.25 / 0.15, 1, 0.2);
    expect(t.ratio).toBeCloseTo(1.67, 2);
    expect(t.clippedRatio).toBeCloseTo(1.2, 12);
    expect(t.objective).toBeCloseTo(1.2, 12);
  });

  it('RLHF example: r = 0.15 / 0.08 = 1.875, A = 1.8 → unclipped 3.375, clipped 2.16, objective 2.16', () => {
    const t = clippedSurrogate(0.15 / 0.08, 1.8, 0.2);
    expect(t.ratio).toBeCloseTo(1.875, 12);
    expect(t.unclipped).toBeCloseTo(3.375, 12);
    expect(t.clipped).toBeCloseTo(2.16, 12);
    expect(t.objective).toBeCloseTo(2.16, 12);
  });

  it('A < 0: r is not allowed below 1 − ε (the objective stops improving under 0.8)', () => {
    const low = clippedSurrogate(0.5, -1, 0.2);
    expect(low.clippedRatio).toBeCloseTo(0.8, 12);
    expect(low.objective).toBeCloseTo(-0.8, 12); // min(−0.5, −0.8): no gain from pushing r lower
    expect(clippedSurrogate(0.3, -1, 0.2).objective).toBeCloseTo(low.objective, 12);
    // A < 0 and r > 1 + ε: the unclipped (worse) term is taken, so the penalty is not capped.
    expect(clippedSurrogate(1.5, -1, 0.2).objective).toBeCloseTo(-1.5, 12);
  });

  it('inside [1 − ε, 1 + ε] the objective is r · A', () => {
    expect(clippedSurrogate(1.1, 2, 0.2).objective).toBeCloseTo(2.2, 12);
    expect(clippedSurrogate(0.9, -2, 0.2).objective).toBeCloseTo(-1.8, 12);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => clippedSurrogate(-1, 1, 0.2)).toThrow(/ratio/);
    expect(() => clippedSurrogate(1, Number.NaN, 0.2)).toThrow(/advantage/);
    expect(() => clippedSurrogate(1, 1, -0.1)).toThrow(/clipCoef/);
  });
});

describe('clippedSurrogateLoss (tensors)', () => {
  it('equals −mean of the number version', () => {
    const ratios = [0.25 / 0.15, 1.875, 0.5, 1.5, 1.1, 0.9];
    const advs = [1, 1.8, -1, -1, 2, -2];
    const expected = -ratios.reduce((s, r, i) => s + clippedSurrogate(r, advs[i]!, 0.2).objective, 0) / ratios.length;
    const loss = tf.tidy(() => clippedSurrogateLoss(tf.tensor1d(ratios), tf.tensor1d(advs), 0.2).dataSync()[0]!);
    expect(loss).toBeCloseTo(expected, 5);
  });

  it('has zero gradient where the clip is active and −A/B inside the trust region', () => {
    const g = tf.tidy(() => {
      const adv = tf.tensor1d([1, -1, 1, -1]);
      const grad = tf.grad((r: tf.Tensor) => clippedSurrogateLoss(r as tf.Tensor1D, adv, 0.2));
      return Array.from(grad(tf.tensor1d([1.5, 0.5, 1.0, 1.1])).dataSync());
    });
    expect(g[0]).toBeCloseTo(0, 6); // A > 0, r > 1.2: clipped
    expect(g[1]).toBeCloseTo(0, 6); // A < 0, r < 0.8: clipped
    expect(g[2]).toBeCloseTo(-1 / 4, 6);
    expect(g[3]).toBeCloseTo(1 / 4, 6);
  });
});
