import { EPSILON_RANGE, ALPHA_RANGE } from '../schedules.js';
import type { ScheduledParameter} from '../tabular-agent.js';
import { TabularControlAgent, type TabularEnvInput } from '../tabular-agent.js';
import type { ScheduleLike } from '../schedules.js';
import { TD_CONTROL_KEYS, type TDControlConfig } from './sarsa.js';

/** Config of {@link ExpectedSarsa}. */
export interface ExpectedSarsaConfig extends TDControlConfig {
  /**
   * ε of the ε-greedy target policy whose expectation is taken (number or schedule). Default: the
   * behaviour's ε at every step (on-policy Expected SARSA); 0 gives Q-learning's target.
   */
  targetEpsilon?: ScheduleLike | undefined;
}

/**
 * Expected SARSA (Sutton & Barto §6.6). The agent acts ε-greedily with respect to Q and, after each
 * transition (S, A, R, S′), replaces SARSA's sampled Q(S′, A′) by its expectation under the
 * ε-greedy policy π:
 *
 *   Q(S, A) ← Q(S, A) + α [R + γ Σ_a π(a|S′) Q(S′, a) − Q(S, A)],
 *   Σ_a π(a|S′) Q(S′, a) = (ε/nA) Σ_a Q(S′, a) + (1 − ε) max_a Q(S′, a)
 *
 * (0 when S′ is terminal). Removing the variance of A′ lets it use large step sizes (α = 1 on
 * Cliff Walking).
 */
export class ExpectedSarsa extends TabularControlAgent {
  private readonly targetEpsilonParam: ScheduledParameter | undefined;

  constructor(env: TabularEnvInput, config: ExpectedSarsaConfig = {}) {
    super('ExpectedSarsa', env, config, [...TD_CONTROL_KEYS, 'targetEpsilon']);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
    this.targetEpsilonParam = this.cfg.get('targetEpsilon') === undefined ? undefined : this.cfg.schedule('targetEpsilon', 0, EPSILON_RANGE);
  }

  protected override beginEpisode(): void {
    super.beginEpisode();
    this.targetEpsilonParam?.refresh(this.episodes, this.totalSteps);
  }

  protected runEpisode(): void {
    const { q, nA, gamma } = this;
    const alphaParam = this.alphaParam!;
    const targetEps = this.targetEpsilonParam;
    let s = this.resetEnv();
    for (;;) {
      const a = this.selectAction(s);
      const next = this.stepEnv(a);
      let target = this.reward;
      if (!this.terminated) {
        const eps = targetEps === undefined ? this.behaviour.epsilon : targetEps.atStep(this.totalSteps);
        target += gamma * this.epsilonGreedyExpectation(next, eps);
      }
      const k = s * nA + a;
      q[k] = q[k]! + alphaParam.atStep(this.totalSteps) * (target - q[k]!);
      if (this.ended) break;
      s = next;
    }
  }
}
