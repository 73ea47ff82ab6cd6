import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  cliffWalkingSpec,
  gridWorldMDP,
  suttonBartoGrid4x4,
  suttonBartoGrid5x5,
  windyGridWorld,
} from '@bellman/mdp-core';
import { actionValues, greedyPolicy, optimalActions } from './greedy.js';
import { valueIteration } from './value-iteration.js';

const UP = 0;
const RIGHT = 1;
const DOWN = 2;
const LEFT = 3;

function rows(values: Float64Array, cols: number, digits: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < values.length / cols; r++) {
    out.push(Array.from(values.subarray(r * cols, (r + 1) * cols), (v) => Number(v.toFixed(digits)) + 0));
  }
  return out;
}

const grid5 = gridWorldMDP(suttonBartoGrid5x5());

describe('valueIteration — book examples', () => {
  it('4×4 gridworld (Example 4.1): v* = −(steps to the nearest terminal corner)', () => {
    const { values, policy, sweeps, converged } = valueIteration(gridWorldMDP(suttonBartoGrid4x4()));
    expect(converged).toBe(true);
    expect(sweeps).toBeLessThanOrEqual(4);
    expect(rows(values, 4, 9)).toEqual([
      [0, -1, -2, -3],
      [-1, -2, -3, -2],
      [-2, -3, -2, -1],
      [-3, -2, -1, 0],
    ]);
    // Ties go to the lowest action index: UP before LEFT, RIGHT before DOWN.
    expect(Array.from(policy)).toEqual([UP, LEFT, LEFT, DOWN, UP, UP, UP, DOWN, UP, UP, RIGHT, DOWN, UP, RIGHT, RIGHT, UP]);
  });

  it('5×5 gridworld (Example 3.8, Figure 3.5): v* and π*', () => {
    const { values, converged } = valueIteration(grid5, { theta: 1e-10 });
    expect(converged).toBe(true);
    expect(rows(values, 5, 1)).toEqual([
      [22.0, 24.4, 22.0, 19.4, 17.5],
      [19.8, 22.0, 19.8, 17.8, 16.0],
      [17.8, 19.8, 17.8, 16.0, 14.4],
      [16.0, 17.8, 16.0, 14.4, 13.0],
      [14.4, 16.0, 14.4, 13.0, 11.7],
    ]);
    // v*(A) = 10 + γ · v*(A′) and v*(A′) = γ⁴ v*(A) (four steps up, back to A): 10 / (1 − 0.9⁵).
    expect(values[1]).toBeCloseTo(10 / (1 - 0.9 ** 5), 8);
    const flags = optimalActions(grid5, values, { tolerance: 1e-6 });
    const arrows = (r: number, c: number): number[] => [UP, RIGHT, DOWN, LEFT].filter((a) => flags[(r * 5 + c) * 4 + a] === 1);
    expect(arrows(0, 0)).toEqual([RIGHT]);
    expect(arrows(0, 1)).toEqual([UP, RIGHT, DOWN, LEFT]); // every action from A teleports
    expect(arrows(0, 2)).toEqual([LEFT]);
    expect(arrows(0, 3)).toEqual([UP, RIGHT, DOWN, LEFT]);
    expect(arrows(0, 4)).toEqual([LEFT]);
    expect(arrows(1, 0)).toEqual([UP, RIGHT]);
    expect(arrows(1, 1)).toEqual([UP]);
    expect(arrows(1, 2)).toEqual([UP, LEFT]);
    expect(arrows(1, 3)).toEqual([LEFT]);
    expect(arrows(4, 4)).toEqual([UP, LEFT]);
  });

  it('Windy Gridworld (Example 6.5): the shortest path takes 15 steps, 7 with king moves (Exercise 6.9)', () => {
    const windy = gridWorldMDP(windyGridWorld());
    expect(valueIteration(windy).values[30]).toBe(-15);
    const king = gridWorldMDP(windyGridWorld({ kingMoves: true }));
    expect(valueIteration(king).values[30]).toBe(-7);
  });

  it('Cliff Walking (Example 6.6): the optimal path runs along the cliff, 13 steps', () => {
    const cliff = gridWorldMDP(cliffWalkingSpec());
    const { values, policy } = valueIteration(cliff);
    expect(values[36]).toBe(-13);
    expect(policy[36]).toBe(UP);
    for (let c = 0; c < 11; c++) expect(policy[24 + c]).toBe(RIGHT);
    expect(policy[35]).toBe(DOWN);
  });
});

describe('valueIteration — modes, orders, start values and layouts', () => {
  const slippery = gridWorldMDP({ rows: 30, cols: 40, terminals: [{ cell: [29, 39] }], walls: [[10, 10], [10, 11], [12, 30]], slip: 2 / 3, start: [0, 0] });
  const reference = valueIteration(slippery, { gamma: 0.95, theta: 1e-12, mode: 'synchronous' });
  // ‖V − V*‖∞ ≤ γ/(1 − γ) · θ for synchronous sweeps.
  const tol = (theta: number): number => (2 * 0.95 * theta) / (1 - 0.95);

  it('every mode, order and start reaches the same fixed point and greedy policy', () => {
    expect(reference.converged).toBe(true);
    for (const mode of ['synchronous', 'in-place'] as const) {
      for (const order of ['forward', 'backward', 'alternating'] as const) {
        for (const init of ['zeros', 'lower-bound'] as const) {
          const r = valueIteration(slippery, { gamma: 0.95, theta: 1e-9, mode, order, init });
          expect(r.converged).toBe(true);
          let diff = 0;
          for (let s = 0; s < slippery.nS; s++) diff = Math.max(diff, Math.abs(r.values[s]! - reference.values[s]!));
          expect(diff).toBeLessThan(tol(1e-9));
          expect(Array.from(r.policy)).toEqual(Array.from(greedyPolicy(slippery, r.values, { gamma: 0.95, tolerance: 1e-9 })));
        }
      }
    }
  });

  it('from the lower bound the values rise monotonically and stay below V*', () => {
    let previous: Float64Array | undefined;
    let monotone = true;
    const r = valueIteration(slippery, {
      gamma: 0.95,
      theta: 1e-9,
      init: 'lower-bound',
      onSweep: ({ values }) => {
        if (previous !== undefined) for (let s = 0; s < values.length; s++) if (values[s]! < previous[s]! - 1e-12) monotone = false;
        previous = values.slice();
      },
    });
    expect(monotone).toBe(true);
    for (let s = 0; s < slippery.nS; s++) expect(r.values[s]!).toBeLessThanOrEqual(reference.values[s]! + 1e-9);
  });

  it('backward in-place sweeps from the lower bound solve a deterministic grid with the goal last in 2 sweeps', () => {
    const det = gridWorldMDP({ rows: 50, cols: 60, terminals: [{ cell: [49, 59] }], start: [0, 0] });
    const r = valueIteration(det, { gamma: 0.99, init: 'lower-bound', order: 'backward' });
    expect(r.sweeps).toBe(2);
    expect(r.delta).toBe(0);
    const exact = valueIteration(det, { gamma: 0.99, theta: 1e-12, mode: 'synchronous' });
    for (let s = 0; s < det.nS; s++) expect(r.values[s]).toBeCloseTo(exact.values[s]!, 9);
    // Distance 108 from (0, 0): V = −(1 − 0.99^108) / 0.01.
    expect(r.values[0]).toBeCloseTo(-(1 - 0.99 ** 108) / 0.01, 9);
  });

  it('lower-bound starts walls and terminal cells at their exact value, so walls do not slow convergence', () => {
    const walled = gridWorldMDP({ rows: 50, cols: 60, terminals: [{ cell: [49, 59] }], walls: [[10, 10], [20, 30], [40, 55]], start: [0, 0] });
    const r = valueIteration(walled, { gamma: 0.99, init: 'lower-bound', order: 'backward' });
    expect(r.sweeps).toBe(2);
    expect(r.values[10 * 60 + 10]).toBe(0);
    const zeros = valueIteration(walled, { gamma: 0.99, theta: 1e-10, mode: 'synchronous' });
    for (let s = 0; s < walled.nS; s++) expect(r.values[s]).toBeCloseTo(zeros.values[s]!, 7);
  });

  it('the csr and runs layouts give the same sweeps (to rounding) and policies', () => {
    for (const mode of ['synchronous', 'in-place'] as const) {
      const csr = valueIteration(slippery, { gamma: 0.95, mode, layout: 'csr', order: 'alternating' });
      const runs = valueIteration(slippery, { gamma: 0.95, mode, layout: 'runs', order: 'alternating' });
      expect(runs.sweeps).toBe(csr.sweeps);
      for (let s = 0; s < slippery.nS; s++) expect(runs.values[s]).toBeCloseTo(csr.values[s]!, 11);
      expect(Array.from(runs.policy)).toEqual(Array.from(csr.policy));
    }
  });

  it('takes start values, reports sweeps and max-delta, and stops on maxSweeps or when onSweep returns false', () => {
    const capped = valueIteration(grid5, { maxSweeps: 3 });
    expect(capped.sweeps).toBe(3);
    expect(capped.converged).toBe(false);
    expect(capped.delta).toBeGreaterThan(1e-6);
    const sweeps: number[] = [];
    const stopped = valueIteration(grid5, { onSweep: ({ sweep }) => (sweeps.push(sweep), sweep < 5) });
    expect(sweeps).toEqual([1, 2, 3, 4, 5]);
    expect(stopped.sweeps).toBe(5);
    const exact = valueIteration(grid5, { theta: 1e-12 });
    const warm = valueIteration(grid5, { init: exact.values, theta: 1e-9 });
    expect(warm.sweeps).toBe(1);
  });

  it('greedy helpers: Q from V, lowest-index ties, all optimal actions', () => {
    const grid4 = gridWorldMDP(suttonBartoGrid4x4());
    const { values } = valueIteration(grid4);
    const q = actionValues(grid4, values);
    expect(q.length).toBe(64);
    expect(Array.from(q.subarray(5 * 4, 6 * 4))).toEqual([-2, -4, -4, -2]);
    expect(greedyPolicy(grid4, values)[5]).toBe(UP);
    expect(Array.from(optimalActions(grid4, values).subarray(5 * 4, 6 * 4))).toEqual([1, 0, 0, 1]);
    expect(() => greedyPolicy(grid4, [1, 2, 3])).toThrow(/values must be an array of length nS = 16/);
    expect(() => optimalActions(grid4, values, { tolerance: -1 })).toThrow(/tolerance must be a finite number >= 0/);
  });
});

describe('valueIteration — validation', () => {
  it('names the field at fault', () => {
    const grid4 = gridWorldMDP(suttonBartoGrid4x4());
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ theta: 0 }, /theta must be a finite number > 0/],
      [{ theta: Infinity }, /theta/],
      [{ gamma: -0.1 }, /gamma must be a finite number in \[0, 1\]/],
      [{ maxSweeps: 0 }, /maxSweeps must be an integer >= 1/],
      [{ init: 'lower-bound' }, /init must be 'zeros' or an array of start values when gamma = 1/],
      [{ init: 'ones' }, /init must be one of "zeros", "lower-bound"/],
      [{ init: new Float64Array(3) }, /init must be an array of length nS = 16/],
      [{ init: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NaN] }, /init\[15\] must be a finite number/],
      [{ layout: 'dense' }, /layout must be one of "auto", "csr", "runs"/],
      [{ tieTolerance: -1 }, /tieTolerance must be a finite number >= 0/],
      [{ onSweep: 'log' }, /onSweep must be a function/],
      [{ sweeps: 10 }, /valueIteration options.sweeps must be one of the known options/],
    ];
    for (const [options, message] of cases) {
      expect(() => valueIteration(grid4, options as never)).toThrow(message);
      expect(() => valueIteration(grid4, options as never)).toThrow(InvalidArgumentError);
    }
    expect(() => valueIteration(grid4, null as never)).toThrow(/valueIteration options must be an options object/);
  });
});
