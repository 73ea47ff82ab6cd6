import { InvalidArgumentError, assertNumber } from '../errors.js';

/**
 * Per-step end-of-episode flags: `true`/non-zero at index t means the transition taken at step t
 * ended the episode. Plain boolean arrays, `Uint8Array` and float arrays of 0/1 (CleanRL's `dones`)
 * are all accepted.
 */
export type DoneFlags = ArrayLike<number | boolean>;

/** Options of {@link discountedReturns}. */
export interface DiscountedReturnsOptions {
  /**
   * Episode boundaries: `dones[t]` set means the episode ended after reward r_t, so the return
   * restarts at t + 1 and nothing after t is added to G_t. Same length as `rewards`. Default: none.
   */
  dones?: DoneFlags | undefined;
  /**
   * Value added (discounted) after the last step when that step did not end an episode, i.e.
   * G_{T−1} = r_{T−1} + γ · bootstrapValue. Default 0 (a finished episode).
   */
  bootstrapValue?: number | undefined;
  /** Buffer to write into (length of `rewards`); a new `Float64Array` otherwise. */
  out?: Float64Array | undefined;
}

/** @internal Validates a discount factor (or a GAE λ) in [0, 1]. */
export function checkUnitInterval(field: string, value: unknown): number {
  return assertNumber(field, value, 0, 1);
}

/** @internal Throws unless `array` has exactly `length` entries. */
export function checkLength(field: string, array: ArrayLike<unknown> | undefined | null, length: number, why: string): void {
  if (array === undefined || array === null || typeof array.length !== 'number') {
    throw new InvalidArgumentError(field, `an array of length ${length} (${why})`, array);
  }
  if (array.length !== length) {
    throw new InvalidArgumentError(field, `an array of length ${length} (${why})`, array);
  }
}

/**
 * Reward-to-go of every step of a trajectory (or of several concatenated episodes):
 *
 *   G_t = r_t + γ · (1 − done_t) · G_{t+1},   G_T = bootstrapValue,
 *
 * so G_t = Σ_{k=t}^{end} γ^{k−t} r_k summed to the end of t's episode, plus
 * γ^{T−t} · bootstrapValue when the last episode is still running at the end of the array.
 * Computed in one backward pass, O(T).
 *
 * Example (Bellman's worked case): six rewards of −1 with γ = 1 give G = [−6, −5, −4, −3, −2, −1],
 * and G_0 = r_0 + G_1 = −1 + (−5).
 *
 * @param rewards r_0 … r_{T−1}.
 * @param gamma discount factor γ ∈ [0, 1].
 * @returns a `Float64Array` of length T (or `options.out`).
 */
export function discountedReturns(
  rewards: ArrayLike<number>,
  gamma: number,
  options: DiscountedReturnsOptions = {},
): Float64Array {
  checkUnitInterval('gamma', gamma);
  const T = rewards.length;
  const { dones, bootstrapValue = 0, out } = options;
  if (dones !== undefined) checkLength('dones', dones, T, 'one flag per reward');
  assertNumber('bootstrapValue', bootstrapValue);
  if (out !== undefined) checkLength('out', out, T, 'one entry per reward');
  const result = out ?? new Float64Array(T);
  let g = bootstrapValue;
  for (let t = T - 1; t >= 0; t--) {
    const r = rewards[t]!;
    if (typeof r !== 'number' || !Number.isFinite(r)) throw new InvalidArgumentError(`rewards[${t}]`, 'a finite number', r);
    if (dones !== undefined && dones[t]) g = 0;
    g = r + gamma * g;
    result[t] = g;
  }
  return result;
}

/**
 * Discounted return of one whole trajectory, R(τ) = Σ_k γ^k r_k (= `discountedReturns(rewards, γ)[0]`),
 * evaluated backwards (Horner's rule) for accuracy. An empty trajectory returns 0.
 *
 * @param rewards r_0 … r_{T−1}.
 * @param gamma discount factor γ ∈ [0, 1].
 */
export function discountedReturn(rewards: ArrayLike<number>, gamma: number): number {
  checkUnitInterval('gamma', gamma);
  let g = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    const r = rewards[t]!;
    if (typeof r !== 'number' || !Number.isFinite(r)) throw new InvalidArgumentError(`rewards[${t}]`, 'a finite number', r);
    g = r + gamma * g;
  }
  return g;
}
