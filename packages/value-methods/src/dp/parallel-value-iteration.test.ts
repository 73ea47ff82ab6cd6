import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridWorldMDP, suttonBartoGrid5x5, type TabularMDP } from '@bellman/mdp-core';
import { optimalActions } from './greedy.js';
import { ParallelValueIteration, parallelValueIteration } from './parallel-value-iteration.js';
import { valueIteration } from './value-iteration.js';

const GAMMA = 0.99;

function grid(slip: number): TabularMDP {
  return gridWorldMDP({ rows: 60, cols: 80, start: [0, 0], terminals: [{ cell: [59, 79] }], walls: [[30, 10], [30, 11], [30, 12], [5, 70]], slip });
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Every action of `policy` is optimal for `values` (ties within `tolerance`). */
function allOptimal(mdp: TabularMDP, values: Float64Array, policy: Int32Array, tolerance: number): boolean {
  const flags = optimalActions(mdp, values, { gamma: GAMMA, tolerance });
  for (let s = 0; s < mdp.nS; s++) if (flags[s * mdp.nA + policy[s]!] !== 1) return false;
  return true;
}

describe.each([
  ['deterministic', 0],
  ['slippery', 2 / 3],
])('ParallelValueIteration on a 60×80 %s gridworld', (_name, slip) => {
  const mdp = grid(slip);
  let pool: ParallelValueIteration;
  beforeAll(async () => {
    pool = await ParallelValueIteration.create(mdp, { workers: 2, gamma: GAMMA });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('is banded, so in-place (red-black) sweeps are supported', () => {
    expect(pool.workers).toBe(2);
    expect(pool.inPlaceSupported).toBe(true);
    expect(pool.model.layout).toBe('runs');
  });

  it('synchronous sweeps equal the single-thread ones bit for bit', async () => {
    const single = valueIteration(mdp, { gamma: GAMMA, mode: 'synchronous' });
    const parallel = await pool.run({ mode: 'synchronous' });
    expect(parallel.mode).toBe('synchronous');
    expect(parallel.sweeps).toBe(single.sweeps);
    expect(parallel.delta).toBe(single.delta);
    expect(Array.from(parallel.values)).toEqual(Array.from(single.values));
    expect(Array.from(parallel.policy)).toEqual(Array.from(single.policy));
  });

  it('in-place sweeps reach the same fixed point and an equally optimal greedy policy', async () => {
    const exact = valueIteration(mdp, { gamma: GAMMA, theta: 1e-11, mode: 'in-place', order: 'alternating', init: 'lower-bound' });
    const cases = [
      ['forward', 'zeros'],
      ['backward', 'lower-bound'],
      ['alternating', 'lower-bound'],
    ] as const;
    for (const [order, init] of cases) {
      const single = valueIteration(mdp, { gamma: GAMMA, theta: 1e-9, order, init });
      const parallel = await pool.run({ theta: 1e-9, order, init, mode: 'in-place' });
      expect(parallel.mode).toBe('in-place');
      expect(parallel.converged).toBe(true);
      // Both within the θ-consistent bound γ/(1 − γ) · θ of V*.
      expect(maxDiff(parallel.values, exact.values)).toBeLessThan((GAMMA / (1 - GAMMA)) * 1e-9);
      expect(maxDiff(parallel.values, single.values)).toBeLessThan((2 * GAMMA / (1 - GAMMA)) * 1e-9);
      expect(allOptimal(mdp, exact.values, parallel.policy, 1e-6)).toBe(true);
      // Where the optimal action is unique, both policies pick it.
      const flags = optimalActions(mdp, exact.values, { gamma: GAMMA, tolerance: 1e-6 });
      for (let s = 0; s < mdp.nS; s++) {
        let count = 0;
        for (let a = 0; a < 4; a++) count += flags[s * 4 + a]!;
        if (count === 1) expect(parallel.policy[s]).toBe(single.policy[s]);
      }
    }
  });

  it('runs the onSweep hook on the main thread between sweeps, and stops when it returns false', async () => {
    const seen: number[] = [];
    const firstValues: number[] = [];
    const r = await pool.run({
      mode: 'in-place',
      init: 'lower-bound',
      onSweep: ({ sweep, delta, values }) => {
        seen.push(sweep);
        firstValues.push(values[0]!);
        expect(delta).toBeGreaterThanOrEqual(0);
        return sweep < 3;
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(r.sweeps).toBe(3);
    expect(r.converged).toBe(false);
    expect(firstValues[2]!).toBeGreaterThanOrEqual(firstValues[0]!);
    await expect(pool.run({ onSweep: () => { throw new Error('hook failed'); } })).rejects.toThrow('hook failed');
    // The pool is still usable after a hook error.
    const again = await pool.run({ maxSweeps: 2, mode: 'synchronous' });
    expect(again.sweeps).toBe(2);
  });
});

describe('ParallelValueIteration — fallbacks, validation and shutdown', () => {
  it('falls back to synchronous sweeps when successors are not banded (5×5 teleports), and matches valueIteration', async () => {
    const mdp = gridWorldMDP(suttonBartoGrid5x5());
    const r = await parallelValueIteration(mdp, { workers: 2, theta: 1e-10, mode: 'in-place' });
    expect(r.mode).toBe('synchronous');
    expect(r.workers).toBe(2);
    const single = valueIteration(mdp, { theta: 1e-10, mode: 'synchronous' });
    expect(Array.from(r.values)).toEqual(Array.from(single.values));
  });

  it('with one worker, in-place sweeps equal the single-thread ones bit for bit', async () => {
    const mdp = grid(2 / 3);
    const r = await parallelValueIteration(mdp, { workers: 1, gamma: GAMMA, order: 'backward', init: 'lower-bound' });
    const single = valueIteration(mdp, { gamma: GAMMA, order: 'backward', init: 'lower-bound' });
    expect(r.mode).toBe('in-place');
    expect(r.sweeps).toBe(single.sweeps);
    expect(Array.from(r.values)).toEqual(Array.from(single.values));
  });

  it('validates options before starting any worker', async () => {
    const mdp = grid(0);
    await expect(ParallelValueIteration.create(mdp, { workers: 0, gamma: GAMMA })).rejects.toThrow(/workers must be an integer in \[1, 64\]/);
    await expect(ParallelValueIteration.create(mdp, { gamma: GAMMA, theta: 1 } as never)).rejects.toThrow(/ParallelValueIteration options.theta/);
    await expect(ParallelValueIteration.create(mdp)).rejects.toThrow(/gamma must be a number in \[0, 1\]/);
    await expect(parallelValueIteration(mdp, { gamma: GAMMA, theta: -1 })).rejects.toThrow(/theta must be a finite number > 0/);
    await expect(parallelValueIteration(mdp, { gamma: GAMMA, workerCount: 2 } as never)).rejects.toThrow(/parallelValueIteration options.workerCount/);
  });

  it('close() ends every worker; run() after close() throws; close() twice is fine', async () => {
    const mdp = grid(0);
    const pool = await ParallelValueIteration.create(mdp, { workers: 2, gamma: GAMMA });
    await expect(pool.run({ mode: 'in-place', gamma: 0.5 } as never)).rejects.toThrow(/ParallelValueIteration.run options.gamma/);
    await pool.close();
    await pool.close();
    await expect(pool.run()).rejects.toThrow(/after close\(\)/);
    const workers = process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort');
    expect(workers).toEqual([]);
  });
});
