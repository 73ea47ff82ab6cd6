import type { ScheduleLike } from '../schedules.js';
import { ALPHA_RANGE } from '../schedules.js';
import { TabularControlAgent, type TabularControlConfig, type TabularEnvInput } from '../tabular-agent.js';

/** Config of {@link Sarsa}, {@link QLearning}, {@link ExpectedSarsa}, {@link DoubleQLearning} and {@link NStepSarsa}. */
export interface TDControlConfig extends TabularControlConfig {
  /** Step size α ∈ (0, 1] (number or schedule; default 0.1). */
  alpha?: ScheduleLike | undefined;
  /** Exploration rate ε ∈ [0, 1] of the ε-greedy behaviour policy (number or schedule; default 0.1). */
  epsilon?: ScheduleLike | undefined;
}

/** Config keys of {@link TDControlConfig} beyond the common ones. */
export const TD_CONTROL_KEYS = ['alpha', 'epsilon'] as const;

/**
 * SARSA, on-policy TD control (Sutton & Barto §6.4). The agent acts ε-greedily with respect to Q
 * and, after each transition (S, A, R, S′) and its next action A′ (also ε-greedy),
 *
 *   Q(S, A) ← Q(S, A) + α [R + γ Q(S′, A′) − Q(S, A)]     (Q(S′, ·) = 0 when S′ is terminal).
 *
 * Because the target uses the action actually taken next, exploration's risks are part of what it
 * learns: on Cliff Walking with ε = 0.1 it prefers the safe path away from the edge. On truncation
 * it still bootstraps from Q(S′, A′).
 *
 * @example
 * ```ts
 * const sarsa = new Sarsa(new CliffWalkingEnv(), { alpha: 0.5, epsilon: 0.1, gamma: 1, seed: 0 });
 * const curve = sarsa.learn({ episodes: 500 }); // { episode, return, length }
 * sarsa.greedyPolicy().action(36); // UP: away from the cliff
 * ```
 */
export class Sarsa extends TabularControlAgent {
  constructor(env: TabularEnvInput, config: TDControlConfig = {}) {
    super('Sarsa', env, config, TD_CONTROL_KEYS);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
  }

  protected runEpisode(): void {
    const { q, nA, gamma } = this;
    const alphaParam = this.alphaParam!;
    let s = this.resetEnv();
    let a = this.selectAction(s);
    for (;;) {
      const next = this.stepEnv(a);
      const k = s * nA + a;
      if (this.terminated) {
        q[k] = q[k]! + alphaParam.atStep(this.totalSteps) * (this.reward - q[k]!);
        break;
      }
      const aNext = this.selectAction(next);
      q[k] = q[k]! + alphaParam.atStep(this.totalSteps) * (this.reward + gamma * q[next * nA + aNext]! - q[k]!);
      if (this.ended) break;
      s = next;
      a = aNext;
    }
  }
}
