import type { ScheduleLike } from '../schedules.js';
import { ALPHA_RANGE } from '../schedules.js';
import { TabularPredictionAgent, type TabularEnvInput, type TabularPredictionConfig } from '../tabular-agent.js';

/** Eligibility-trace variants. */
export type TraceKind = 'accumulating' | 'replacing';

/** Config of {@link TDLambda}. */
export interface TDLambdaConfig extends TabularPredictionConfig {
  /** Step size α ∈ (0, 1] (number or schedule; default 0.1). */
  alpha?: ScheduleLike | undefined;
  /** Trace decay λ ∈ [0, 1] (default 0.9). λ = 0 is TD(0); λ = 1 with offline updates is every-visit MC. */
  lambda?: number | undefined;
  /** `'accumulating'` (default): e(S_t) += 1; `'replacing'`: e(S_t) = 1. */
  traces?: TraceKind | undefined;
  /**
   * `'online'` (default): V changes after every step. `'offline'`: the increments are summed over
   * the episode with V held fixed and applied when it ends.
   */
  updates?: 'online' | 'offline' | undefined;
}

/**
 * Tabular TD(λ) prediction with eligibility traces (backward view; Sutton & Barto §12.2 and the
 * tabular form of §7 in the first edition). At every step
 *
 *   δ_t = R_{t+1} + γ V(S_{t+1}) − V(S_t)          (V(S_{t+1}) = 0 when S_{t+1} is terminal)
 *   e(S_t) ← e(S_t) + 1   (accumulating)   or   e(S_t) ← 1   (replacing)
 *   V(s) ← V(s) + α δ_t e(s)   for every s
 *   e(s) ← γ λ e(s)            for every s
 *
 * Traces start at 0 in each episode. Only states visited in the current episode can have a
 * non-zero trace, so the loop runs over the list of those states, not over all nS. With λ = 0 this is
 * exactly TD(0); with λ = 1, accumulating traces and offline updates the increments telescope to
 * α Σ_t [G_t − V(S_t)], i.e. every-visit constant-α Monte Carlo. On truncation the last state's
 * value is bootstrapped from, as in TD(0).
 */
export class TDLambda extends TabularPredictionAgent {
  /** λ. */
  readonly lambda: number;
  /** Trace variant. */
  readonly traces: TraceKind;
  /** Online or offline updates. */
  readonly updates: 'online' | 'offline';
  /** e(s), the eligibility traces (zero between episodes). */
  readonly eligibility: Float64Array;
  private readonly active: Int32Array;
  private readonly isActive: Uint8Array;
  private readonly pending: Float64Array;
  private activeCount = 0;

  constructor(env: TabularEnvInput, config: TDLambdaConfig = {}) {
    super('TDLambda', env, config, ['alpha', 'lambda', 'traces', 'updates']);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
    this.lambda = this.cfg.number('lambda', 0.9, { min: 0, max: 1 });
    this.traces = this.cfg.oneOf('traces', 'accumulating', ['accumulating', 'replacing'] as const);
    this.updates = this.cfg.oneOf('updates', 'online', ['online', 'offline'] as const);
    this.eligibility = new Float64Array(this.nS);
    this.active = new Int32Array(this.nS);
    this.isActive = new Uint8Array(this.nS);
    this.pending = new Float64Array(this.updates === 'offline' ? this.nS : 0);
  }

  protected runEpisode(): void {
    const { v, gamma, eligibility: e, active, isActive, pending } = this;
    const alphaParam = this.alphaParam!;
    const decay = gamma * this.lambda;
    const replacing = this.traces === 'replacing';
    const offline = this.updates === 'offline';
    let s = this.resetEnv();
    for (;;) {
      const next = this.stepEnv(this.selectAction(s));
      const target = this.terminated ? this.reward : this.reward + gamma * v[next]!;
      const delta = target - v[s]!;
      if (isActive[s] === 0) {
        isActive[s] = 1;
        active[this.activeCount++] = s;
      }
      e[s] = replacing ? 1 : e[s]! + 1;
      const step = alphaParam.atStep(this.totalSteps) * delta;
      if (offline) {
        for (let i = 0; i < this.activeCount; i++) {
          const x = active[i]!;
          pending[x] = pending[x]! + step * e[x]!;
          e[x] = e[x]! * decay;
        }
      } else {
        for (let i = 0; i < this.activeCount; i++) {
          const x = active[i]!;
          v[x] = v[x]! + step * e[x]!;
          e[x] = e[x]! * decay;
        }
      }
      if (this.ended) break;
      s = next;
    }
    // Apply the offline increments and reset the traces for the next episode.
    for (let i = 0; i < this.activeCount; i++) {
      const x = active[i]!;
      if (offline) {
        v[x] = v[x]! + pending[x]!;
        pending[x] = 0;
      }
      e[x] = 0;
      isActive[x] = 0;
    }
    this.activeCount = 0;
  }
}
