import { ALPHA_RANGE } from '../schedules.js';
import { TabularControlAgent, type TabularEnvInput } from '../tabular-agent.js';
import { TD_CONTROL_KEYS, type TDControlConfig } from './sarsa.js';

/**
 * Q-learning, off-policy TD control (Watkins 1989; Sutton & Barto §6.5). The agent acts ε-greedily
 * with respect to Q and, after each transition (S, A, R, S′),
 *
 *   Q(S, A) ← Q(S, A) + α [R + γ max_a Q(S′, a) − Q(S, A)]     (0 instead of the max when S′ is terminal).
 *
 * The target is the greedy policy's, whatever the behaviour did, so Q approaches q* directly: on
 * Cliff Walking its greedy path is the optimal 13-step walk along the cliff edge (while its
 * ε-greedy returns are worse than SARSA's, since exploration near the edge falls off it).
 *
 * @example
 * ```ts
 * const agent = new QLearning(new CliffWalkingEnv(), { alpha: 0.5, gamma: 1, epsilon: 0.1, seed: 0 });
 * const curve = agent.learn({ episodes: 500 });
 * agent.predict(36, { deterministic: true }); // 0 (UP), then RIGHT along the edge
 * ```
 */
export class QLearning extends TabularControlAgent {
  constructor(env: TabularEnvInput, config: TDControlConfig = {}) {
    super('QLearning', env, config, TD_CONTROL_KEYS);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
  }

  protected runEpisode(): void {
    const { q, nA, gamma } = this;
    const alphaParam = this.alphaParam!;
    let s = this.resetEnv();
    for (;;) {
      const a = this.selectAction(s);
      const next = this.stepEnv(a);
      const target = this.terminated ? this.reward : this.reward + gamma * this.maxQ(next);
      const k = s * nA + a;
      q[k] = q[k]! + alphaParam.atStep(this.totalSteps) * (target - q[k]!);
      if (this.ended) break;
      s = next;
    }
  }
}
