import { InvalidArgumentError, assertInteger } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceSpec } from './space.js';

/** A vector of independent discrete choices: component i lies in {0, …, nvec[i] − 1}. */
export class MultiDiscrete implements Space<Int32Array> {
  readonly shape: readonly number[];
  readonly nvec: Int32Array;

  constructor(nvec: ArrayLike<number>) {
    if (nvec.length === 0) throw new InvalidArgumentError('MultiDiscrete.nvec', 'a non-empty array of positive integers', nvec);
    this.nvec = new Int32Array(nvec.length);
    for (let i = 0; i < nvec.length; i++) this.nvec[i] = assertInteger(`MultiDiscrete.nvec[${i}]`, nvec[i], 1, 2 ** 31 - 1);
    this.shape = Object.freeze([nvec.length]);
  }

  sample(rng: Rng): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = rng.integer(this.nvec[i]!);
    return out;
  }

  contains(x: unknown): x is Int32Array {
    if (!(ArrayBuffer.isView(x) || Array.isArray(x))) return false;
    const arr = x as ArrayLike<unknown>;
    if (arr.length !== this.nvec.length) return false;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= this.nvec[i]!) return false;
    }
    return true;
  }

  toJSON(): SpaceSpec {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec) };
  }

  toString(): string {
    return `MultiDiscrete([${Array.from(this.nvec).join(', ')}])`;
  }
}
