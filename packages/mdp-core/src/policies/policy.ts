import { InvalidArgumentError, assertInteger } from '../errors.js';
import type { Rng } from '../rng.js';

/**
 * A policy π: S → Δ(A). `act` draws a ~ π(·|s) with the given generator (a deterministic policy
 * ignores it); `probs`, when the action set is finite, gives the whole distribution π(·|s) as one
 * probability per action index.
 */
export interface Policy<O, A> {
  /** An action for observation `obs`, a ~ π(·|obs), using `rng` for any randomness. */
  act(obs: O, rng: Rng): A;
  /** π(a|obs) for every action index a (finite action sets only); sums to 1. */
  probs?(obs: O): Float64Array;
}

/** A policy written as a plain function: a = f(obs, rng). */
export type PolicyFn<O, A> = (obs: O, rng: Rng) => A;

/** Action values (or preferences) per observation: a function of the observation returning one number per action. */
export type ActionValueFn<O> = (obs: O) => ArrayLike<number>;

/**
 * @internal Where a row of per-action numbers comes from: a row-major table (nS × nA, read live,
 * indexed by an integer observation) or a function of the observation. Not re-exported.
 */
export class ActionRows<O> {
  readonly nA: number;
  readonly nS: number | undefined;
  private readonly table: Float64Array | undefined;
  private readonly fn: ActionValueFn<O> | undefined;
  /** Offset of the row returned by the last `row()` call (0 for the function form). */
  offset = 0;

  constructor(owner: string, source: Float64Array | ActionValueFn<O>, nA: number) {
    this.nA = assertInteger(`${owner}.nA`, nA, 1);
    if (typeof source === 'function') {
      this.fn = source;
      this.nS = undefined;
    } else if (source instanceof Float64Array) {
      if (source.length === 0 || source.length % this.nA !== 0) {
        throw new InvalidArgumentError(`${owner} table`, `a non-empty Float64Array of length nS × nA (a multiple of nA = ${this.nA})`, source);
      }
      this.table = source;
      this.nS = source.length / this.nA;
    } else {
      throw new InvalidArgumentError(`${owner} table`, 'a Float64Array (nS × nA, row-major) or a function obs => values', source);
    }
  }

  /**
   * Resolves the row for `obs`: returns the array to read and sets `this.offset` to where the row
   * starts in it (avoids allocating a subarray view per call).
   */
  row(obs: O): ArrayLike<number> {
    if (this.table !== undefined) {
      const s = obs as unknown;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= this.nS!) {
        throw new InvalidArgumentError('observation', `an integer state in [0, ${this.nS! - 1}] (the table has ${this.nS} rows)`, s);
      }
      this.offset = s * this.nA;
      return this.table;
    }
    const values = this.fn!(obs);
    if (values === null || typeof values !== 'object' || values.length !== this.nA) {
      throw new InvalidArgumentError('action values', `an array of length nA = ${this.nA} returned by the function`, values);
    }
    this.offset = 0;
    return values;
  }
}
