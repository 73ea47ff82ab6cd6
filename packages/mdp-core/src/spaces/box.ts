import { InvalidArgumentError, assertInteger, assertOneOf } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceSpec } from './space.js';

export type FloatDType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;
/** The typed array that holds elements of a Box of dtype `D`. */
export type FloatArrayOf<D extends FloatDType> = D extends 'float32' ? Float32Array : D extends 'float64' ? Float64Array : FloatArray;

/**
 * A box in R^n: every component lies in [low_i, high_i] (bounds may be ±Infinity).
 * Elements are `Float32Array` or `Float64Array` (by `dtype`), flattened in row-major order.
 * Sampling follows Gymnasium: uniform on bounded components, exponential shifted from the
 * bound on half-bounded ones, standard normal on unbounded ones.
 */
export class Box<D extends FloatDType = 'float32'> implements Space<FloatArrayOf<D>> {
  readonly shape: readonly number[];
  readonly dtype: D;
  readonly size: number;
  readonly low: FloatArray;
  readonly high: FloatArray;

  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[], dtype: D = 'float32' as D) {
    this.dtype = assertOneOf('Box.dtype', dtype, ['float32', 'float64'] as const) as D;
    const inferred = shape ?? (typeof low !== 'number' ? [low.length] : typeof high !== 'number' ? [high.length] : undefined);
    if (!inferred) throw new InvalidArgumentError('Box.shape', 'given when low and high are both scalars', shape);
    inferred.forEach((d, i) => assertInteger(`Box.shape[${i}]`, d, 1));
    this.shape = Object.freeze([...inferred]);
    this.size = inferred.reduce((a, b) => a * b, 1);
    const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
    this.low = new Ctor(this.size);
    this.high = new Ctor(this.size);
    for (const [name, src, dst] of [
      ['low', low, this.low],
      ['high', high, this.high],
    ] as const) {
      if (typeof src === 'number') {
        if (Number.isNaN(src)) throw new InvalidArgumentError(`Box.${name}`, 'a number or array of numbers (not NaN)', src);
        dst.fill(src);
      } else {
        if (src.length !== this.size) {
          throw new InvalidArgumentError(`Box.${name}`, `a number or an array of length ${this.size} (shape [${this.shape.join(', ')}])`, src);
        }
        for (let i = 0; i < this.size; i++) {
          const v = src[i]!;
          if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidArgumentError(`Box.${name}[${i}]`, 'a number (not NaN)', v);
          dst[i] = v;
        }
      }
    }
    for (let i = 0; i < this.size; i++) {
      if (!(this.low[i]! <= this.high[i]!)) {
        throw new InvalidArgumentError(`Box.low[${i}]`, `<= high[${i}] (${this.high[i]})`, this.low[i]);
      }
    }
  }

  /** Whether every component has finite bounds on both sides. */
  get isBounded(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.low[i]!) || !Number.isFinite(this.high[i]!)) return false;
    return true;
  }

  sample(rng: Rng): FloatArrayOf<D> {
    const out = this.empty();
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      if (loFinite && hiFinite) out[i] = lo === hi ? lo : rng.uniform(lo, hi);
      else if (loFinite) out[i] = lo + rng.exponential();
      else if (hiFinite) out[i] = hi - rng.exponential();
      else out[i] = rng.normal();
      // float32 rounding may land exactly on an open upper end; keep the sample inside.
      if (out[i]! > hi) out[i] = hi;
      if (out[i]! < lo) out[i] = lo;
    }
    return out;
  }

  /** A zero-filled array of this box's dtype and size. */
  empty(): FloatArrayOf<D> {
    return (this.dtype === 'float32' ? new Float32Array(this.size) : new Float64Array(this.size)) as FloatArrayOf<D>;
  }

  contains(x: unknown): x is FloatArrayOf<D> {
    if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x))) return false;
    const arr = x as ArrayLike<unknown>;
    if (arr.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = arr[i];
      if (typeof v !== 'number' || Number.isNaN(v)) return false;
      const cast = this.dtype === 'float32' ? Math.fround(v) : v;
      if (cast < this.low[i]! || cast > this.high[i]!) return false;
    }
    return true;
  }

  /** Clips `x` into the box (into a new array of this box's dtype). */
  clip(x: ArrayLike<number>): FloatArrayOf<D> {
    const out = this.empty();
    for (let i = 0; i < this.size; i++) out[i] = Math.min(Math.max(x[i]!, this.low[i]!), this.high[i]!);
    return out;
  }

  toJSON(): SpaceSpec {
    return { type: 'Box', low: Array.from(this.low), high: Array.from(this.high), shape: [...this.shape], dtype: this.dtype };
  }

  toString(): string {
    const bound = (a: FloatArray) => (a.every((v) => v === a[0]) ? String(a[0]) : `[${Array.from(a).join(', ')}]`);
    return `Box(${bound(this.low)}, ${bound(this.high)}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}
