import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import {
  categoricalEntropy,
  categoricalEntropyRow,
  categoricalLogProb,
  logSoftmaxRow,
  oneHotValues,
  sampleCategorical,
} from './categorical.js';
import { gaussianEntropy, gaussianEntropyRow, gaussianLogProb, gaussianLogProbRow, sampleGaussian } from './diagonal-gaussian.js';

beforeAll(async () => {
  await initBackend();
});

describe('categorical', () => {
  const logits = [
    [0.1, -0.3, 2.0],
    [1, 1, 1],
  ];

  it('log-probabilities and entropy match the number versions', () => {
    const actions = [2, 0];
    const [lp, h] = tf.tidy(() => {
      const l = tf.tensor2d(logits);
      const oh = tf.tensor2d(oneHotValues(actions, 3), [2, 3]);
      return [Array.from(categoricalLogProb(l, oh).dataSync()), Array.from(categoricalEntropy(l).dataSync())];
    });
    logits.forEach((row, i) => {
      const ref = logSoftmaxRow(row, 3);
      expect(lp[i]).toBeCloseTo(ref[actions[i]!]!, 5);
      expect(h[i]).toBeCloseTo(categoricalEntropyRow(ref), 5);
    });
    expect(h[1]).toBeCloseTo(Math.log(3), 5);
  });

  it('log π has a gradient with respect to the logits (one-hot, no gather)', () => {
    const g = tf.tidy(() => {
      const oh = tf.tensor2d(oneHotValues([0], 2), [1, 2]);
      const grad = tf.grad((l: tf.Tensor) => tf.sum(categoricalLogProb(l as tf.Tensor2D, oh)));
      return Array.from(grad(tf.tensor2d([[0, 0]])).dataSync());
    });
    expect(g[0]).toBeCloseTo(0.5, 5);
    expect(g[1]).toBeCloseTo(-0.5, 5);
  });

  it('samples with the seeded Rng at the right frequencies, reproducibly', () => {
    const logp = logSoftmaxRow([Math.log(0.15), Math.log(0.25), Math.log(0.6)], 3);
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      const counts = [0, 0, 0];
      for (let i = 0; i < 20000; i++) counts[sampleCategorical(logp, rng)]!++;
      return counts;
    };
    const counts = draw(3);
    expect(counts[0]! / 20000).toBeCloseTo(0.15, 1);
    expect(counts[1]! / 20000).toBeCloseTo(0.25, 1);
    expect(counts[2]! / 20000).toBeCloseTo(0.6, 1);
    expect(draw(3)).toEqual(counts);
  });

  it('oneHotValues rejects out-of-range actions', () => {
    expect(() => oneHotValues([3], 3)).toThrow(/actions\[0\]/);
  });
});

describe('diagonal Gaussian', () => {
  it('log-probability and entropy match the closed form', () => {
    const mean = [0.5, -1];
    const logStd = [0, Math.log(2)];
    const a = [1, 0];
    // N(1; 0.5, 1) and N(0; −1, 4)
    const expected =
      -0.5 * 0.25 - 0.5 * Math.log(2 * Math.PI) + (-0.5 * (1 / 2) ** 2 - Math.log(2) - 0.5 * Math.log(2 * Math.PI));
    expect(gaussianLogProbRow(mean, logStd, a)).toBeCloseTo(expected, 12);
    const [lp, h] = tf.tidy(() => [
      gaussianLogProb(tf.tensor2d([mean]), tf.tensor1d(logStd), tf.tensor2d([a])).dataSync()[0]!,
      gaussianEntropy(tf.tensor1d(logStd)).dataSync()[0]!,
    ]);
    expect(lp).toBeCloseTo(expected, 5);
    expect(h).toBeCloseTo(gaussianEntropyRow(logStd), 5);
    expect(gaussianEntropyRow([0])).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E), 12);
  });

  it('samples with the seeded Rng: mean μ, std σ, reproducible', () => {
    const rng = new Rng(5);
    const n = 20000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleGaussian([2], [Math.log(0.5)], rng)[0]!;
      s += x;
      ss += x * x;
    }
    const m = s / n;
    expect(m).toBeCloseTo(2, 1);
    expect(Math.sqrt(ss / n - m * m)).toBeCloseTo(0.5, 1);
    expect(sampleGaussian([0, 0], [0, 0], new Rng(9))).toEqual(sampleGaussian([0, 0], [0, 0], new Rng(9)));
  });
});
