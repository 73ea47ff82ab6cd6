import { InvalidArgumentError, assertInteger } from '../errors.js';
import { Bootstrap } from './bootstrap.js';
import { checkLength, checkUnitInterval, type DoneFlags } from './discounted-returns.js';

/**
 * Options of {@link nStepReturns}. Layout and bootstrap sources are those of `gae` (see `GaeArgs`):
 * time-major `[T][numEnvs]` arrays, next-state values from `finalValues` on truncation, else
 * `nextValues`, else `values[t + 1]` inside the buffer and `lastValue` after it. Give exactly one of
 * `lastValue` and `nextValues`.
 */
export interface NStepReturnsOptions {
  /** The step reached a terminal state: the sum stops there with no bootstrap. */
  terminated: DoneFlags;
  /** The step was cut short: the sum stops there and bootstraps from the final observation's value. */
  truncated?: DoneFlags | undefined;
  /** V(s_{t+1}) for every step (the true next state, i.e. the final observation on truncation). */
  nextValues?: ArrayLike<number> | undefined;
  /** V of the observation after the last stored step: a number (one env) or one per env. */
  lastValue?: number | ArrayLike<number> | undefined;
  /** V of the final observation where `truncated[t]` is set; other entries are not read. */
  finalValues?: ArrayLike<number> | undefined;
  /** Number of parallel envs (width of the time-major layout). Default 1. */
  numEnvs?: number | undefined;
  /** Buffer to write into (length of `rewards`); a new `Float64Array` otherwise. */
  out?: Float64Array | undefined;
}

/**
 * n-step returns (Sutton & Barto, §7.1):
 *
 *   G_t^{(n)} = Σ_{k=0}^{m−1} γ^k r_{t+k} + γ^m · V(s_{t+m}),   m = min(n, steps to the episode's or buffer's end)
 *
 * The sum stops early at the end of t's episode: after a terminated step nothing is bootstrapped;
 * after a truncated step V is the value of the episode's final observation; at the end of the
 * buffer V is the bootstrap value (`lastValue` / `nextValues`). n = 1 gives the TD(0) target
 * r_t + γ V(s_{t+1}); n ≥ T (or `Infinity`) gives the Monte Carlo return of each episode that ends
 * inside the buffer. Cost O(T · min(n, episode length)).
 *
 * @param rewards r_t, length T · numEnvs.
 * @param values V(s_t), same length.
 * @param gamma discount factor γ ∈ [0, 1].
 * @param n number of reward steps before bootstrapping: an integer ≥ 1, or `Infinity`.
 */
export function nStepReturns(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  gamma: number,
  n: number,
  options: NStepReturnsOptions,
): Float64Array {
  checkUnitInterval('gamma', gamma);
  if (n !== Infinity) assertInteger('n', n, 1);
  if (rewards === undefined || rewards === null || typeof rewards.length !== 'number') {
    throw new InvalidArgumentError('rewards', 'an array of numbers', rewards);
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('options', 'an object with at least `terminated`', options);
  }
  const boot = new Bootstrap(rewards.length, options.numEnvs, { ...options, values });
  const { size, T, numEnvs } = boot;
  if (options.out !== undefined) checkLength('out', options.out, size, 'same as rewards');
  const result = options.out ?? new Float64Array(size);

  for (let e = 0; e < numEnvs; e++) {
    for (let t = 0; t < T; t++) {
      let g = 0;
      let discount = 1;
      for (let k = 0; ; k++) {
        const j = t + k;
        const i = j * numEnvs + e;
        const r = rewards[i]!;
        if (typeof r !== 'number' || !Number.isFinite(r)) throw new InvalidArgumentError(`rewards[${i}]`, 'a finite number', r);
        g += discount * r;
        discount *= gamma;
        if (boot.isTerminated(i)) break;
        if (k + 1 >= n || j + 1 >= T || boot.isTruncated(i)) {
          g += discount * boot.nextValue(i, j, e);
          break;
        }
      }
      result[t * numEnvs + e] = g;
    }
  }
  return result;
}
