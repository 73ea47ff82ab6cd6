import { describe, expect, it } from 'vitest';
import { gridWorldMDP, suttonBartoGrid4x4, suttonBartoGrid5x5 } from '@bellman/mdp-core';
import { gamblersProblemMDP } from './examples/gamblers-problem.js';
import { policyIteration } from './policy-iteration.js';
import { valueIteration } from './value-iteration.js';

describe('policyIteration', () => {
  it('4×4 gridworld (Example 4.1): reaches v* from "always UP" (an improper policy under γ = 1)', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const r = policyIteration(mdp, { maxSweeps: 200 });
    expect(r.converged).toBe(true);
    expect(Array.from(r.values)).toEqual([0, -1, -2, -3, -1, -2, -3, -2, -2, -3, -2, -1, -3, -2, -1, 0]);
    expect(Array.from(r.policy)).toEqual(Array.from(valueIteration(mdp).policy));
    expect(r.iterations).toBeGreaterThanOrEqual(2);
  });

  it('starting from the random policy’s greedy policy, one improvement is already optimal (Figure 4.1)', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const start = Int32Array.from([0, 3, 3, 2, 0, 0, 3, 2, 0, 0, 1, 2, 0, 1, 1, 0]);
    const r = policyIteration(mdp, { initialPolicy: start });
    expect(r.iterations).toBe(1);
    expect(r.values[5]).toBe(-2);
  });

  it('5×5 gridworld (Example 3.8): same v* as value iteration', () => {
    const mdp = gridWorldMDP(suttonBartoGrid5x5());
    const pi = policyIteration(mdp, { theta: 1e-12 });
    const vi = valueIteration(mdp, { theta: 1e-12 });
    expect(pi.converged).toBe(true);
    for (let s = 0; s < 25; s++) expect(pi.values[s]).toBeCloseTo(vi.values[s]!, 8);
    expect(Array.from(pi.policy)).toEqual(Array.from(vi.policy));
    expect(pi.iterations).toBeLessThan(10);
  });

  it('gambler’s problem: converges to the same values as value iteration', () => {
    const mdp = gamblersProblemMDP();
    const pi = policyIteration(mdp, { theta: 1e-12 });
    const vi = valueIteration(mdp, { theta: 1e-12 });
    for (let s = 0; s <= 100; s++) expect(pi.values[s]).toBeCloseTo(vi.values[s]!, 8);
  });

  it('calls onSweep (total sweep count, iteration) and onIteration; either can stop', () => {
    const mdp = gridWorldMDP(suttonBartoGrid5x5());
    const iterations: { iteration: number; changed: number; sweeps: number }[] = [];
    let lastSweep = 0;
    let monotone = true;
    const r = policyIteration(mdp, {
      onSweep: ({ sweep, iteration }) => {
        if (sweep !== lastSweep + 1 || iteration < 1) monotone = false;
        lastSweep = sweep;
      },
      onIteration: ({ iteration, changed, sweeps, policy, values }) => {
        iterations.push({ iteration, changed, sweeps });
        expect(policy.length).toBe(25);
        expect(values.length).toBe(25);
      },
    });
    expect(monotone).toBe(true);
    expect(lastSweep).toBe(r.sweeps);
    expect(iterations.at(-1)!.changed).toBe(0);
    expect(iterations.reduce((n, x) => n + x.sweeps, 0)).toBe(r.sweeps);
    const stopped = policyIteration(mdp, { onIteration: () => false });
    expect(stopped.iterations).toBe(1);
    expect(stopped.converged).toBe(false);
    const stoppedSweeps = policyIteration(mdp, { onSweep: ({ sweep }) => sweep < 4 });
    expect(stoppedSweeps.sweeps).toBe(4);
    expect(stoppedSweeps.converged).toBe(false);
  });

  it('validates its options', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    expect(() => policyIteration(mdp, { maxIterations: 0 })).toThrow(/maxIterations must be an integer >= 1/);
    expect(() => policyIteration(mdp, { initialPolicy: new Int32Array(3) })).toThrow(/initialPolicy actions must be an Int32Array of 16 actions/);
    expect(() => policyIteration(mdp, { initialPolicy: new Float64Array(64).fill(0.25) as never })).toThrow(/initialPolicy must be a deterministic policy/);
    expect(() => policyIteration(mdp, { theta: 0 })).toThrow(/theta must be a finite number > 0/);
    expect(() => policyIteration(mdp, { onIteration: 1 as never })).toThrow(/onIteration must be a function/);
  });
});
