import type { ScheduleLike } from '../schedules.js';
import { ALPHA_RANGE } from '../schedules.js';
import { TabularPredictionAgent, type TabularEnvInput, type TabularPredictionConfig } from '../tabular-agent.js';

/** Config of {@link TDPrediction}. */
export interface TDPredictionConfig extends TabularPredictionConfig {
  /** Step size α ∈ (0, 1] (number or schedule; default 0.1). */
  alpha?: ScheduleLike | undefined;
  /** Number of steps n ≥ 1 before bootstrapping (default 1: TD(0)). */
  n?: number | undefined;
}

/**
 * Tabular TD prediction of V_π: TD(0) (Sutton & Barto §6.1) and, with `n > 1`, n-step TD (§7.1).
 *
 * TD(0) updates after every step:
 *
 *   V(S_t) ← V(S_t) + α [R_{t+1} + γ V(S_{t+1}) − V(S_t)]
 *
 * n-step TD waits n steps and updates V(S_τ), τ = t − n + 1, towards the n-step return
 *
 *   G_{τ:τ+n} = R_{τ+1} + γ R_{τ+2} + … + γ^{n−1} R_{τ+n} + γ^n V(S_{τ+n}),
 *
 * where the sum stops at the episode's end T (no bootstrap after a terminal state). When the
 * episode is truncated (env time limit or `maxStepsPerEpisode`), the last state's value is used as
 * the bootstrap: G_{τ:T} gets + γ^{T−τ} V(S_T). Only n + 1 states and rewards are kept (ring
 * buffers), so a step allocates nothing.
 *
 * @example
 * ```ts
 * const td = new TDPrediction(randomWalkMDP(), { alpha: 0.1, gamma: 1, initialValue: 0.5 });
 * td.learn({ episodes: 100 });
 * rmsError(td.v, randomWalkTrueValues(), randomWalkStates()); // ≈ 0.05 on average over seeds (Figure 6.2)
 * ```
 */
export class TDPrediction extends TabularPredictionAgent {
  /** n (1 for TD(0)). */
  readonly n: number;
  private readonly ringStates: Int32Array;
  private readonly ringRewards: Float64Array;

  constructor(env: TabularEnvInput, config: TDPredictionConfig = {}) {
    super('TDPrediction', env, config, ['alpha', 'n']);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
    this.n = this.cfg.integer('n', 1, 1);
    this.ringStates = new Int32Array(this.n + 1);
    this.ringRewards = new Float64Array(this.n + 1);
  }

  protected runEpisode(): void {
    if (this.n === 1) this.runTD0();
    else this.runNStep();
  }

  private runTD0(): void {
    const { v, gamma } = this;
    const alphaParam = this.alphaParam!;
    let s = this.resetEnv();
    for (;;) {
      const next = this.stepEnv(this.selectAction(s));
      const target = this.terminated ? this.reward : this.reward + gamma * v[next]!;
      v[s] = v[s]! + alphaParam.atStep(this.totalSteps) * (target - v[s]!);
      if (this.ended) break;
      s = next;
    }
  }

  private runNStep(): void {
    const { v, gamma, n } = this;
    const alphaParam = this.alphaParam!;
    const size = n + 1;
    const S = this.ringStates;
    const R = this.ringRewards;
    S[0] = this.resetEnv();
    let T = Infinity;
    let bootstrapAtEnd = false;
    for (let t = 0; ; t++) {
      if (t < T) {
        const next = this.stepEnv(this.selectAction(S[t % size]!));
        R[(t + 1) % size] = this.reward;
        S[(t + 1) % size] = next;
        if (this.ended) {
          T = t + 1;
          bootstrapAtEnd = !this.terminated;
        }
      }
      const tau = t - n + 1;
      if (tau >= 0) {
        const last = Math.min(tau + n, T);
        let g = 0;
        let discount = 1;
        for (let i = tau + 1; i <= last; i++) {
          g += discount * R[i % size]!;
          discount *= gamma;
        }
        if (last < T || bootstrapAtEnd) g += discount * v[S[last % size]!]!;
        const st = S[tau % size]!;
        v[st] = v[st]! + alphaParam.atStep(this.totalSteps) * (g - v[st]!);
      }
      if (tau === T - 1) break;
    }
  }
}
