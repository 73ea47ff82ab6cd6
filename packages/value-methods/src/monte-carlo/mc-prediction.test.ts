import { TabularMDPBuilder } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { randomWalkMDP, randomWalkStates, randomWalkTrueValues } from '../examples/random-walk.js';
import { rmsError } from '../learning-curve.js';
import { MonteCarloPrediction } from './mc-prediction.js';

/**
 * State 0: action 0 → state 1, action 1 → terminal 2 with reward 1; state 1 → state 0.
 * The scripted policy walks 0 → 1 → 0 → terminal, so state 0 is visited twice.
 */
function revisit() {
  const b = new TabularMDPBuilder(3, 2);
  b.add(0, 0, 1, 1, 0, false).add(0, 1, 1, 2, 1, true);
  b.add(1, 0, 1, 0, 0, false).add(1, 1, 1, 0, 0, false);
  b.add(2, 0, 1, 2, 0, true).add(2, 1, 1, 2, 0, true);
  const mdp = b.build({ initialStateDistribution: [1, 0, 0] });
  let visits = 0;
  const policy = { act: (s: number) => (s === 0 ? (visits++ % 2 === 0 ? 0 : 1) : 0) };
  return { mdp, policy };
}

describe('MonteCarloPrediction', () => {
  it('averages first-visit or every-visit returns (hand-computed)', () => {
    // γ = 0.5, rewards 0, 0, 1: G_0 = 0.25, G_1 = 0.5, G_2 = 1.
    const first = revisit();
    const fv = new MonteCarloPrediction(first.mdp, { policy: first.policy, gamma: 0.5 });
    fv.learn({ episodes: 1 });
    expect(Array.from(fv.v)).toEqual([0.25, 0.5, 0]);
    expect(Array.from(fv.counts)).toEqual([1, 1, 0]);
    const every = revisit();
    const ev = new MonteCarloPrediction(every.mdp, { policy: every.policy, gamma: 0.5, visits: 'every' });
    ev.learn({ episodes: 1 });
    expect(Array.from(ev.v)).toEqual([(1 + 0.25) / 2, 0.5, 0]);
    expect(Array.from(ev.counts)).toEqual([2, 1, 0]);
  });

  it('makes the constant-α update V(S_t) ← V(S_t) + α[G_t − V(S_t)] backwards through the episode', () => {
    const { mdp, policy } = revisit();
    const mc = new MonteCarloPrediction(mdp, { policy, gamma: 0.5, alpha: 0.5, visits: 'every', initialValue: 2 });
    mc.learn({ episodes: 1 });
    // t = 2: V(0) = 2 + 0.5(1 − 2) = 1.5; t = 1: V(1) = 2 + 0.5(0.5 − 2) = 1.25; t = 0: V(0) = 1.5 + 0.5(0.25 − 1.5) = 0.875.
    expect(Array.from(mc.v)).toEqual([0.875, 1.25, 2]);
  });

  it('converges to the random-walk values 1/6 … 5/6 with sample averages', () => {
    for (const visits of ['first', 'every'] as const) {
      const mc = new MonteCarloPrediction(randomWalkMDP(), { gamma: 1, visits, seed: 1 });
      mc.learn({ episodes: 3000 });
      expect(rmsError(mc.v, randomWalkTrueValues(), randomWalkStates())).toBeLessThan(0.02);
    }
  });

  it('validates alpha and visits', () => {
    const mdp = randomWalkMDP();
    expect(() => new MonteCarloPrediction(mdp, { alpha: 'mean' as never })).toThrow(/MonteCarloPrediction\.alpha must be a number in \(0, 1\], a schedule, or 'average'; got "mean"/);
    expect(() => new MonteCarloPrediction(mdp, { alpha: 2 })).toThrow(/MonteCarloPrediction\.alpha must be a number in \(0, 1\]; got 2/);
    expect(() => new MonteCarloPrediction(mdp, { visits: 'all' as never })).toThrow(/MonteCarloPrediction\.visits must be one of "first", "every"/);
    expect(new MonteCarloPrediction(mdp).getConfig()).toMatchObject({ alpha: 'average', visits: 'first' });
  });
});
