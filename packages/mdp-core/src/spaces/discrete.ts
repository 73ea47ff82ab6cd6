import { assertInteger } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceSpec } from './space.js';

/** The integers {start, …, start + n − 1} (Gymnasium's `Discrete(n, start)`). */
export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];
  readonly n: number;
  readonly start: number;

  constructor(n: number, start = 0) {
    this.n = assertInteger('Discrete.n', n, 1);
    this.start = assertInteger('Discrete.start', start);
  }

  sample(rng: Rng): number {
    return this.start + rng.integer(this.n);
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  toJSON(): SpaceSpec {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
