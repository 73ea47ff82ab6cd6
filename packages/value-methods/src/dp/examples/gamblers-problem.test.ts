import { describe, expect, it } from 'vitest';
import { optimalActions } from '../greedy.js';
import { policyEvaluation } from '../policy-evaluation.js';
import { valueIteration } from '../value-iteration.js';
import { gamblersProblemMDP } from './gamblers-problem.js';

describe('gambler’s problem (Sutton & Barto Example 4.3, p_h = 0.4)', () => {
  const mdp = gamblersProblemMDP();
  const { values, policy, converged } = valueIteration(mdp, { theta: 1e-12 });

  it('has 101 states, 50 stakes and γ = 1', () => {
    expect(mdp.nS).toBe(101);
    expect(mdp.nA).toBe(50);
    expect(mdp.gamma).toBe(1);
    expect(converged).toBe(true);
  });

  it('v* is the probability of winning: increasing, with v*(25) = 0.16, v*(50) = 0.4, v*(75) = 0.64', () => {
    expect(values[0]).toBe(0);
    expect(values[100]).toBe(0); // terminal; reaching it pays +1
    for (let s = 2; s < 100; s++) expect(values[s]!).toBeGreaterThan(values[s - 1]!);
    expect(values[50]).toBeCloseTo(0.4, 10);
    expect(values[25]).toBeCloseTo(0.16, 10);
    expect(values[75]).toBeCloseTo(0.64, 10);
    expect(values[99]).toBeCloseTo(0.4 + 0.6 * values[98]!, 10);
    expect(values[1]).toBeCloseTo(0.4 * values[2]!, 10);
  });

  it('bold play (stake min(s, 100 − s)) is optimal for p_h < 1/2, and value iteration’s policy is worth as much', () => {
    const bold = new Int32Array(101);
    for (let s = 1; s < 100; s++) bold[s] = Math.min(s, 100 - s) - 1;
    const boldValues = policyEvaluation(mdp, bold, { theta: 1e-13 }).values;
    const greedyValues = policyEvaluation(mdp, policy, { theta: 1e-13 }).values;
    const flags = optimalActions(mdp, values, { tolerance: 1e-9 });
    for (let s = 1; s < 100; s++) {
      expect(boldValues[s]).toBeCloseTo(values[s]!, 9);
      expect(greedyValues[s]).toBeCloseTo(values[s]!, 9);
      expect(flags[s * 50 + bold[s]!]).toBe(1);
    }
    // The stakes of Figure 4.3's spikes: all in at 25, 50 and 75.
    expect(policy[50]! + 1).toBe(50);
    expect(policy[25]! + 1).toBe(25);
    expect(policy[75]! + 1).toBe(25);
  });

  it('with p_h > 1/2 timid play wins: staking 1 is optimal everywhere', () => {
    const favourable = gamblersProblemMDP({ pHeads: 0.6 });
    const r = valueIteration(favourable, { theta: 1e-12 });
    const flags = optimalActions(favourable, r.values, { tolerance: 1e-9 });
    for (let s = 1; s < 100; s++) expect(flags[s * 50]).toBe(1);
    // Gambler's ruin: P(win from s) = (1 − (q/p)^s) / (1 − (q/p)^100).
    const ratio = 0.4 / 0.6;
    expect(r.values[10]).toBeCloseTo((1 - ratio ** 10) / (1 - ratio ** 100), 9);
  });

  it('validates its options', () => {
    expect(() => gamblersProblemMDP({ pHeads: 1.2 })).toThrow(/pHeads must be a finite number in \[0, 1\]/);
    expect(() => gamblersProblemMDP({ goal: 1 })).toThrow(/goal must be an integer in \[2, /);
    expect(() => gamblersProblemMDP({ ph: 0.4 } as never)).toThrow(/gamblersProblemMDP options.ph/);
    expect(gamblersProblemMDP({ goal: 10, pHeads: 1 }).nS).toBe(11);
  });
});
