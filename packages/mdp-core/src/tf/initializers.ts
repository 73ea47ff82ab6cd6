/**
 * Seeded weight initialisers. The numbers come from our `Rng` (never from tfjs's own random
 * ops, whose stream we cannot seed alongside the rest of a run), are computed in float64 in
 * plain TypeScript and rounded once to float32. Each initialiser has a pure form returning a
 * `Float32Array` (`…Values`) and a thin wrapper returning a tfjs tensor the caller owns.
 *
 * Shapes follow tfjs's layout for dense kernels, `[inputs, outputs]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, assertNumber } from '../errors.js';
import type { Rng } from '../rng.js';

/** Number of elements of `shape` after checking it is a list of non-negative integers. */
function checkedSize(field: string, shape: readonly number[]): number {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    throw new InvalidArgumentError(field, 'an array of non-negative integers', shape);
  }
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

function checkedMatrixShape(shape: readonly [number, number]): [number, number] {
  if (!Array.isArray(shape) || shape.length !== 2 || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1)) {
    throw new InvalidArgumentError('shape', 'a pair [rows, cols] of positive integers', shape);
  }
  return [shape[0], shape[1]];
}

/**
 * Fan-in and fan-out of a weight of this shape, as Keras / tfjs-layers compute them:
 * `[in, out]` for 2-D; for convolution kernels `[...kernel, in, out]` both are multiplied by
 * the receptive field size; for other ranks both are `sqrt(size)`.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const size = checkedSize('shape', shape);
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  if (shape.length >= 3) {
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
  }
  const s = Math.sqrt(size);
  return { fanIn: s, fanOut: s };
}

/**
 * Householder QR of the `m × n` row-major matrix `a` (`m ≥ n`, overwritten). Returns the thin
 * `Q` (`m × n`, orthonormal columns) with its columns' signs chosen so that `R` has a
 * non-negative diagonal — the unique QR with that property, which is what
 * `torch.nn.init.orthogonal_` obtains by multiplying LAPACK's `Q` by `sign(diag(R))`.
 */
function orthonormalColumns(a: Float64Array, m: number, n: number): Float64Array {
  const reflectors: Float64Array[] = [];
  const reflectorNorms2 = new Float64Array(n);
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += a[i * n + k]! * a[i * n + k]!;
    const norm = Math.sqrt(norm2);
    const x0 = a[k * n + k]!;
    // Reflect x onto −sign(x0)·‖x‖·e1: no cancellation in v0 = x0 − alpha.
    const alpha = x0 >= 0 ? -norm : norm;
    rDiag[k] = alpha;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = a[i * n + k]!;
    v[0] = v[0]! - alpha;
    let v2 = 0;
    for (let i = 0; i < v.length; i++) v2 += v[i]! * v[i]!;
    reflectors.push(v);
    reflectorNorms2[k] = v2;
    if (v2 === 0) continue; // the column is already zero below the diagonal: H = I
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * a[i * n + j]!;
      const f = (2 * dot) / v2;
      for (let i = k; i < m; i++) a[i * n + j] = a[i * n + j]! - f * v[i - k]!;
    }
  }
  // Q = H0 · H1 · … · H(n−1) applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = reflectors[k]!;
    const v2 = reflectorNorms2[k]!;
    if (v2 === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * q[i * n + j]!;
      if (dot === 0) continue;
      const f = (2 * dot) / v2;
      for (let i = k; i < m; i++) q[i * n + j] = q[i * n + j]! - f * v[i - k]!;
    }
  }
  for (let j = 0; j < n; j++) {
    if (rDiag[j]! < 0) for (let i = 0; i < m; i++) q[i * n + j] = -q[i * n + j]!;
  }
  return q;
}

/**
 * Values of a `[rows, cols]` (semi-)orthogonal matrix scaled by `gain`, row-major: with
 * `rows ≥ cols` its columns are orthonormal (WᵀW = gain²·I), otherwise its rows are (WWᵀ = gain²·I).
 *
 * Same recipe as `torch.nn.init.orthogonal_` (used by CleanRL and Stable-Baselines3): fill a
 * `rows × cols` matrix with standard normals (row-major, `rows·cols` draws of `rng.normal()`),
 * transpose it if it is wide, take the QR decomposition, fix the signs so `diag(R) ≥ 0`, and
 * transpose back. Deterministic for a given generator state.
 */
export function orthogonalValues(shape: readonly [number, number], gain: number, rng: Rng): Float32Array {
  const [rows, cols] = checkedMatrixShape(shape);
  assertNumber('gain', gain);
  const g = new Float64Array(rows * cols);
  for (let i = 0; i < g.length; i++) g[i] = rng.normal();
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    const q = orthonormalColumns(g, rows, cols);
    for (let i = 0; i < out.length; i++) out[i] = gain * q[i]!;
  } else {
    const t = new Float64Array(rows * cols); // cols × rows
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = g[i * cols + j]!;
    const q = orthonormalColumns(t, cols, rows); // cols × rows
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[j * rows + i]!;
  }
  return out;
}

/**
 * Values drawn from Glorot / Xavier uniform, U(−limit, limit) with
 * `limit = sqrt(6 / (fanIn + fanOut))` (see `computeFans`), row-major.
 */
export function glorotUniformValues(shape: readonly number[], rng: Rng): Float32Array {
  const size = checkedSize('shape', shape);
  const { fanIn, fanOut } = computeFans(shape);
  const out = new Float32Array(size);
  if (size === 0) return out;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-limit, limit);
  return out;
}

/**
 * Values drawn from He / Kaiming normal, N(0, 2 / fanIn), untruncated (as
 * `torch.nn.init.kaiming_normal_` for ReLU with `mode='fan_in'`; Keras's `he_normal`
 * truncates at two standard deviations instead), row-major.
 */
export function heNormalValues(shape: readonly number[], rng: Rng): Float32Array {
  const size = checkedSize('shape', shape);
  const { fanIn } = computeFans(shape);
  const out = new Float32Array(size);
  if (size === 0) return out;
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < size; i++) out[i] = rng.normal(0, std);
  return out;
}

/** Zeros of this shape (for biases). */
export function zerosValues(shape: readonly number[]): Float32Array {
  return new Float32Array(checkedSize('shape', shape));
}

/** A `[rows, cols]` float32 tensor from `orthogonalValues` (the caller disposes it). */
export function orthogonal(shape: readonly [number, number], gain: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(orthogonalValues(shape, gain, rng), [shape[0], shape[1]], 'float32');
}

/** A float32 tensor from `glorotUniformValues` (the caller disposes it). */
export function glorotUniform(shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tensor(glorotUniformValues(shape, rng), [...shape], 'float32');
}

/** A float32 tensor from `heNormalValues` (the caller disposes it). */
export function heNormal(shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tensor(heNormalValues(shape, rng), [...shape], 'float32');
}

/** A float32 tensor of zeros (the caller disposes it). */
export function zeros(shape: readonly number[]): tf.Tensor {
  return tf.tensor(zerosValues(shape), [...shape], 'float32');
}

/** Options of `variableFromValues`. */
export interface VariableOptions {
  /** Variable name (unique in the tfjs engine); tfjs generates one when absent. */
  name?: string;
  /** Whether optimisers update it by default (default `true`). */
  trainable?: boolean;
}

/**
 * A float32 `tf.Variable` holding `values` with this shape, without leaving the intermediate
 * tensor behind (so `tf.memory().numTensors` grows by exactly one).
 *
 * @example
 * ```ts
 * const kernel = variableFromValues(orthogonalValues([64, 64], Math.SQRT2, rng), [64, 64], { name: 'pi/fc1/kernel' });
 * ```
 */
export function variableFromValues(values: Float32Array, shape: readonly number[], options: VariableOptions = {}): tf.Variable {
  const size = checkedSize('shape', shape);
  if (!(values instanceof Float32Array) || values.length !== size) {
    throw new InvalidArgumentError('values', `a Float32Array of length ${size} (shape [${shape.join(', ')}])`, values);
  }
  return tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), options.trainable ?? true, options.name));
}
