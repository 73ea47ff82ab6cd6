import { describe, expect, it } from 'vitest';
import { gridWorldMDP, suttonBartoGrid4x4, suttonBartoGrid5x5 } from '@bellman/mdp-core';
import { actionValues } from './greedy.js';
import { qValueIteration } from './q-value-iteration.js';
import { valueIteration } from './value-iteration.js';

describe('qValueIteration', () => {
  it('4×4 gridworld: Q* and V* = max_a Q*', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const r = qValueIteration(mdp);
    expect(r.converged).toBe(true);
    expect(Array.from(r.values)).toEqual([0, -1, -2, -3, -1, -2, -3, -2, -2, -3, -2, -1, -3, -2, -1, 0]);
    expect(Array.from(r.q.subarray(4, 8))).toEqual([-2, -3, -3, -1]); // state 1: UP bumps, LEFT terminates
    expect(Array.from(r.policy)).toEqual(Array.from(valueIteration(mdp).policy));
  });

  it('5×5 gridworld, synchronous and in-place: Q* equals the lookahead on value iteration’s V*', () => {
    const mdp = gridWorldMDP(suttonBartoGrid5x5());
    const vi = valueIteration(mdp, { theta: 1e-12 });
    const qStar = actionValues(mdp, vi.values);
    for (const mode of ['synchronous', 'in-place'] as const) {
      const r = qValueIteration(mdp, { theta: 1e-12, mode, order: 'alternating' });
      expect(r.converged).toBe(true);
      for (let i = 0; i < qStar.length; i++) expect(r.q[i]).toBeCloseTo(qStar[i]!, 8);
      for (let s = 0; s < 25; s++) expect(r.values[s]).toBeCloseTo(vi.values[s]!, 8);
      expect(Array.from(r.policy)).toEqual(Array.from(vi.policy));
    }
    const sync = qValueIteration(mdp, { theta: 1e-9, mode: 'synchronous' });
    const inPlace = qValueIteration(mdp, { theta: 1e-9, mode: 'in-place' });
    expect(inPlace.sweeps).toBeLessThan(sync.sweeps);
  });

  it('starts from init, calls onSweep with Q, and stops on request', () => {
    const mdp = gridWorldMDP(suttonBartoGrid5x5());
    const seen: number[] = [];
    const r = qValueIteration(mdp, {
      init: new Float64Array(100).fill(1),
      onSweep: ({ sweep, q, values }) => {
        seen.push(sweep);
        expect(q.length).toBe(100);
        expect(values.length).toBe(25);
        return sweep < 2;
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(r.sweeps).toBe(2);
    expect(() => qValueIteration(mdp, { init: new Float64Array(25) })).toThrow(/init must be an array of length nS = 100/);
    expect(() => qValueIteration(mdp, { mode: 'async' as never })).toThrow(/mode must be one of/);
  });
});
