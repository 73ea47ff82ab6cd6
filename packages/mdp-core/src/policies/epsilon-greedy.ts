import { InvalidArgumentError, assertNumber, assertOneOf } from '../errors.js';
import type { Rng } from '../rng.js';
import { ActionRows, type ActionValueFn, type Policy } from './policy.js';

/** Options of {@link EpsilonGreedyPolicy}. */
export interface EpsilonGreedyOptions {
  /** Number of actions (the width of a Q-table row, or the length the q-function returns). */
  nA: number;
  /** Exploration rate ε ∈ [0, 1]; settable later through `policy.epsilon`. */
  epsilon: number;
  /**
   * Greedy ties: `'random'` (default) picks uniformly among the maximising actions (so a fresh,
   * all-equal Q-table explores evenly); `'first'` takes the lowest index.
   */
  ties?: 'random' | 'first' | undefined;
}

/**
 * ε-greedy over action values Q(s, ·):
 *
 *   π(a|s) = ε / nA + (1 − ε) · 1[a ∈ G(s)] / |G(s)|,   G(s) = argmax_a Q(s, a)
 *
 * (with `ties: 'first'`, G(s) is just the lowest maximising index). `act` draws u ~ U[0, 1): if
 * u < ε it takes a uniform random action, otherwise a greedy one, so its distribution is exactly
 * `probs`. Q comes from a `Float64Array` table (nS × nA, row-major, observations are state indices)
 * read live, so a learner updating the table in place is seen at once, or from a function of the
 * observation. ε can be changed at any time (`policy.epsilon = schedule(step)`).
 */
export class EpsilonGreedyPolicy<O = number> implements Policy<O, number> {
  readonly nA: number;
  readonly ties: 'random' | 'first';
  private readonly rows: ActionRows<O>;
  private eps: number;

  /**
   * @param q a Q-table (`Float64Array`, nS × nA, row-major; observations must be integers in
   *   [0, nS)) or a q-function `obs => Q(obs, ·)` returning nA numbers.
   */
  constructor(q: Float64Array | ActionValueFn<O>, options: EpsilonGreedyOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError('EpsilonGreedyPolicy options', 'an object { nA, epsilon, ties? }', options);
    }
    this.rows = new ActionRows('EpsilonGreedyPolicy', q, options.nA);
    this.nA = this.rows.nA;
    this.eps = assertNumber('epsilon', options.epsilon, 0, 1);
    this.ties = assertOneOf('ties', options.ties ?? 'random', ['random', 'first'] as const);
  }

  /** Exploration rate ε ∈ [0, 1]. */
  get epsilon(): number {
    return this.eps;
  }

  set epsilon(value: number) {
    this.eps = assertNumber('epsilon', value, 0, 1);
  }

  /** Number of states when built from a table, otherwise undefined. */
  get nS(): number | undefined {
    return this.rows.nS;
  }

  /** A greedy action argmax_a Q(obs, a) (uniform among ties with `ties: 'random'`, which then uses `rng`). */
  greedyAction(obs: O, rng?: Rng): number {
    const values = this.rows.row(obs);
    const off = this.rows.offset;
    const { max, count, first } = scanMax(values, off, this.nA);
    if (count === 1 || this.ties === 'first') return first;
    if (rng === undefined) {
      throw new InvalidArgumentError('rng', "a generator to break ties (ties: 'random')", rng);
    }
    let k = rng.integer(count);
    for (let a = first; a < this.nA; a++) {
      if (values[off + a] === max && k-- === 0) return a;
    }
    return first; // not reached
  }

  /** Explores with probability ε (uniform action), else acts greedily; always draws one uniform first. */
  act(obs: O, rng: Rng): number {
    if (rng.random() < this.eps) return rng.integer(this.nA);
    return this.greedyAction(obs, rng);
  }

  /** π(·|obs) = ε/nA + (1 − ε) · [greedy], the greedy mass split among ties (or all on the first with `ties: 'first'`). */
  probs(obs: O): Float64Array {
    const values = this.rows.row(obs);
    const off = this.rows.offset;
    const { max, count, first } = scanMax(values, off, this.nA);
    const p = new Float64Array(this.nA).fill(this.eps / this.nA);
    if (this.ties === 'first') {
      p[first] = p[first]! + (1 - this.eps);
    } else {
      const share = (1 - this.eps) / count;
      for (let a = 0; a < this.nA; a++) if (values[off + a] === max) p[a] = p[a]! + share;
    }
    return p;
  }
}

/** Maximum of values[off … off + nA), the number of entries equal to it and the first such index. */
function scanMax(values: ArrayLike<number>, off: number, nA: number): { max: number; count: number; first: number } {
  let max = -Infinity;
  let count = 0;
  let first = 0;
  for (let a = 0; a < nA; a++) {
    const v = values[off + a]!;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidArgumentError(`action value ${a}`, 'a number (not NaN)', v);
    if (v > max || count === 0) {
      max = v;
      count = 1;
      first = a;
    } else if (v === max) {
      count++;
    }
  }
  return { max, count, first };
}
