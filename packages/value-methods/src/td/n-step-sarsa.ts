import { ALPHA_RANGE } from '../schedules.js';
import { TabularControlAgent, type TabularEnvInput } from '../tabular-agent.js';
import { TD_CONTROL_KEYS, type TDControlConfig } from './sarsa.js';

/** Config of {@link NStepSarsa}. */
export interface NStepSarsaConfig extends TDControlConfig {
  /** Number of steps n ≥ 1 before bootstrapping (default 4; n = 1 is SARSA). */
  n?: number | undefined;
}

/**
 * n-step SARSA (Sutton & Barto §7.2). The agent acts ε-greedily with respect to Q; n steps after
 * (S_τ, A_τ) it updates
 *
 *   G = R_{τ+1} + γ R_{τ+2} + … + γ^{n−1} R_{τ+n} + γ^n Q(S_{τ+n}, A_{τ+n})
 *   Q(S_τ, A_τ) ← Q(S_τ, A_τ) + α [G − Q(S_τ, A_τ)]
 *
 * with the sum cut at the episode's end T and no bootstrap after a terminal state (after a
 * truncation it bootstraps from Q(S_T, A_T), A_T drawn ε-greedily). States, actions and rewards
 * live in ring buffers of n + 1 entries.
 */
export class NStepSarsa extends TabularControlAgent {
  /** n. */
  readonly n: number;
  private readonly ringStates: Int32Array;
  private readonly ringActions: Int32Array;
  private readonly ringRewards: Float64Array;

  constructor(env: TabularEnvInput, config: NStepSarsaConfig = {}) {
    super('NStepSarsa', env, config, [...TD_CONTROL_KEYS, 'n']);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
    this.n = this.cfg.integer('n', 4, 1);
    this.ringStates = new Int32Array(this.n + 1);
    this.ringActions = new Int32Array(this.n + 1);
    this.ringRewards = new Float64Array(this.n + 1);
  }

  protected runEpisode(): void {
    const { q, nA, gamma, n } = this;
    const alphaParam = this.alphaParam!;
    const size = n + 1;
    const S = this.ringStates;
    const A = this.ringActions;
    const R = this.ringRewards;
    S[0] = this.resetEnv();
    A[0] = this.selectAction(S[0]);
    let T = Infinity;
    let bootstrapAtEnd = false;
    for (let t = 0; ; t++) {
      if (t < T) {
        const next = this.stepEnv(A[t % size]!);
        const j = (t + 1) % size;
        R[j] = this.reward;
        S[j] = next;
        if (this.ended) {
          T = t + 1;
          bootstrapAtEnd = !this.terminated;
          if (bootstrapAtEnd) A[j] = this.selectAction(next);
        } else {
          A[j] = this.selectAction(next);
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
        if (last < T || bootstrapAtEnd) g += discount * q[S[last % size]! * nA + A[last % size]!]!;
        const k = S[tau % size]! * nA + A[tau % size]!;
        q[k] = q[k]! + alphaParam.atStep(this.totalSteps) * (g - q[k]!);
      }
      if (tau === T - 1) break;
    }
  }
}
