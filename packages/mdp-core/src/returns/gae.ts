import { InvalidArgumentError, assertOneOf } from '../errors.js';
import type { FloatArray, FloatDType } from '../spaces/box.js';
import { Bootstrap } from './bootstrap.js';
import { checkLength, checkUnitInterval, type DoneFlags } from './discounted-returns.js';

/**
 * Arguments of {@link gae}. Every per-step array is laid out time-major, `[T][numEnvs]` flattened
 * (index `t * numEnvs + e`), like CleanRL's `(num_steps, num_envs)` buffers; with `numEnvs = 1`
 * (the default) they are simply the steps of one environment.
 *
 * Index t describes one transition: the agent saw s_t (value `values[t]`), acted, got `rewards[t]`,
 * and the step reported `terminated[t]` / `truncated[t]`. (CleanRL stores the flag with the *next*
 * observation and reads `dones[t + 1]`; here the flag sits with the step that produced it.)
 *
 * The value of the next state s_{t+1} comes from, in order:
 * 1. `terminated[t]` → 0 (a terminal state has no future);
 * 2. `truncated[t]` → `finalValues[t]`, the value of the episode's final observation (with
 *    same-step autoreset the stored next observation is already the reset one);
 * 3. `nextValues[t]` when given;
 * 4. otherwise `values[t + 1]` of the same env inside the buffer, and `lastValue[e]` after its end.
 *
 * Give exactly one of `lastValue` and `nextValues`.
 */
export interface GaeArgs {
  /** r_t, length T · numEnvs. */
  rewards: ArrayLike<number>;
  /** V(s_t) under the critic that collected the rollout, length T · numEnvs. */
  values: ArrayLike<number>;
  /** The step reached a terminal state: no bootstrapping past it. Length T · numEnvs. */
  terminated: DoneFlags;
  /**
   * The step was cut short (time limit): the episode ends here for the advantage recursion, but
   * the final state's value still counts (taken from `finalValues`). Length T · numEnvs; default none.
   * When both flags are set, termination wins.
   */
  truncated?: DoneFlags | undefined;
  /**
   * V of the observation that follows the last stored step, per env: CleanRL's `next_value`.
   * A number for a single env, an array of length numEnvs otherwise.
   */
  lastValue?: number | ArrayLike<number> | undefined;
  /**
   * Alternative to `lastValue`: V(s_{t+1}) for every step, length T · numEnvs (useful when next
   * observations were stored and evaluated). On truncated steps it is used unless `finalValues` is given.
   */
  nextValues?: ArrayLike<number> | undefined;
  /**
   * V of the final observation of each episode that was truncated at step t, length T · numEnvs.
   * Only the entries where `truncated[t]` is set (and `terminated[t]` is not) are read, so the
   * others may hold anything (e.g. 0 or NaN). Required when some step is truncated and
   * `nextValues` is not given.
   */
  finalValues?: ArrayLike<number> | undefined;
  /** Discount factor γ ∈ [0, 1]. */
  gamma: number;
  /** GAE λ ∈ [0, 1]: 0 gives the one-step TD error, 1 the Monte Carlo advantage. */
  lambda: number;
  /** Number of parallel envs (width of the time-major layout). Default 1. */
  numEnvs?: number | undefined;
  /** Element type of buffers this call allocates. Default `'float64'`. */
  dtype?: FloatDType | undefined;
  /**
   * Preallocated outputs (length T · numEnvs) to fill instead of allocating, so a training loop
   * can reuse its buffers every update. They must not share memory with `values`, `nextValues`
   * or `finalValues`.
   */
  out?: { advantages?: FloatArray | undefined; returns?: FloatArray | undefined } | undefined;
}

/** Result of {@link gae}: both arrays have the layout of `rewards`. */
export interface GaeResult {
  /** Â_t = Σ_l (γλ)^l δ_{t+l}, summed to the end of t's episode or of the buffer. */
  advantages: FloatArray;
  /** Â_t + V(s_t): the critic's regression target (TD(λ) return). */
  returns: FloatArray;
}

/**
 * Generalized Advantage Estimation, GAE(γ, λ) (Schulman et al., 2016), in one backward pass:
 *
 *   δ_t = r_t + γ · V(s_{t+1}) · (1 − terminated_t) − V(s_t)
 *   Â_t = δ_t + γλ · (1 − done_t) · Â_{t+1},   done_t = terminated_t ∨ truncated_t
 *   returns_t = Â_t + V(s_t)
 *
 * where V(s_{t+1}) is the value of the true next state (see {@link GaeArgs} for where it comes
 * from): truncation bootstraps from the final observation's value, termination does not. The
 * recursion never crosses an episode boundary, and at the end of the buffer it stops with the
 * bootstrap value, so Â_t = Σ_{l≥0} (γλ)^l δ_{t+l} over the rest of t's episode inside the buffer.
 * λ = 0 gives δ_t; λ = 1 gives the discounted return minus V(s_t).
 *
 * @example
 * ```ts
 * // CleanRL layout: 128 steps × 4 envs, same-step autoreset
 * const { advantages, returns } = gae({
 *   rewards, values, terminated, truncated, finalValues, lastValue: nextValues4, numEnvs: 4,
 *   gamma: 0.99, lambda: 0.95, out: { advantages: advBuf, returns: retBuf },
 * });
 * ```
 */
export function gae(args: GaeArgs): GaeResult {
  if (args === null || typeof args !== 'object') throw new InvalidArgumentError('gae arguments', 'an object', args);
  const gamma = checkUnitInterval('gamma', args.gamma);
  const lambda = checkUnitInterval('lambda', args.lambda);
  const rewards = args.rewards;
  if (rewards === undefined || rewards === null || typeof rewards.length !== 'number') {
    throw new InvalidArgumentError('rewards', 'an array of numbers (length T · numEnvs)', rewards);
  }
  const dtype = assertOneOf('dtype', args.dtype ?? 'float64', ['float32', 'float64'] as const);
  const boot = new Bootstrap(rewards.length, args.numEnvs, args);
  const { size, T, numEnvs } = boot;
  const layout = numEnvs === 1 ? 'same as rewards' : `T × numEnvs = ${T} × ${numEnvs}, same as rewards`;
  const outAdv = args.out?.advantages;
  const outRet = args.out?.returns;
  if (outAdv !== undefined) checkLength('out.advantages', outAdv, size, layout);
  if (outRet !== undefined) checkLength('out.returns', outRet, size, layout);
  const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
  const advantages = outAdv ?? new Ctor(size);
  const returns = outRet ?? new Ctor(size);
  const values = args.values;
  const gl = gamma * lambda;

  for (let e = 0; e < numEnvs; e++) {
    let adv = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = t * numEnvs + e;
      const r = rewards[i]!;
      const v = values[i]!;
      const delta = r + gamma * boot.nextValue(i, t, e) - v;
      if (!Number.isFinite(delta)) {
        if (typeof r !== 'number' || !Number.isFinite(r)) throw new InvalidArgumentError(`rewards[${i}]`, 'a finite number', r);
        throw new InvalidArgumentError(`values[${i}]`, 'a finite number', v);
      }
      const done = boot.isTerminated(i) || boot.isTruncated(i);
      adv = done ? delta : delta + gl * adv;
      advantages[i] = adv;
      returns[i] = adv + v;
    }
  }
  return { advantages, returns };
}
