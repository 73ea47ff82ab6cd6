import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@bellman/mdp-core/tf';
import { InvalidArgumentError } from '@bellman/mdp-core';
import { huber, huberDerivative, huberLoss, huberLossGradient } from './huber-loss.js';

beforeAll(async () => {
  await initBackend();
});

describe('huber (numbers)', () => {
  it('is ½x² inside [−δ, δ] and δ(|x| − δ/2) outside', () => {
    expect(huber(0)).toBe(0);
    expect(huber(0.5)).toBe(0.125);
    expect(huber(-0.5)).toBe(0.125);
    expect(huber(1)).toBe(0.5); // both branches agree at |x| = δ
    expect(huber(3)).toBe(2.5);
    expect(huber(-3)).toBe(2.5);
    expect(huber(3, 2)).toBe(4); // 2·(3 − 1)
    expect(huber(1.5, 2)).toBe(1.125); // ½·1.5²
    expect(huber(-10, 0.5)).toBe(4.875); // 0.5·(10 − 0.25)
  });

  it('equals PyTorch smooth_l1_loss (β = 1) for δ = 1', () => {
    const smoothL1 = (x: number) => (Math.abs(x) < 1 ? 0.5 * x * x : Math.abs(x) - 0.5);
    for (const x of [-7.25, -1.0001, -1, -0.3, 0, 0.999, 1, 2.5, 100]) expect(huber(x)).toBeCloseTo(smoothL1(x), 12);
  });

  it('has derivative clip(x, −δ, δ), matching central differences', () => {
    expect(huberDerivative(0.3)).toBe(0.3);
    expect(huberDerivative(-4)).toBe(-1);
    expect(huberDerivative(4, 2.5)).toBe(2.5);
    const h = 1e-6;
    for (const delta of [0.5, 1, 3]) {
      for (const x of [-5, -0.7, -0.1, 0.2, 0.45, 2, 9]) {
        const numeric = (huber(x + h, delta) - huber(x - h, delta)) / (2 * h);
        expect(huberDerivative(x, delta)).toBeCloseTo(numeric, 6);
      }
    }
  });

  it('rejects a non-positive δ', () => {
    expect(() => huber(1, 0)).toThrow(InvalidArgumentError);
    expect(() => huber(1, -1)).toThrow(/delta must be/);
  });
});

describe('huberLoss / huberLossGradient (tensors)', () => {
  const preds = [0.5, -2, 3, 0.25, -0.75, 10];
  const targets = [0, 0, 1, 1, 0.25, -1];

  it('is the mean of huber over elements', () => {
    for (const delta of [1, 0.5, 2]) {
      const expected = preds.reduce((s, p, i) => s + huber(p - targets[i]!, delta), 0) / preds.length;
      const loss = huberLoss(tf.tensor1d(preds), tf.tensor1d(targets), delta);
      expect(loss.shape).toEqual([]);
      expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
    }
    // Hand value for δ = 1: residuals 0.5, −2, 2, −0.75, −1, 11 → 0.125 + 1.5 + 1.5 + 0.28125 + 0.5 + 10.5 = 14.40625
    expect(huberLoss(tf.tensor1d(preds), tf.tensor1d(targets)).dataSync()[0]).toBeCloseTo(14.40625 / 6, 6);
  });

  it('has gradient clip(pred − target, −δ, δ)/N with the predictions shape', () => {
    const g = huberLossGradient(tf.tensor2d(preds, [2, 3]), tf.tensor2d(targets, [2, 3]), 1);
    expect(g.shape).toEqual([2, 3]);
    const expected = [0.5, -1, 1, -0.75, -1, 1].map((v) => v / 6);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('rejects mismatched shapes and leaves no tensors behind', () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    expect(() => huberLoss(a, b)).toThrow(InvalidArgumentError);
    expect(() => huberLossGradient(a, b)).toThrow(/targets must be/);
    huberLoss(a, a).dispose();
    huberLossGradient(a, a).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
