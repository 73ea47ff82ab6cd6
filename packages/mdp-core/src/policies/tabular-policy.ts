import { InvalidArgumentError, assertInteger, assertNumber, assertOneOf } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Policy } from './policy.js';

/** How {@link StochasticTabularPolicy.greedy} treats actions whose values tie for the maximum. */
export interface GreedyOptions {
  /** `'first'` (default): all mass on the lowest tied index; `'uniform'`: split equally among ties. */
  ties?: 'first' | 'uniform' | undefined;
  /** Values within `tolerance` of the row maximum count as tied. Default 0 (exact ties only). */
  tolerance?: number | undefined;
}

function checkState(s: unknown, nS: number): number {
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= nS) {
    throw new InvalidArgumentError('state', `an integer in [0, ${nS - 1}]`, s);
  }
  return s;
}

function checkQ(q: ArrayLike<number>, nS: number, nA: number): void {
  if (q === null || typeof q !== 'object' || q.length !== nS * nA) {
    throw new InvalidArgumentError('q', `an array of length nS × nA = ${nS} × ${nA} = ${nS * nA} (row-major Q(s, a))`, q);
  }
}

/** Maximum of row s of q, rejecting NaN. */
function rowMax(q: ArrayLike<number>, s: number, nA: number): number {
  let max = -Infinity;
  for (let a = 0; a < nA; a++) {
    const v = q[s * nA + a]!;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidArgumentError(`q[${s * nA + a}]`, 'a number (not NaN)', v);
    if (v > max) max = v;
  }
  return max;
}

/**
 * A deterministic tabular policy a = π(s): one action index per state, stored as an `Int32Array`.
 * States are the integers 0 … nS − 1 and actions 0 … nA − 1.
 */
export class DeterministicTabularPolicy implements Policy<number, number> {
  readonly nS: number;
  readonly nA: number;
  /** π(s) for every state: the policy's own copy, which may be edited in place (e.g. by policy iteration). */
  readonly actions: Int32Array;

  /**
   * @param actions π(s) for s = 0 … nS − 1, each an integer in [0, nA). Copied.
   * @param nA number of actions.
   */
  constructor(actions: ArrayLike<number>, nA: number) {
    this.nA = assertInteger('nA', nA, 1);
    if (actions === null || typeof actions !== 'object' || actions.length < 1) {
      throw new InvalidArgumentError('actions', 'a non-empty array with one action per state', actions);
    }
    this.nS = actions.length;
    this.actions = new Int32Array(this.nS);
    for (let s = 0; s < this.nS; s++) this.actions[s] = assertInteger(`actions[${s}]`, actions[s], 0, this.nA - 1);
  }

  /**
   * The greedy policy π(s) = argmax_a Q(s, a), ties broken to the lowest index (values within
   * `tolerance` of the maximum count as tied).
   * @param q Q(s, a) row-major, length nS × nA.
   */
  static greedy(q: ArrayLike<number>, nS: number, nA: number, options: { tolerance?: number | undefined } = {}): DeterministicTabularPolicy {
    assertInteger('nS', nS, 1);
    assertInteger('nA', nA, 1);
    checkQ(q, nS, nA);
    const tolerance = assertNumber('tolerance', options.tolerance ?? 0, 0);
    const actions = new Int32Array(nS);
    for (let s = 0; s < nS; s++) {
      const max = rowMax(q, s, nA);
      let a = 0;
      while (q[s * nA + a]! < max - tolerance) a++;
      actions[s] = a;
    }
    return new DeterministicTabularPolicy(actions, nA);
  }

  /** The deterministic policy that takes the most probable action of `policy` in each state (lowest index on ties). */
  static fromStochastic(policy: StochasticTabularPolicy): DeterministicTabularPolicy {
    return DeterministicTabularPolicy.greedy(policy.table, policy.nS, policy.nA);
  }

  /** π(s). */
  action(s: number): number {
    return this.actions[checkState(s, this.nS)]!;
  }

  /** π(s); the generator is not used. */
  act(s: number, _rng?: Rng): number {
    return this.action(s);
  }

  /** One-hot π(·|s): 1 at π(s), 0 elsewhere. */
  probs(s: number): Float64Array {
    const p = new Float64Array(this.nA);
    p[this.action(s)] = 1;
    return p;
  }

  /** The same policy as a π(a|s) table. */
  toStochastic(): StochasticTabularPolicy {
    return StochasticTabularPolicy.fromDeterministic(this);
  }
}

/**
 * A stochastic tabular policy π(a|s), stored row-major as a `Float64Array` of nS × nA
 * probabilities; every row is non-negative and sums to 1.
 */
export class StochasticTabularPolicy implements Policy<number, number> {
  readonly nS: number;
  readonly nA: number;
  /** π(a|s) at index s · nA + a: the policy's own copy. Edits in place are not re-validated. */
  readonly table: Float64Array;

  /**
   * @param table π(a|s) row-major, length nS × nA; copied. Each row must be non-negative and sum
   *   to 1 within `tolerance` (default 1e-6).
   */
  constructor(table: ArrayLike<number>, nS: number, nA: number, options: { tolerance?: number | undefined } = {}) {
    this.nS = assertInteger('nS', nS, 1);
    this.nA = assertInteger('nA', nA, 1);
    const tolerance = assertNumber('tolerance', options.tolerance ?? 1e-6, 0);
    if (table === null || typeof table !== 'object' || table.length !== nS * nA) {
      throw new InvalidArgumentError('table', `an array of length nS × nA = ${nS} × ${nA} = ${nS * nA} (row-major π(a|s))`, table);
    }
    this.table = Float64Array.from(table);
    for (let s = 0; s < nS; s++) {
      let sum = 0;
      for (let a = 0; a < nA; a++) {
        const p = this.table[s * nA + a]!;
        if (!(p >= 0) || !Number.isFinite(p)) throw new InvalidArgumentError(`table[${s * nA + a}] (π(${a}|${s}))`, 'a finite probability >= 0', p);
        sum += p;
      }
      if (Math.abs(sum - 1) > tolerance) {
        throw new InvalidArgumentError(`table row ${s}`, `probabilities summing to 1 (±${tolerance})`, this.table.subarray(s * nA, (s + 1) * nA));
      }
    }
  }

  /** The uniform random policy π(a|s) = 1/nA. */
  static uniform(nS: number, nA: number): StochasticTabularPolicy {
    assertInteger('nS', nS, 1);
    assertInteger('nA', nA, 1);
    return new StochasticTabularPolicy(new Float64Array(nS * nA).fill(1 / nA), nS, nA);
  }

  /**
   * The greedy policy for Q(s, a): π(a|s) = 1 for a = argmax_a Q(s, a) with ties to the lowest index
   * (`ties: 'first'`, default), or π(a|s) = 1/|argmax| on every tied action (`ties: 'uniform'`).
   * @param q Q(s, a) row-major, length nS × nA.
   */
  static greedy(q: ArrayLike<number>, nS: number, nA: number, options: GreedyOptions = {}): StochasticTabularPolicy {
    assertInteger('nS', nS, 1);
    assertInteger('nA', nA, 1);
    checkQ(q, nS, nA);
    const ties = assertOneOf('ties', options.ties ?? 'first', ['first', 'uniform'] as const);
    const tolerance = assertNumber('tolerance', options.tolerance ?? 0, 0);
    const table = new Float64Array(nS * nA);
    for (let s = 0; s < nS; s++) {
      const threshold = rowMax(q, s, nA) - tolerance;
      if (ties === 'first') {
        let a = 0;
        while (q[s * nA + a]! < threshold) a++;
        table[s * nA + a] = 1;
      } else {
        let count = 0;
        for (let a = 0; a < nA; a++) if (q[s * nA + a]! >= threshold) count++;
        for (let a = 0; a < nA; a++) if (q[s * nA + a]! >= threshold) table[s * nA + a] = 1 / count;
      }
    }
    return new StochasticTabularPolicy(table, nS, nA);
  }

  /** π(a|s) = 1 if a = policy.action(s), else 0. */
  static fromDeterministic(policy: DeterministicTabularPolicy): StochasticTabularPolicy {
    const table = new Float64Array(policy.nS * policy.nA);
    for (let s = 0; s < policy.nS; s++) table[s * policy.nA + policy.actions[s]!] = 1;
    return new StochasticTabularPolicy(table, policy.nS, policy.nA);
  }

  /** π(a|s). */
  prob(s: number, a: number): number {
    checkState(s, this.nS);
    assertInteger('action', a, 0, this.nA - 1);
    return this.table[s * this.nA + a]!;
  }

  /** π(·|s) as a new array of length nA. */
  probs(s: number): Float64Array {
    checkState(s, this.nS);
    return this.table.slice(s * this.nA, (s + 1) * this.nA);
  }

  /** Draws a ~ π(·|s) (inverse CDF on the row). */
  act(s: number, rng: Rng): number {
    checkState(s, this.nS);
    return rng.categorical(this.table.subarray(s * this.nA, (s + 1) * this.nA));
  }

  /** The most probable action in each state, ties to the lowest index. */
  toDeterministic(): DeterministicTabularPolicy {
    return DeterministicTabularPolicy.fromStochastic(this);
  }
}
