import { FrozenLakeEnv, gridWorldMDP, suttonBartoGrid4x4 } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { MonteCarloControl } from './mc-control.js';

describe('MonteCarloControl (on-policy, ε-soft)', () => {
  it('finds the 6-step path on deterministic FrozenLake 4×4 (γ = 0.9, 10 seeds)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const env = new FrozenLakeEnv({ isSlippery: false });
      const mc = new MonteCarloControl(env, { gamma: 0.9, epsilon: 0.1, seed });
      mc.learn({ episodes: 2000 });
      let s = 0;
      let steps = 0;
      let reward = 0;
      while (steps < 50) {
        const o = env.model.transitions(s, mc.predict(s, { deterministic: true }))[0]!;
        steps++;
        s = o.next;
        reward = o.reward;
        if (o.terminated) break;
      }
      expect([steps, reward]).toEqual([6, 1]);
      // Q(start, greedy) estimates the ε-greedy policy's return, a bit under γ^5 = 0.59.
      const q0 = Math.max(...Array.from(mc.q.subarray(0, 4)));
      expect(q0).toBeGreaterThan(0.3);
      expect(q0).toBeLessThan(0.9 ** 5 + 1e-9);
    }
  });

  it('with ε decaying (GLIE) the greedy policy becomes optimal on the 4×4 gridworld in nearly every state', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const vStar = (s: number) => (s === 0 || s === 15 ? 0 : -Math.min(Math.floor(s / 4) + (s % 4), 6 - Math.floor(s / 4) - (s % 4)));
    let optimal = 0;
    for (let seed = 0; seed < 10; seed++) {
      const mc = new MonteCarloControl(mdp, {
        gamma: 1,
        seed,
        epsilon: { type: 'linear', start: 0.3, end: 0.01, duration: 3000 },
        initialValue: -20,
        maxStepsPerEpisode: 100,
      });
      mc.learn({ episodes: 3000 });
      const pi = mc.greedyPolicy();
      for (let s = 1; s < 15; s++) if (-1 + vStar(mdp.transitions(s, pi.action(s))[0]!.next) === vStar(s)) optimal++;
    }
    expect(optimal / 140).toBeGreaterThan(0.95);
  });

  it('counts first visits of each pair once per episode, every visit otherwise', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const first = new MonteCarloControl(mdp, { gamma: 1, seed: 0, epsilon: 1 });
    const every = new MonteCarloControl(mdp, { gamma: 1, seed: 0, epsilon: 1, visits: 'every' });
    const curve = first.learn({ episodes: 50 });
    every.learn({ episodes: 50 });
    const total = (c: Float64Array) => c.reduce((a, b) => a + b, 0);
    expect(total(every.counts)).toBe(curve.length.reduce((a, b) => a + b, 0));
    expect(total(first.counts)).toBeLessThan(total(every.counts));
  });
});
