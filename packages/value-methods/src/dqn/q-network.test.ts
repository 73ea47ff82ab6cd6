import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import { MlpMirror, QNetwork, polyakUpdate, type Activation } from './q-network.js';

beforeAll(async () => {
  await initBackend();
});

/** A float64 forward pass written from the definition, on plain weight arrays. */
function referenceForward(weights: Float64Array[], sizes: number[], activation: Activation, x: ArrayLike<number>): number[] {
  let a = Array.from(x);
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = weights[2 * l]!;
    const b = weights[2 * l + 1]!;
    const out = Array.from(b);
    for (let i = 0; i < sizes[l]!; i++) for (let j = 0; j < sizes[l + 1]!; j++) out[j]! += a[i]! * w[i * sizes[l + 1]! + j]!;
    const hidden = l + 2 < sizes.length;
    a = hidden ? out.map((z) => (activation === 'relu' ? Math.max(0, z) : Math.tanh(z))) : out;
  }
  return a;
}

describe('QNetwork', () => {
  const networks: QNetwork[] = [];
  afterAll(() => networks.forEach((n) => n.dispose()));

  it('initialises deterministically from the Rng: Glorot-uniform kernels, zero biases', () => {
    const a = new QNetwork({ inputSize: 3, numActions: 2, netArch: [5], rng: new Rng(11) });
    const b = new QNetwork({ inputSize: 3, numActions: 2, netArch: [5], rng: new Rng(11) });
    networks.push(a, b);
    expect(a.variables.map((v) => v.shape)).toEqual([[3, 5], [5], [5, 2], [2]]);
    const wa = a.readWeights();
    expect(wa).toEqual(b.readWeights());
    const limit = Math.sqrt(6 / (3 + 5));
    expect(Math.max(...Array.from(wa[0]!).map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(wa[1]!)).toEqual([0, 0, 0, 0, 0]);
    expect(Object.keys(a.namedVariables('q_net'))).toEqual(['q_net/0/kernel', 'q_net/0/bias', 'q_net/1/kernel', 'q_net/1/bias']);
  });

  for (const activation of ['relu', 'tanh'] as const) {
    it(`forward pass (${activation}) matches the definition and the TypeScript mirror`, () => {
      const rng = new Rng(3);
      const q = new QNetwork({ inputSize: 4, numActions: 3, netArch: [8, 6], activation, rng });
      networks.push(q);
      // Non-zero biases, so they are exercised too.
      tf.tidy(() => q.biases.forEach((b) => b.assign(tf.randomUniform(b.shape, -0.5, 0.5, 'float32', 7))));
      const sizes = q.layerSizes();
      const weights = q.readWeights();
      const mirror = new MlpMirror(sizes, activation);
      mirror.setWeights(weights);
      const xs = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.uniform(-2, 2)));
      const out = tf.tidy(() => q.apply(tf.tensor2d(xs)).arraySync());
      xs.forEach((x, n) => {
        const expected = referenceForward(weights.map((w) => Float64Array.from(w)), sizes, activation, x);
        expected.forEach((v, a) => {
          expect(out[n]![a]).toBeCloseTo(v, 5);
          expect(mirror.forward(x)[a]).toBeCloseTo(v, 10);
        });
        const greedy = expected.indexOf(Math.max(...expected));
        expect(mirror.greedyAction(x)).toBe(greedy);
      });
    });

    it(`backward pass (${activation}) matches central differences of the float64 forward pass`, () => {
      const rng = new Rng(5);
      const q = new QNetwork({ inputSize: 3, numActions: 2, netArch: [4, 3], activation, rng });
      networks.push(q);
      tf.tidy(() => q.biases.forEach((b) => b.assign(tf.randomUniform(b.shape, -0.3, 0.3, 'float32', 1))));
      const sizes = q.layerSizes();
      const xs = Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => rng.uniform(-1.5, 1.5)));
      // L = Σ_n Σ_a c[n][a]·Q(x_n)[a], so dL/dQ = c.
      const c = xs.map(() => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
      const grads = tf.tidy(() => {
        const trace = q.forwardTrace(tf.tensor2d(xs));
        return q.backward(trace, tf.tensor2d(c)).map((g) => Array.from(g.dataSync()));
      });
      const weights = q.readWeights().map((w) => Float64Array.from(w));
      const loss = () => xs.reduce((s, x, n) => s + referenceForward(weights, sizes, activation, x).reduce((t, v, a) => t + v * c[n]![a]!, 0), 0);
      const h = 1e-6;
      let checked = 0;
      weights.forEach((w, p) => {
        for (let k = 0; k < w.length; k++) {
          const saved = w[k]!;
          w[k] = saved + h;
          const up = loss();
          w[k] = saved - h;
          const down = loss();
          w[k] = saved;
          expect(grads[p]![k]).toBeCloseTo((up - down) / (2 * h), 4);
          checked++;
        }
      });
      expect(checked).toBe(3 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
    });
  }

  it('backward creates only the gradients it returns', () => {
    const q = new QNetwork({ inputSize: 4, numActions: 2, netArch: [16, 16], rng: new Rng(1) });
    networks.push(q);
    const x = tf.ones<tf.Rank.R2>([8, 4]);
    const dq = tf.ones<tf.Rank.R2>([8, 2]);
    const before = tf.memory().numTensors;
    const grads = tf.tidy(() => q.backward(q.forwardTrace(x), dq));
    expect(tf.memory().numTensors).toBe(before + grads.length);
    tf.dispose(grads);
  });

  it('validates its options', () => {
    expect(() => new QNetwork({ inputSize: 0, numActions: 2, netArch: [], rng: new Rng(0) })).toThrow(/inputSize/);
    expect(() => new QNetwork({ inputSize: 2, numActions: 2, netArch: [4, 0], rng: new Rng(0) })).toThrow(/netArch\[1\]/);
    expect(() => new QNetwork({ inputSize: 2, numActions: 2, netArch: [4], activation: 'gelu' as 'relu', rng: new Rng(0) })).toThrow(
      /activation/,
    );
  });
});

describe('polyakUpdate', () => {
  it('computes θ′ ← τ·θ + (1 − τ)·θ′', () => {
    const source = [tf.variable(tf.tensor1d([1, 2, 3])), tf.variable(tf.tensor2d([[10]]))];
    const target = [tf.variable(tf.tensor1d([0, 0, 6])), tf.variable(tf.tensor2d([[-10]]))];
    polyakUpdate(target, source, 0.25);
    expect(Array.from(target[0]!.dataSync())).toEqual([0.25, 0.5, 5.25]);
    expect(Array.from(target[1]!.dataSync())).toEqual([-5]);
    polyakUpdate(target, source, 0.5);
    expect(Array.from(target[0]!.dataSync())).toEqual([0.625, 1.25, 4.125]);
    // The source is never changed.
    expect(Array.from(source[0]!.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([...source, ...target]);
  });

  it('converges geometrically to the source: after n updates the gap is (1 − τ)^n of the first', () => {
    const source = [tf.variable(tf.tensor1d([1]))];
    const target = [tf.variable(tf.tensor1d([0]))];
    for (let n = 0; n < 10; n++) polyakUpdate(target, source, 0.1);
    expect(1 - target[0]!.dataSync()[0]!).toBeCloseTo(0.9 ** 10, 6);
    tf.dispose([...source, ...target]);
  });

  it('τ = 1 copies exactly, and later changes to the source do not leak into the target', () => {
    const source = [tf.variable(tf.tensor1d([0.1, 0.2]))];
    const target = [tf.variable(tf.tensor1d([5, 5]))];
    const before = tf.memory().numTensors;
    polyakUpdate(target, source, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(target[0]!.dataSync())).toEqual(Array.from(source[0]!.dataSync()));
    source[0]!.assign(tf.tensor1d([7, 8]));
    expect(Array.from(target[0]!.dataSync())).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    tf.dispose([...source, ...target]);
  });

  it('checks τ and shapes', () => {
    const a = [tf.variable(tf.zeros([2]))];
    const b = [tf.variable(tf.zeros([3]))];
    expect(() => polyakUpdate(a, a, 1.5)).toThrow(/tau must be/);
    expect(() => polyakUpdate(a, b, 0.5)).toThrow(/target\[0\]/);
    expect(() => polyakUpdate(a, [...a, ...a], 0.5)).toThrow(/target must be/);
    tf.dispose([...a, ...b]);
  });
});
