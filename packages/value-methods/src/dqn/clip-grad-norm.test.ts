import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@bellman/mdp-core/tf';
import { CLIP_NORM_EPSILON, clipByGlobalNorm } from './clip-grad-norm.js';

beforeAll(async () => {
  await initBackend();
});

describe('clipByGlobalNorm (torch clip_grad_norm_)', () => {
  it('scales by maxNorm / (‖g‖ + 1e-6) when the global norm exceeds maxNorm', () => {
    // ‖(3, 4, 12)‖ = 13 across two tensors.
    const grads = [tf.tensor1d([3, 4]), tf.tensor2d([[12]])];
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 6.5);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
    const coef = 6.5 / (13 + CLIP_NORM_EPSILON);
    const [g0, g1] = clipped[0]!.dataSync();
    expect(g0).toBeCloseTo(3 * coef, 5);
    expect(g1).toBeCloseTo(4 * coef, 5);
    expect(clipped[1]!.shape).toEqual([1, 1]);
    expect(clipped[1]!.dataSync()[0]).toBeCloseTo(12 * coef, 5);
    const clippedNorm = Math.hypot(...clipped.flatMap((g) => Array.from(g.dataSync())));
    expect(clippedNorm).toBeCloseTo(6.5, 4);
  });

  it('leaves gradients unchanged when the norm is below maxNorm', () => {
    const grads = [tf.tensor1d([0.3, -0.4])];
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 10);
    expect(norm.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(Array.from(clipped[0]!.dataSync())).toEqual(Array.from(grads[0]!.dataSync()));
  });

  it('creates only the tensors it returns', () => {
    const grads = [tf.ones([4, 4]), tf.ones([4])];
    const before = tf.memory().numTensors;
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 1);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([...clipped, norm]);
    expect(() => clipByGlobalNorm(grads, 0)).toThrow(/maxNorm must be/);
  });
});
