import { TabularMDPBuilder, cliffWalkingMDP, gridWorldMDP, suttonBartoGrid4x4 } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { DoubleQLearning } from './double-q-learning.js';
import { QLearning } from './q-learning.js';

/**
 * S&B Example 6.7 (maximisation bias). From A (state 0), "left" goes to B (state 1) with reward 0
 * and "right" ends the episode with reward 0; every action in B ends the episode with a reward of
 * mean −0.1 and variance 1 (−1.1 or 0.9, equally likely). All states share 10 actions, so in A the
 * even ones go left and the odd ones go right (a random action still goes left half the time).
 */
function maximisationBiasMDP() {
  const nA = 10;
  const b = new TabularMDPBuilder(3, nA);
  for (let a = 0; a < nA; a++) b.add(0, a, 1, a % 2 === 0 ? 1 : 2, 0, a % 2 === 1);
  for (let a = 0; a < nA; a++) b.add(1, a, 0.5, 2, -1.1, true).add(1, a, 0.5, 2, 0.9, true);
  for (let a = 0; a < nA; a++) b.add(2, a, 1, 2, 0, true);
  return b.build({ initialStateDistribution: [1, 0, 0] });
}

/** Fraction of runs taking "left" from A at each episode (an episode of length 2 went left). */
function leftFraction(make: (seed: number) => QLearning | DoubleQLearning, runs: number, episodes: number): number[] {
  const left = new Array<number>(episodes).fill(0);
  for (let seed = 0; seed < runs; seed++) {
    make(seed)
      .learn({ episodes })
      .length.forEach((l, i) => {
        if (l === 2) left[i]!++;
      });
  }
  return left.map((x) => x / runs);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('DoubleQLearning', () => {
  it('is far less drawn to the noisy "left" branch than Q-learning (S&B Figure 6.5, 200 runs)', () => {
    const mdp = maximisationBiasMDP();
    const config = { alpha: 0.1, epsilon: 0.1, gamma: 1 };
    const q = leftFraction((seed) => new QLearning(mdp, { ...config, seed }), 200, 300);
    const dq = leftFraction((seed) => new DoubleQLearning(mdp, { ...config, seed }), 200, 300);
    expect(mean(q.slice(0, 100))).toBeGreaterThan(0.6);
    expect(mean(dq.slice(0, 100))).toBeLessThan(mean(q.slice(0, 100)) - 0.25);
    // Late on, Double Q-learning is near the ε-greedy optimum of 5 % left.
    expect(mean(dq.slice(200))).toBeLessThan(0.1);
    expect(mean(q.slice(200))).toBeGreaterThan(mean(dq.slice(200)));
  });

  it('keeps q = (q1 + q2) / 2 and finds an optimal policy on the 4×4 gridworld (S&B Example 4.1, random starts)', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    // V*(s) = −(distance to the nearer corner), q*(s, a) = −1 + V*(s′).
    const vStar = (s: number) => (s === 0 || s === 15 ? 0 : -Math.min(Math.floor(s / 4) + (s % 4), 6 - Math.floor(s / 4) - (s % 4)));
    for (let seed = 0; seed < 5; seed++) {
      const agent = new DoubleQLearning(mdp, { alpha: 0.5, epsilon: 0.2, gamma: 1, seed, initialValue: -1 });
      expect(agent.q1[0]).toBe(-1);
      agent.learn({ episodes: 1000 });
      for (let i = 0; i < agent.q.length; i++) expect(agent.q[i]).toBe(0.5 * (agent.q1[i]! + agent.q2[i]!));
      const pi = agent.greedyPolicy();
      for (let s = 1; s < 15; s++) {
        const a = pi.action(s);
        const next = mdp.transitions(s, a)[0]!.next;
        expect(-1 + vStar(next)).toBe(vStar(s)); // the greedy action is optimal
        expect(agent.q[s * 4 + a]).toBeCloseTo(vStar(s), 1);
      }
    }
  });

  it('underestimates where Q-learning does not: on Cliff Walking its greedy path stays off the edge', () => {
    // Cross-evaluation (Q2 at Q1's argmax) of the rarely revisited edge states keeps them pessimistic,
    // so with ε = 0.1 Double Q-learning settles on the 17-step path while Q-learning finds the 13-step one.
    const model = cliffWalkingMDP();
    const length = (agent: QLearning | DoubleQLearning) => {
      let s = 36;
      for (let n = 1; n <= 100; n++) {
        const o = model.transitions(s, agent.predict(s, { deterministic: true }))[0]!;
        s = o.next;
        if (o.terminated) return n;
      }
      return Infinity;
    };
    for (let seed = 0; seed < 3; seed++) {
      const dq = new DoubleQLearning(model, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      const q = new QLearning(model, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      dq.learn({ episodes: 500 });
      q.learn({ episodes: 500 });
      expect(length(q)).toBe(13);
      expect(length(dq)).toBe(17);
      expect(dq.stateValues()[36]).toBeLessThan(q.stateValues()[36]!);
    }
  });
});
