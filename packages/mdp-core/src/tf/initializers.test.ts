import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { Rng } from '../rng.js';
import { initBackend } from './init-backend.js';
import {
  computeFans,
  glorotUniform,
  glorotUniformValues,
  heNormalValues,
  orthogonal,
  orthogonalValues,
  variableFromValues,
  zeros,
  zerosValues,
} from './initializers.js';

/** Gram matrix in float64: AᵀA (columns) when `byColumns`, else AAᵀ (rows). */
function gram(w: Float32Array, rows: number, cols: number, byColumns: boolean): Float64Array {
  const n = byColumns ? cols : rows;
  const k = byColumns ? rows : cols;
  const at = (i: number, j: number) => (byColumns ? w[j * cols + i]! : w[i * cols + j]!); // i-th vector, j-th component
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += at(a, j) * at(b, j);
    g[a * n + b] = s;
  }
  return g;
}

function maxDeviationFromScaledIdentity(g: Float64Array, n: number, scale: number): number {
  let worst = 0;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) worst = Math.max(worst, Math.abs(g[a * n + b]! - (a === b ? scale : 0)));
  return worst;
}

/**
 * Independent reference: modified Gram–Schmidt on the columns of the same Gaussian matrix
 * (transposed when wide). MGS yields R with a positive diagonal, the convention
 * torch.nn.init.orthogonal_ reaches by sign correction.
 */
function referenceOrthogonal(rows: number, cols: number, gain: number, rng: Rng): Float64Array {
  const g = Array.from({ length: rows * cols }, () => rng.normal());
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  const col = (j: number) => Float64Array.from({ length: m }, (_, i) => (wide ? g[j * cols + i]! : g[i * cols + j]!));
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = col(j);
    for (const u of q) {
      let d = 0;
      for (let i = 0; i < m; i++) d += u[i]! * v[i]!;
      for (let i = 0; i < m; i++) v[i] = v[i]! - d * u[i]!;
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (wide ? q[i]![j]! : q[j]![i]!);
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe('orthogonalValues', () => {
  const cases: [number, number, number][] = [
    [64, 64, Math.SQRT2],
    [4, 64, Math.SQRT2], // CartPole's first layer in tfjs layout [in, out]: rows < cols
    [64, 2, 0.01], // actor head
    [64, 1, 1], // critic head
    [256, 64, 1],
    [3, 5, 2],
    [1, 1, 1],
  ];

  it.each(cases)('[%i, %i] with gain %d is gain × (semi-)orthogonal within 1e-5', (rows, cols, gain) => {
    const w = orthogonalValues([rows, cols], gain, new Rng(7));
    expect(w).toBeInstanceOf(Float32Array);
    expect(w.length).toBe(rows * cols);
    const byColumns = rows >= cols;
    const n = byColumns ? cols : rows;
    expect(maxDeviationFromScaledIdentity(gram(w, rows, cols, byColumns), n, gain * gain)).toBeLessThan(1e-5);
  });

  it.each(cases)('[%i, %i] matches a Gram–Schmidt reference with the sign convention diag(R) > 0', (rows, cols, gain) => {
    const w = orthogonalValues([rows, cols], gain, new Rng(11));
    const ref = referenceOrthogonal(rows, cols, gain, new Rng(11));
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]! - ref[i]!));
    expect(worst).toBeLessThan(1e-5 * Math.max(1, gain));
  });

  it('is deterministic per seed, differs across seeds, and draws rows × cols normals', () => {
    expect(orthogonalValues([16, 8], 1, new Rng(3))).toEqual(orthogonalValues([16, 8], 1, new Rng(3)));
    expect(orthogonalValues([16, 8], 1, new Rng(3))).not.toEqual(orthogonalValues([16, 8], 1, new Rng(4)));
    const a = new Rng(5);
    const b = new Rng(5);
    orthogonalValues([16, 8], 1, a);
    for (let i = 0; i < 16 * 8; i++) b.normal();
    expect(a.getState()).toEqual(b.getState());
  });

  it('gain 0 gives an all-zero matrix', () => {
    const w = orthogonalValues([4, 4], 0, new Rng(1));
    expect(Array.from(w).every((x) => x === 0)).toBe(true);
  });

  it('rejects bad shapes and gains', () => {
    const rng = new Rng(0);
    expect(() => orthogonalValues([0, 3], 1, rng)).toThrow(InvalidArgumentError);
    expect(() => orthogonalValues([2.5, 3] as [number, number], 1, rng)).toThrow(/shape must be a pair/);
    expect(() => orthogonalValues([2, 3, 4] as unknown as [number, number], 1, rng)).toThrow(InvalidArgumentError);
    expect(() => orthogonalValues([2, 3], Number.NaN, rng)).toThrow(/gain must be a finite number/);
  });
});

describe('glorotUniformValues and heNormalValues', () => {
  it('computes fans like tfjs-layers', () => {
    expect(computeFans([4, 64])).toEqual({ fanIn: 4, fanOut: 64 });
    expect(computeFans([3, 3, 8, 16])).toEqual({ fanIn: 72, fanOut: 144 });
    expect(computeFans([16])).toEqual({ fanIn: 4, fanOut: 4 });
  });

  it('glorot uniform stays within ±sqrt(6 / (fanIn + fanOut)), fills the range, and is deterministic', () => {
    const [fanIn, fanOut] = [100, 50];
    const limit = Math.fround(Math.sqrt(6 / (fanIn + fanOut)));
    const w = glorotUniformValues([fanIn, fanOut], new Rng(42));
    let min = Infinity;
    let max = -Infinity;
    let sum2 = 0;
    for (const x of w) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum2 += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(-limit);
    expect(max).toBeLessThanOrEqual(limit);
    expect(min).toBeLessThan(-0.95 * limit);
    expect(max).toBeGreaterThan(0.95 * limit);
    // Variance of U(−l, l) is l²/3 = 2 / (fanIn + fanOut).
    expect(sum2 / w.length).toBeCloseTo(2 / (fanIn + fanOut), 3);
    expect(glorotUniformValues([fanIn, fanOut], new Rng(42))).toEqual(w);
  });

  it('he normal has standard deviation sqrt(2 / fanIn)', () => {
    const w = heNormalValues([200, 100], new Rng(9));
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.sqrt(variance)).toBeCloseTo(Math.sqrt(2 / 200), 3);
  });

  it('zeros are zeros; empty shapes give empty arrays', () => {
    expect(zerosValues([2, 3])).toEqual(new Float32Array(6));
    expect(glorotUniformValues([0, 3], new Rng(1))).toHaveLength(0);
    expect(() => zerosValues([-1])).toThrow(InvalidArgumentError);
  });
});

describe('tensor wrappers', () => {
  it('return float32 tensors of the right shape with the same values as the pure functions', async () => {
    const t = orthogonal([8, 4], 1, new Rng(1));
    expect(t.shape).toEqual([8, 4]);
    expect(t.dtype).toBe('float32');
    expect(await t.data()).toEqual(orthogonalValues([8, 4], 1, new Rng(1)));
    const g = glorotUniform([3, 5], new Rng(2));
    expect(await g.data()).toEqual(glorotUniformValues([3, 5], new Rng(2)));
    const z = zeros([5]);
    expect(await z.data()).toEqual(new Float32Array(5));
    tf.dispose([t, g, z]);
  });

  it('variableFromValues adds exactly one tensor (the variable) and honours name and trainable', async () => {
    const before = tf.memory().numTensors;
    const v = variableFromValues(orthogonalValues([4, 2], 1, new Rng(1)), [4, 2], { name: 'test/kernel', trainable: false });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(v.name).toBe('test/kernel');
    expect(v.trainable).toBe(false);
    expect(await v.data()).toEqual(orthogonalValues([4, 2], 1, new Rng(1)));
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => variableFromValues(new Float32Array(3), [2, 2])).toThrow(/values must be a Float32Array of length 4/);
  });
});
