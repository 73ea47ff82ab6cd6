import type { ScheduleLike } from '../schedules.js';
import { TabularPredictionAgent, type TabularEnvInput, type TabularPredictionConfig } from '../tabular-agent.js';
import { EpisodeBuffer, FirstVisitTracker } from './episode-buffer.js';

/** Config of {@link MonteCarloPrediction}. */
export interface MonteCarloPredictionConfig extends TabularPredictionConfig {
  /**
   * Step size: a number in (0, 1] or a schedule for constant-α MC, or `'average'` (default) for
   * the sample average of the returns seen so far (α = 1/N(s)).
   */
  alpha?: ScheduleLike | 'average' | undefined;
  /** Which visits of a state in an episode produce an update: `'first'` (default) or `'every'`. */
  visits?: 'first' | 'every' | undefined;
}

/**
 * Monte Carlo prediction of V_π (Sutton & Barto §5.1 and, with a constant α, Eq. 6.1): play a whole
 * episode with the policy π, then for t = T − 1, …, 0
 *
 *   G_t = R_{t+1} + γ G_{t+1}
 *   V(S_t) ← V(S_t) + α [G_t − V(S_t)]
 *
 * for the first visit of S_t in the episode (or every visit). With `alpha: 'average'` the step is
 * α = 1/N(S_t), so V(s) is the mean of the returns observed from s. An episode cut by truncation
 * or `maxStepsPerEpisode` is used as it is (its returns lack the rest of the episode).
 *
 * @example
 * ```ts
 * const mc = new MonteCarloPrediction(randomWalkMDP(), { alpha: 0.02, gamma: 1, initialValue: 0.5 });
 * mc.learn({ episodes: 100 });
 * mc.v; // ≈ [·, 1/6, 2/6, 3/6, 4/6, 5/6, ·]
 * ```
 */
export class MonteCarloPrediction extends TabularPredictionAgent {
  /** `'first'` or `'every'`. */
  readonly visits: 'first' | 'every';
  /** N(s): number of updates made to each state. */
  readonly counts: Float64Array;
  private readonly buffer = new EpisodeBuffer();
  private readonly tracker: FirstVisitTracker;

  constructor(env: TabularEnvInput, config: MonteCarloPredictionConfig = {}) {
    super('MonteCarloPrediction', env, config, ['alpha', 'visits']);
    const alpha = this.cfg.stepSize('alpha', 'average');
    this.alphaParam = alpha === 'average' ? undefined : alpha;
    this.visits = this.cfg.oneOf('visits', 'first', ['first', 'every'] as const);
    this.counts = new Float64Array(this.nS);
    this.tracker = new FirstVisitTracker(this.nS);
  }

  protected runEpisode(): void {
    const buf = this.buffer;
    this.recordEpisode(buf, this.resetEnv());
    const { states, rewards } = buf;
    const T = buf.length;
    const firstOnly = this.visits === 'first';
    if (firstOnly) {
      this.tracker.begin();
      for (let t = 0; t < T; t++) this.tracker.mark(states[t]!, t);
    }
    const alpha = this.alphaParam?.atStep(this.totalSteps);
    const { v, counts, gamma } = this;
    let g = 0;
    for (let t = T - 1; t >= 0; t--) {
      g = gamma * g + rewards[t]!;
      const st = states[t]!;
      if (firstOnly && !this.tracker.isFirst(st, t)) continue;
      const n = (counts[st] = counts[st]! + 1);
      const step = alpha ?? 1 / n;
      v[st] = v[st]! + step * (g - v[st]!);
    }
  }
}
