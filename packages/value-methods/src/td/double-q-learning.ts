import { ALPHA_RANGE } from '../schedules.js';
import { TabularControlAgent, type TabularEnvInput } from '../tabular-agent.js';
import { TD_CONTROL_KEYS, type TDControlConfig } from './sarsa.js';

/**
 * Double Q-learning (van Hasselt 2010; Sutton & Barto §6.7). Two independent estimates Q1 and Q2;
 * the agent acts ε-greedily with respect to their sum and, after each transition (S, A, R, S′),
 * flips a fair coin and updates one of them using the other to evaluate its own greedy action:
 *
 *   Q1(S, A) ← Q1(S, A) + α [R + γ Q2(S′, argmax_a Q1(S′, a)) − Q1(S, A)]   (or the same with 1 ↔ 2)
 *
 * (no bootstrap when S′ is terminal; argmax ties at random). Selecting and evaluating with
 * different estimates removes the maximisation bias of Q-learning. `q` holds (Q1 + Q2) / 2, kept
 * up to date after every update; `q1` and `q2` are the two estimates.
 */
export class DoubleQLearning extends TabularControlAgent {
  /** Q1(s, a). */
  readonly q1: Float64Array;
  /** Q2(s, a). */
  readonly q2: Float64Array;

  constructor(env: TabularEnvInput, config: TDControlConfig = {}) {
    super('DoubleQLearning', env, config, TD_CONTROL_KEYS);
    this.alphaParam = this.cfg.schedule('alpha', 0.1, ALPHA_RANGE);
    this.q1 = this.q.slice();
    this.q2 = this.q.slice();
  }

  protected runEpisode(): void {
    const { q, q1, q2, nA, gamma, rng } = this;
    const alphaParam = this.alphaParam!;
    let s = this.resetEnv();
    for (;;) {
      const a = this.selectAction(s);
      const next = this.stepEnv(a);
      const k = s * nA + a;
      const first = rng.random() < 0.5;
      const upd = first ? q1 : q2;
      const other = first ? q2 : q1;
      let target = this.reward;
      if (!this.terminated) target += gamma * other[next * nA + this.argmaxRandomTies(upd, next)]!;
      upd[k] = upd[k]! + alphaParam.atStep(this.totalSteps) * (target - upd[k]!);
      q[k] = 0.5 * (q1[k]! + q2[k]!);
      if (this.ended) break;
      s = next;
    }
  }

  /** argmax_a table(s, a), ties broken uniformly with the agent's generator. */
  private argmaxRandomTies(table: Float64Array, s: number): number {
    const off = s * this.nA;
    let best = 0;
    let ties = 1;
    for (let a = 1; a < this.nA; a++) {
      const x = table[off + a]!;
      const m = table[off + best]!;
      if (x > m) {
        best = a;
        ties = 1;
      } else if (x === m) {
        // Reservoir sampling: keep the a-th tied action with probability 1/ties.
        ties++;
        if (this.rng.integer(ties) === 0) best = a;
      }
    }
    return best;
  }
}
