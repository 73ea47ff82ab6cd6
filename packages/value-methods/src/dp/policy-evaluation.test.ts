import { describe, expect, it } from 'vitest';
import {
  DeterministicTabularPolicy,
  InvalidArgumentError,
  StochasticTabularPolicy,
  gridWorldMDP,
  suttonBartoGrid4x4,
  suttonBartoGrid5x5,
} from '@bellman/mdp-core';
import { optimalActions } from './greedy.js';
import { policyEvaluation } from './policy-evaluation.js';

const UP = 0;
const RIGHT = 1;
const DOWN = 2;
const LEFT = 3;

const grid4 = gridWorldMDP(suttonBartoGrid4x4());
const random4 = new Float64Array(16 * 4).fill(0.25);

function rows(values: Float64Array, cols: number, digits: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < values.length / cols; r++) {
    out.push(Array.from(values.subarray(r * cols, (r + 1) * cols), (v) => Number(v.toFixed(digits)) + 0));
  }
  return out;
}

describe('policyEvaluation — Sutton & Barto Example 4.1 (4×4 gridworld, random policy, γ = 1)', () => {
  it('converges to v_π = −(expected steps to a terminal corner)', () => {
    const { values, converged, delta } = policyEvaluation(grid4, random4, { theta: 1e-10 });
    expect(converged).toBe(true);
    expect(delta).toBeLessThan(1e-10);
    expect(rows(values, 4, 6)).toEqual([
      [0, -14, -20, -22],
      [-14, -18, -20, -20],
      [-20, -20, -18, -14],
      [-22, -20, -14, 0],
    ]);
  });

  it('after k = 1, 2, 3 synchronous sweeps matches Figure 4.1 exactly', () => {
    const k1 = policyEvaluation(grid4, random4, { mode: 'synchronous', maxSweeps: 1 });
    expect(Array.from(k1.values)).toEqual([0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0]);
    const k2 = policyEvaluation(grid4, random4, { mode: 'synchronous', maxSweeps: 2 });
    expect(Array.from(k2.values.subarray(0, 4))).toEqual([0, -1.75, -2, -2]);
    const k3 = policyEvaluation(grid4, random4, { mode: 'synchronous', maxSweeps: 3 });
    expect(Array.from(k3.values.subarray(0, 4))).toEqual([0, -2.4375, -2.9375, -3]);
    expect(k3.sweeps).toBe(3);
    expect(k3.converged).toBe(false);
    expect(k3.delta).toBe(1); // state 3 goes from −2 to −3
  });

  it('after k = 10 synchronous sweeps matches Figure 4.1 to one decimal', () => {
    const { values } = policyEvaluation(grid4, random4, { mode: 'synchronous', maxSweeps: 10 });
    expect(rows(values, 4, 1)).toEqual([
      [0, -6.1, -8.4, -9],
      [-6.1, -7.7, -8.4, -8.4],
      [-8.4, -8.4, -7.7, -6.1],
      [-9, -8.4, -6.1, 0],
    ]);
  });

  it('the greedy policy for v_π is optimal (Figure 4.1, k = ∞ arrows)', () => {
    const { values, policy } = policyEvaluation(grid4, random4, { theta: 1e-12 });
    const flags = optimalActions(grid4, values, { tolerance: 1e-6 });
    const arrows = (s: number): number[] => [UP, RIGHT, DOWN, LEFT].filter((a) => flags[s * 4 + a] === 1);
    expect(arrows(1)).toEqual([LEFT]);
    expect(arrows(4)).toEqual([UP]);
    expect(arrows(5)).toEqual([UP, LEFT]);
    expect(arrows(6)).toEqual([DOWN, LEFT]);
    expect(arrows(3)).toEqual([DOWN, LEFT]);
    expect(arrows(14)).toEqual([RIGHT]);
    expect(arrows(10)).toEqual([RIGHT, DOWN]);
    expect(policy[1]).toBe(LEFT);
    expect(policy[14]).toBe(RIGHT);
  });

  it('in-place sweeps reach the same values in fewer sweeps than synchronous ones', () => {
    const sync = policyEvaluation(grid4, random4, { theta: 1e-8, mode: 'synchronous' });
    const inPlace = policyEvaluation(grid4, random4, { theta: 1e-8, mode: 'in-place' });
    const backward = policyEvaluation(grid4, random4, { theta: 1e-8, mode: 'in-place', order: 'backward' });
    expect(inPlace.sweeps).toBeLessThan(sync.sweeps);
    for (let s = 0; s < 16; s++) {
      expect(inPlace.values[s]).toBeCloseTo(sync.values[s]!, 5);
      expect(backward.values[s]).toBeCloseTo(sync.values[s]!, 5);
    }
  });

  it('accepts mdp-core policy objects and deterministic action arrays', () => {
    const stochastic = StochasticTabularPolicy.uniform(16, 4);
    expect(policyEvaluation(grid4, stochastic, { theta: 1e-10 }).values[1]).toBeCloseTo(-14, 8);
    // Always LEFT: states in the first column never terminate except (0, 0); cap the sweeps.
    const left = new DeterministicTabularPolicy(new Int32Array(16).fill(LEFT), 4);
    const r = policyEvaluation(grid4, left, { maxSweeps: 50 });
    expect(r.values[1]).toBe(-1);
    expect(r.values[3]).toBe(-3);
    expect(r.values[4]).toBe(-50);
    expect(r.converged).toBe(false);
    const fromArray = policyEvaluation(grid4, new Int32Array(16).fill(LEFT), { maxSweeps: 50 });
    expect(Array.from(fromArray.values)).toEqual(Array.from(r.values));
  });

  it('starts from `init` and calls onSweep after every sweep (returning false stops)', () => {
    const seen: { sweep: number; delta: number; v1: number }[] = [];
    const r = policyEvaluation(grid4, random4, {
      mode: 'synchronous',
      onSweep: ({ sweep, delta, values }) => {
        seen.push({ sweep, delta, v1: values[1]! });
        return sweep < 3;
      },
    });
    expect(seen.map((x) => x.sweep)).toEqual([1, 2, 3]);
    expect(seen.map((x) => x.v1)).toEqual([-1, -1.75, -2.4375]);
    expect(r.sweeps).toBe(3);
    const warm = policyEvaluation(grid4, random4, { init: r.values, mode: 'synchronous', maxSweeps: 1 });
    const k4 = policyEvaluation(grid4, random4, { mode: 'synchronous', maxSweeps: 4 });
    expect(Array.from(warm.values)).toEqual(Array.from(k4.values));
  });
});

describe('policyEvaluation — Sutton & Barto Example 3.5 (5×5 gridworld, random policy, γ = 0.9)', () => {
  it('reproduces Figure 3.2 to one decimal', () => {
    const grid5 = gridWorldMDP(suttonBartoGrid5x5());
    const { values } = policyEvaluation(grid5, new Float64Array(25 * 4).fill(0.25), { theta: 1e-10 });
    expect(rows(values, 5, 1)).toEqual([
      [3.3, 8.8, 4.4, 5.3, 1.5],
      [1.5, 3.0, 2.3, 1.9, 0.5],
      [0.1, 0.7, 0.7, 0.4, -0.4],
      [-1.0, -0.4, -0.4, -0.6, -1.2],
      [-1.9, -1.3, -1.2, -1.4, -2.0],
    ]);
  });
});

describe('policyEvaluation — validation', () => {
  it('names the field at fault', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ theta: 0 }, /theta must be a finite number > 0/],
      [{ theta: -1 }, /theta/],
      [{ gamma: 1.5 }, /gamma must be a finite number in \[0, 1\]/],
      [{ maxSweeps: 0 }, /maxSweeps must be an integer >= 1/],
      [{ maxSweeps: 2.5 }, /maxSweeps/],
      [{ mode: 'jacobi' }, /mode must be one of "synchronous", "in-place"/],
      [{ order: 'random' }, /order must be one of/],
      [{ init: [1, 2] }, /init must be an array of length nS = 16/],
      [{ onSweep: 3 }, /onSweep must be a function/],
      [{ thetta: 1 }, /policyEvaluation options.thetta .*did you mean "theta"/],
    ];
    for (const [options, message] of bad) {
      expect(() => policyEvaluation(grid4, random4, options as never)).toThrow(message);
      expect(() => policyEvaluation(grid4, random4, options as never)).toThrow(InvalidArgumentError);
    }
  });

  it('checks the policy shape and contents', () => {
    expect(() => policyEvaluation(grid4, new Float64Array(10), {})).toThrow(/policy probabilities must be a Float64Array of nS × nA = 16 × 4 = 64/);
    expect(() => policyEvaluation(grid4, new Int32Array(15), {})).toThrow(/policy actions must be an Int32Array of 16 actions/);
    expect(() => policyEvaluation(grid4, new Int32Array(16).fill(4), {})).toThrow(/policy action of state 0 must be an integer in \[0, 3\]/);
    const unnormalised = new Float64Array(64).fill(0.3);
    expect(() => policyEvaluation(grid4, unnormalised, {})).toThrow(/policy row of state 0 must be probabilities summing to 1/);
    expect(() => policyEvaluation(grid4, 'random' as never, {})).toThrow(/policy must be/);
    expect(() => policyEvaluation({} as never, random4, {})).toThrow(/mdp must be a TabularMDP/);
  });

  it('needs γ from the options when the MDP has none', () => {
    const spec = { ...suttonBartoGrid4x4() };
    delete spec.gamma;
    const noGamma = gridWorldMDP(spec);
    expect(() => policyEvaluation(noGamma, random4)).toThrow(/gamma must be a number in \[0, 1\] \(the MDP carries no gamma/);
    expect(policyEvaluation(noGamma, random4, { gamma: 1, theta: 1e-10 }).values[1]).toBeCloseTo(-14, 8);
  });
});
