import type { Rng } from '../rng.js';

/** JSON description of a space: enough to rebuild it (workers, checkpoints, reports). */
export type SpaceSpec =
  | { type: 'Discrete'; n: number; start: number }
  | { type: 'Box'; low: number[]; high: number[]; shape: number[]; dtype: 'float32' | 'float64' }
  | { type: 'MultiDiscrete'; nvec: number[] }
  | { type: 'Dict'; spaces: Record<string, SpaceSpec> };

/** A set of valid observations or actions (Gymnasium's `Space`). */
export interface Space<T> {
  /** Shape of one element (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** A uniformly (or, for unbounded boxes, normally) distributed element. */
  sample(rng: Rng): T;
  /** Whether `x` is an element of this space. */
  contains(x: unknown): x is T;
  /** Serialisable description. */
  toJSON(): SpaceSpec;
  /** Human-readable description, e.g. `Discrete(2)` or `Box(-1, 1, [3], float32)`. */
  toString(): string;
}

/** The element type of a space. */
export type SpaceValue<S> = S extends Space<infer T> ? T : never;
