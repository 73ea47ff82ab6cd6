import { CliffWalkingEnv, TabularMDPBuilder, cliffWalkingMDP } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { ExpectedSarsa } from './expected-sarsa.js';
import { QLearning } from './q-learning.js';
import { Sarsa } from './sarsa.js';

/** The greedy policy's states from the start (36) on the cliff model; null on a fall or after 100 steps. */
function greedyPath(agent: { predict(s: number, o: { deterministic: boolean }): number }): number[] | null {
  const model = cliffWalkingMDP();
  let s = 36;
  const path = [s];
  for (let n = 0; n < 100; n++) {
    const o = model.transitions(s, agent.predict(s, { deterministic: true }))[0]!;
    if (o.reward === -100) return null;
    s = o.next;
    path.push(s);
    if (o.terminated) return path;
  }
  return null;
}

describe('ExpectedSarsa', () => {
  it('on Cliff Walking keeps a row between itself and the cliff, and earns more online than SARSA (S&B Figure 6.3)', () => {
    let expected = 0;
    let sarsa = 0;
    for (let seed = 0; seed < 10; seed++) {
      const agent = new ExpectedSarsa(new CliffWalkingEnv(), { alpha: 0.9, epsilon: 0.1, gamma: 1, seed });
      const curve = agent.learn({ episodes: 500 });
      const path = greedyPath(agent);
      expect(path).not.toBeNull();
      // 15 steps: up two rows, along row 1, down two rows; never on row 2 between columns 1 and 10.
      expect(path!.length - 1).toBe(15);
      expect(path!.some((s) => Math.floor(s / 12) === 2 && s % 12 >= 1 && s % 12 <= 10)).toBe(false);
      expected += curve.return.slice(-100).reduce((a, b) => a + b, 0) / 100;
      const s = new Sarsa(new CliffWalkingEnv(), { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      sarsa += s.learn({ episodes: 500 }).return.slice(-100).reduce((a, b) => a + b, 0) / 100;
    }
    expect(expected / 10).toBeGreaterThan(-24);
    expect(expected / 10).toBeGreaterThan(sarsa / 10);
  });

  it('with targetEpsilon = 0 is exactly Q-learning', () => {
    const config = { alpha: 0.5, epsilon: 0.1, gamma: 1, seed: 2 };
    const a = new ExpectedSarsa(cliffWalkingMDP(), { ...config, targetEpsilon: 0 });
    const b = new QLearning(cliffWalkingMDP(), config);
    expect(a.learn({ episodes: 100 })).toEqual(b.learn({ episodes: 100 }));
    expect(Array.from(a.q)).toEqual(Array.from(b.q));
  });

  it('bootstraps from (ε/nA) Σ Q(S′, ·) + (1 − ε) max Q(S′, ·) (hand-computed)', () => {
    // State 0, 2 actions, both → state 1 with reward 1; state 1 → terminal 2 with reward 0.
    const b = new TabularMDPBuilder(3, 2);
    b.add(0, 0, 1, 1, 1, false).add(0, 1, 1, 1, 1, false);
    b.add(1, 0, 1, 2, 0, true).add(1, 1, 1, 2, 0, true);
    b.add(2, 0, 1, 2, 0, true).add(2, 1, 1, 2, 0, true);
    const agent = new ExpectedSarsa(b.build({ initialStateDistribution: [1, 0, 0] }), { alpha: 0.5, epsilon: 0.2, gamma: 0.9 });
    agent.q.set([0, 0, 4, -2, 0, 0]);
    let a0 = -1;
    agent.learn({ episodes: 1, onEpisode: () => void (a0 = agent.q[0] !== 0 ? 0 : 1) });
    // E = 0.1·(4 − 2) + 0.8·4 = 3.4; target = 1 + 0.9·3.4 = 4.06; Q(0, a0) = 0.5 · 4.06 = 2.03.
    expect(agent.q[a0]).toBeCloseTo(2.03, 12);
  });

  it('validates targetEpsilon', () => {
    expect(() => new ExpectedSarsa(cliffWalkingMDP(), { targetEpsilon: 2 })).toThrow(/ExpectedSarsa\.targetEpsilon must be a number in \[0, 1\]; got 2/);
  });
});
