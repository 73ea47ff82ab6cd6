import { BaseEnv, type Info, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { EnvStateError, InvalidArgumentError } from '../../errors.js';
import { Discrete } from '../../spaces/discrete.js';
import type { TabularMDP } from '../../tabular-mdp.js';

/**
 * An environment that samples a {@link TabularMDP}: the machinery Gymnasium's toy-text
 * environments share (FrozenLake, CliffWalking, Taxi) and that `GridWorldEnv` reuses.
 *
 * - `reset()` draws the start state from `model.initialStateDistribution` (uniform over all
 *   states when the model has none) and returns `info: { prob: 1 }`.
 * - `step(a)` draws one outcome of row (state, a) like Gymnasium's `categorical_sample`: one
 *   uniform draw `u = rng.random()` and the first outcome whose cumulative probability exceeds
 *   `u`. It returns `info: { prob }` with the chosen outcome's probability. `truncated` is always
 *   false (time limits come from the `TimeLimit` wrapper).
 * - Stepping after a terminal transition is allowed, as in Gymnasium (terminal rows are absorbing).
 *
 * @example
 * ```ts
 * const env = new DiscreteModelEnv(TabularMDP.fromTable(P));
 * let { observation } = env.reset({ seed: 0 });
 * const { observation: s1, reward, terminated, info } = env.step(0);
 * ```
 */
export class DiscreteModelEnv extends BaseEnv<number, number> {
  /** The MDP this environment samples. */
  readonly model: TabularMDP;
  /** `Discrete(nS)`. */
  readonly observationSpace: Discrete;
  /** `Discrete(nA)`. */
  readonly actionSpace: Discrete;
  /** The last action taken since the last reset (Gymnasium's `lastaction`), for rendering. */
  lastAction: number | undefined;
  private current: number | undefined;
  /** Cumulative initial distribution (numpy `cumsum` order), or undefined for uniform starts. */
  private readonly initialCdf: Float64Array | undefined;

  /** @param model the MDP to sample (not copied). */
  constructor(model: TabularMDP) {
    super();
    this.model = model;
    this.observationSpace = new Discrete(model.nS);
    this.actionSpace = new Discrete(model.nA);
    const dist = model.initialStateDistribution;
    if (dist !== undefined) {
      const cdf = new Float64Array(dist.length);
      let sum = 0;
      for (let i = 0; i < dist.length; i++) cdf[i] = sum += dist[i]!;
      this.initialCdf = cdf;
    }
  }

  /**
   * The current state (Gymnasium's `s`), undefined before the first reset. Assigning it
   * (tests, planning from a chosen state) must give an integer in [0, nS).
   */
  get state(): number | undefined {
    return this.current;
  }

  set state(s: number | undefined) {
    if (s !== undefined && !this.observationSpace.contains(s)) {
      throw new InvalidArgumentError('state', `an integer in {0, …, ${this.model.nS - 1}} or undefined`, s);
    }
    this.current = s;
  }

  /** Starts an episode: reseeds when `seed` is given, then samples the start state. */
  reset(options?: ResetOptions): ResetResult<number> {
    this.seed(options?.seed);
    const u = this.rng.random();
    const cdf = this.initialCdf;
    let s: number;
    if (cdf === undefined) {
      s = Math.min(Math.floor(u * this.model.nS), this.model.nS - 1);
    } else {
      s = firstAbove(cdf, u);
    }
    this.current = s;
    this.lastAction = undefined;
    return { observation: s, info: this.resetInfo(s) };
  }

  /** Samples one outcome of the current state and `action`. */
  step(action: number): StepResult<number> {
    const s = this.current;
    if (s === undefined) {
      throw new EnvStateError(`${this.constructor.name}: step() called before reset(); call reset() first`);
    }
    if (!this.actionSpace.contains(action)) {
      throw new InvalidArgumentError('action', `an integer in {0, …, ${this.actionSpace.n - 1}} (Discrete(${this.actionSpace.n}))`, action);
    }
    const { rowPtr, prob, next, reward, terminated } = this.model;
    const row = s * this.model.nA + action;
    const start = rowPtr[row]!;
    const end = rowPtr[row + 1]!;
    const u = this.rng.random();
    let i = start;
    let cum = 0;
    for (; i < end; i++) {
      cum += prob[i]!;
      if (cum > u) break;
    }
    if (i === end) {
      // Rounding left the cumulative sum at or below u: take the last outcome with positive
      // probability (Gymnasium's argmax would fall back to the first outcome here).
      i = end - 1;
      while (i > start && !(prob[i]! > 0)) i--;
    }
    const sNext = next[i]!;
    this.current = sNext;
    this.lastAction = action;
    return {
      observation: sNext,
      reward: reward[i]!,
      terminated: terminated[i] === 1,
      truncated: false,
      info: this.stepInfo(prob[i]!, sNext),
    };
  }

  /** The `info` of `reset` (`{ prob: 1 }`); subclasses add keys (Taxi's `action_mask`). */
  protected resetInfo(_state: number): Info {
    return { prob: 1 };
  }

  /** The `info` of `step` (`{ prob }`); subclasses add keys (Taxi's `action_mask`). */
  protected stepInfo(prob: number, _next: number): Info {
    return { prob };
  }
}

/** First index i with cdf[i] > u (binary search; the last index when none is). */
function firstAbove(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  // If rounding left every cdf[i] <= u, lo is the last index; step back over trailing zero-probability states.
  if (!(cdf[lo]! > u)) {
    while (lo > 0 && cdf[lo]! === cdf[lo - 1]!) lo--;
  }
  return lo;
}
