import { InvalidArgumentError, assertNumber } from '../errors.js';
import type { Rng } from '../rng.js';
import { ActionRows, type ActionValueFn, type Policy } from './policy.js';

function checkTemperature(value: unknown): number {
  const t = assertNumber('temperature', value, 0);
  if (t <= 0) throw new InvalidArgumentError('temperature', 'a finite number > 0', value);
  return t;
}

/** Writes the Boltzmann distribution of values[off … off + n) into out[0 … n). */
function softmaxRow(values: ArrayLike<number>, off: number, n: number, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let a = 0; a < n; a++) {
    const h = values[off + a]!;
    if (typeof h !== 'number' || Number.isNaN(h) || h === Infinity) {
      throw new InvalidArgumentError(`preferences[${a}]`, 'a number (not NaN or +Infinity; -Infinity masks the action)', h);
    }
    if (h > max) max = h;
  }
  if (max === -Infinity) throw new InvalidArgumentError('preferences', 'at least one finite entry', Array.from({ length: n }, (_, a) => values[off + a]));
  let sum = 0;
  for (let a = 0; a < n; a++) {
    const e = Math.exp((values[off + a]! - max) / temperature);
    out[a] = e;
    sum += e;
  }
  for (let a = 0; a < n; a++) out[a] = out[a]! / sum;
  return out;
}

/**
 * Boltzmann (softmax) distribution over action preferences h_a with temperature τ > 0:
 *
 *   π(a) = exp(h_a / τ) / Σ_b exp(h_b / τ),
 *
 * computed as exp((h_a − max_b h_b) / τ) / Σ_b exp((h_b − max_b h_b) / τ) so that large
 * preferences or a small τ cannot overflow. Preferences of −Infinity get probability 0 (action
 * masking); at least one must be finite.
 *
 * @param preferences h_0 … h_{n−1}.
 * @param temperature τ > 0 (default 1): large τ → near uniform, small τ → near greedy.
 * @param out optional buffer of length n to fill instead of allocating.
 */
export function softmax(preferences: ArrayLike<number>, temperature = 1, out?: Float64Array): Float64Array {
  checkTemperature(temperature);
  if (preferences === null || typeof preferences !== 'object' || preferences.length < 1) {
    throw new InvalidArgumentError('preferences', 'a non-empty array of numbers', preferences);
  }
  const n = preferences.length;
  if (out !== undefined && out.length !== n) throw new InvalidArgumentError('out', `a Float64Array of length ${n}`, out);
  return softmaxRow(preferences, 0, n, temperature, out ?? new Float64Array(n));
}

/** Options of {@link SoftmaxPolicy}. */
export interface SoftmaxPolicyOptions {
  /** Number of actions (the width of a table row, or the length the function returns). */
  nA: number;
  /** Temperature τ > 0; default 1. Settable later through `policy.temperature`. */
  temperature?: number | undefined;
}

/**
 * Boltzmann exploration / a softmax policy over action preferences (Q-values or logits):
 *
 *   π(a|s) = exp(h(s, a) / τ) / Σ_b exp(h(s, b) / τ)
 *
 * evaluated stably (see {@link softmax}). Preferences come from a `Float64Array` table (nS × nA,
 * row-major, read live; observations are state indices) or from a function of the observation.
 * `act` samples by inverse CDF with one uniform draw and reuses an internal buffer.
 */
export class SoftmaxPolicy<O = number> implements Policy<O, number> {
  readonly nA: number;
  private readonly rows: ActionRows<O>;
  private tau: number;
  private readonly scratch: Float64Array;

  /**
   * @param preferences a table (`Float64Array`, nS × nA, row-major) or a function `obs => h(obs, ·)`.
   */
  constructor(preferences: Float64Array | ActionValueFn<O>, options: SoftmaxPolicyOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError('SoftmaxPolicy options', 'an object { nA, temperature? }', options);
    }
    this.rows = new ActionRows('SoftmaxPolicy', preferences, options.nA);
    this.nA = this.rows.nA;
    this.tau = checkTemperature(options.temperature ?? 1);
    this.scratch = new Float64Array(this.nA);
  }

  /** Temperature τ > 0. */
  get temperature(): number {
    return this.tau;
  }

  set temperature(value: number) {
    this.tau = checkTemperature(value);
  }

  /** Number of states when built from a table, otherwise undefined. */
  get nS(): number | undefined {
    return this.rows.nS;
  }

  /** π(·|obs) as a new array. */
  probs(obs: O): Float64Array {
    const values = this.rows.row(obs);
    return softmaxRow(values, this.rows.offset, this.nA, this.tau, new Float64Array(this.nA));
  }

  /** Draws a ~ π(·|obs). */
  act(obs: O, rng: Rng): number {
    const values = this.rows.row(obs);
    return rng.categorical(softmaxRow(values, this.rows.offset, this.nA, this.tau, this.scratch));
  }
}
