import { DiscreteModelEnv, InvalidArgumentError, unwrap, type Env } from '@bellman/mdp-core';
import type { ScheduleLike } from '../schedules.js';
import { TabularControlAgent, type TabularControlConfig, type TabularEnvInput } from '../tabular-agent.js';
import { EpisodeBuffer, FirstVisitTracker, monteCarloActionValueUpdate } from './episode-buffer.js';

/** Config of {@link MonteCarloExploringStarts}. */
export interface MonteCarloExploringStartsConfig extends TabularControlConfig {
  /** Step size in (0, 1] (number or schedule), or `'average'` (default): Q(s, a) = mean of the returns after (s, a). */
  alpha?: ScheduleLike | 'average' | undefined;
  /** `'first'` (default) or `'every'` visit updates. */
  visits?: 'first' | 'every' | undefined;
  /**
   * State indices an episode may start from (uniformly). Default: every state of the model that
   * can be left, i.e. not one whose every action only loops back to itself (terminal cells and
   * walls are left out).
   */
  startStates?: readonly number[] | Int32Array | undefined;
}

/**
 * Monte Carlo control with exploring starts (Sutton & Barto §5.3, "Monte Carlo ES"). Each episode
 * starts from a uniformly drawn state S_0 and action A_0 (so every pair keeps being tried) and then
 * follows the greedy policy π(s) = argmax_a Q(s, a) (ties at random). After the episode, for
 * t = T − 1, …, 0:
 *
 *   G ← γ G + R_{t+1}
 *   Q(S_t, A_t) ← Q(S_t, A_t) + α [G − Q(S_t, A_t)]   (first visits; α = 1/N(S_t, A_t) by default)
 *
 * which also improves π, since π reads Q. Starting anywhere needs the model: the agent takes a
 * TabularMDP, or an env built on one (a DiscreteModelEnv such as GridWorldEnv or FrozenLakeEnv,
 * possibly wrapped); it resets the env and then sets the DiscreteModelEnv's `state`. A greedy
 * policy can walk in circles, so keep `maxStepsPerEpisode` small: a capped episode's poor return
 * pushes Q away from the looping actions, and with sample averages (the default) those early
 * returns stay in the means, so a smaller cap also makes them less misleading.
 *
 * @example
 * ```ts
 * const es = new MonteCarloExploringStarts(gridWorldMDP(suttonBartoGrid4x4()), { gamma: 1, maxStepsPerEpisode: 20 });
 * es.learn({ episodes: 3000 });
 * es.greedyPolicy(); // shortest way to a corner from every cell
 * ```
 */
export class MonteCarloExploringStarts extends TabularControlAgent {
  /** `'first'` or `'every'`. */
  readonly visits: 'first' | 'every';
  /** N(s, a): number of updates made to each pair. */
  readonly counts: Float64Array;
  /** The states episodes start from. */
  readonly startStates: Int32Array;
  private readonly inner: DiscreteModelEnv;
  private readonly buffer = new EpisodeBuffer();
  private readonly tracker: FirstVisitTracker | undefined;

  constructor(env: TabularEnvInput, config: MonteCarloExploringStartsConfig = {}) {
    super('MonteCarloExploringStarts', env, config, ['alpha', 'visits', 'startStates']);
    const inner = unwrap(this.env as Env<unknown, unknown>);
    if (!(inner instanceof DiscreteModelEnv) || this.model === undefined) {
      throw new InvalidArgumentError(
        'MonteCarloExploringStarts env',
        'a TabularMDP or an environment built on one (a DiscreteModelEnv such as GridWorldEnv, FrozenLakeEnv or CliffWalkingEnv, possibly wrapped): exploring starts must set the start state',
        env instanceof Object ? env.constructor.name : env,
      );
    }
    this.inner = inner;
    const alpha = this.cfg.stepSize('alpha', 'average');
    this.alphaParam = alpha === 'average' ? undefined : alpha;
    this.visits = this.cfg.oneOf('visits', 'first', ['first', 'every'] as const);
    this.counts = new Float64Array(this.nS * this.nA);
    this.tracker = this.visits === 'first' ? new FirstVisitTracker(this.nS * this.nA) : undefined;
    this.startStates = this.readStartStates(this.cfg.get('startStates'));
  }

  protected runEpisode(): void {
    const buf = this.buffer;
    this.resetEnv();
    const s = this.startStates[this.rng.integer(this.startStates.length)]!;
    this.inner.state = s;
    this.recordEpisode(buf, s, { firstAction: this.rng.integer(this.nA) });
    monteCarloActionValueUpdate(buf, this.q, this.counts, this.nA, this.gamma, this.alphaParam?.atStep(this.totalSteps), this.tracker);
  }

  private readStartStates(value: unknown): Int32Array {
    const field = 'MonteCarloExploringStarts.startStates';
    if (value !== undefined) {
      const list = value as ArrayLike<unknown>;
      if ((!Array.isArray(value) && !(value instanceof Int32Array)) || list.length === 0) {
        throw new InvalidArgumentError(field, `a non-empty array of state indices in [0, ${this.nS - 1}]`, value);
      }
      const out = new Int32Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= this.nS) {
          throw new InvalidArgumentError(`${field}[${i}]`, `a state index in [0, ${this.nS - 1}]`, s);
        }
        out[i] = s;
      }
      this.cfg.resolved.startStates = Array.from(out);
      return out;
    }
    const { nS, nA, rowPtr, next } = this.model!;
    const picked: number[] = [];
    for (let s = 0; s < nS; s++) {
      let leaves = false;
      for (let a = 0; a < nA && !leaves; a++) {
        for (let i = rowPtr[s * nA + a]!, end = rowPtr[s * nA + a + 1]!; i < end; i++) {
          if (next[i] !== s) {
            leaves = true;
            break;
          }
        }
      }
      if (leaves) picked.push(s);
    }
    if (picked.length === 0) throw new InvalidArgumentError(field, 'given: no state of the model can be left', value);
    return Int32Array.from(picked);
  }
}
