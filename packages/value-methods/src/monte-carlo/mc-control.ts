import type { ScheduleLike } from '../schedules.js';
import { TabularControlAgent, type TabularControlConfig, type TabularEnvInput } from '../tabular-agent.js';
import { EpisodeBuffer, FirstVisitTracker, monteCarloActionValueUpdate } from './episode-buffer.js';

/** Config of {@link MonteCarloControl}. */
export interface MonteCarloControlConfig extends TabularControlConfig {
  /** Step size in (0, 1] (number or schedule), or `'average'` (default) for α = 1/N(s, a). */
  alpha?: ScheduleLike | 'average' | undefined;
  /** Exploration rate ε ∈ [0, 1] of the ε-greedy policy (number or schedule; default 0.1). */
  epsilon?: ScheduleLike | undefined;
  /** `'first'` (default) or `'every'` visit updates. */
  visits?: 'first' | 'every' | undefined;
}

/**
 * On-policy first-visit Monte Carlo control for ε-soft policies (Sutton & Barto §5.4). Episodes
 * are played with the ε-greedy policy over Q; after each one, for t = T − 1, …, 0:
 *
 *   G ← γ G + R_{t+1}
 *   Q(S_t, A_t) ← Q(S_t, A_t) + α [G − Q(S_t, A_t)]   (first visits; α = 1/N(S_t, A_t) by default)
 *
 * and the policy, which reads Q, becomes ε-greedy with respect to the new values. It converges to
 * the best ε-soft policy; with ε decaying to 0 (a schedule) towards the optimal one.
 *
 * @example
 * ```ts
 * const mc = new MonteCarloControl(make('FrozenLake-v1'), { gamma: 0.99, epsilon: linearSchedule({ start: 1, end: 0.05, duration: 5000 }) });
 * const curve = mc.learn({ episodes: 10_000 });
 * ```
 */
export class MonteCarloControl extends TabularControlAgent {
  /** `'first'` or `'every'`. */
  readonly visits: 'first' | 'every';
  /** N(s, a): number of updates made to each pair. */
  readonly counts: Float64Array;
  private readonly buffer = new EpisodeBuffer();
  private readonly tracker: FirstVisitTracker | undefined;

  constructor(env: TabularEnvInput, config: MonteCarloControlConfig = {}) {
    super('MonteCarloControl', env, config, ['alpha', 'epsilon', 'visits']);
    const alpha = this.cfg.stepSize('alpha', 'average');
    this.alphaParam = alpha === 'average' ? undefined : alpha;
    this.visits = this.cfg.oneOf('visits', 'first', ['first', 'every'] as const);
    this.counts = new Float64Array(this.nS * this.nA);
    this.tracker = this.visits === 'first' ? new FirstVisitTracker(this.nS * this.nA) : undefined;
  }

  protected runEpisode(): void {
    const buf = this.buffer;
    this.recordEpisode(buf, this.resetEnv());
    monteCarloActionValueUpdate(buf, this.q, this.counts, this.nA, this.gamma, this.alphaParam?.atStep(this.totalSteps), this.tracker);
  }
}
