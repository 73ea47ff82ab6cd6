import { describe, expect, it } from 'vitest';
import type { TabularMDP } from '../../tabular-mdp.js';
import { loadGymnasiumFixture } from '../../../test/fixtures.js';
import {
  GridAction,
  GridWorldEnv,
  cliffWalkingSpec,
  gridWorldMDP,
  suttonBartoGrid4x4,
  suttonBartoGrid5x5,
  windyGridWorld,
  type GridWorldSpec,
} from './gridworld.js';

const { UP, RIGHT, DOWN, LEFT } = GridAction;

/** Iterative evaluation of the equiprobable random policy (sweeps until the change is below tol). */
function evaluateRandomPolicy(mdp: TabularMDP, gamma: number, tol = 1e-10): Float64Array {
  const V = new Float64Array(mdp.nS);
  for (let sweep = 0; sweep < 100000; sweep++) {
    let delta = 0;
    for (let s = 0; s < mdp.nS; s++) {
      let v = 0;
      for (let a = 0; a < mdp.nA; a++) {
        const row = s * mdp.nA + a;
        for (let i = mdp.rowPtr[row]!; i < mdp.rowPtr[row + 1]!; i++) {
          const cont = mdp.terminated[i] ? 0 : gamma * V[mdp.next[i]!]!;
          v += (mdp.prob[i]! * (mdp.reward[i]! + cont)) / mdp.nA;
        }
      }
      delta = Math.max(delta, Math.abs(v - V[s]!));
      V[s] = v;
    }
    if (delta < tol) break;
  }
  return V;
}

/** Optimal values by value iteration. */
function valueIteration(mdp: TabularMDP, gamma: number): Float64Array {
  const V = new Float64Array(mdp.nS);
  for (let sweep = 0; sweep < 10000; sweep++) {
    let delta = 0;
    for (let s = 0; s < mdp.nS; s++) {
      let best = -Infinity;
      for (let a = 0; a < mdp.nA; a++) {
        const row = s * mdp.nA + a;
        let q = 0;
        for (let i = mdp.rowPtr[row]!; i < mdp.rowPtr[row + 1]!; i++) {
          q += mdp.prob[i]! * (mdp.reward[i]! + (mdp.terminated[i] ? 0 : gamma * V[mdp.next[i]!]!));
        }
        best = Math.max(best, q);
      }
      delta = Math.max(delta, Math.abs(best - V[s]!));
      V[s] = best;
    }
    if (delta < 1e-12) break;
  }
  return V;
}

describe('gridWorldMDP: Sutton & Barto Example 4.1 (4×4)', () => {
  const mdp = gridWorldMDP(suttonBartoGrid4x4());

  it('has 16 states, 4 actions, γ = 1 and a uniform start over the 14 non-terminal cells', () => {
    expect([mdp.nS, mdp.nA, mdp.gamma]).toEqual([16, 4, 1]);
    const d = Array.from(mdp.initialStateDistribution!);
    expect(d[0]).toBe(0);
    expect(d[15]).toBe(0);
    for (let s = 1; s < 15; s++) expect(d[s]).toBeCloseTo(1 / 14, 15);
  });

  it('terminal corners are absorbing with reward 0', () => {
    for (const s of [0, 15]) {
      for (let a = 0; a < 4; a++) expect(mdp.transitions(s, a)).toEqual([{ p: 1, next: s, reward: 0, terminated: true }]);
    }
  });

  it('every move costs −1, the border keeps the agent in place, entering a terminal terminates', () => {
    expect(mdp.transitions(5, UP)).toEqual([{ p: 1, next: 1, reward: -1, terminated: false }]);
    expect(mdp.transitions(5, RIGHT)).toEqual([{ p: 1, next: 6, reward: -1, terminated: false }]);
    expect(mdp.transitions(1, UP)).toEqual([{ p: 1, next: 1, reward: -1, terminated: false }]);
    expect(mdp.transitions(1, LEFT)).toEqual([{ p: 1, next: 0, reward: -1, terminated: true }]);
    expect(mdp.transitions(11, DOWN)).toEqual([{ p: 1, next: 15, reward: -1, terminated: true }]);
  });

  it('random-policy evaluation gives Figure 4.1 (k = ∞)', () => {
    const V = evaluateRandomPolicy(mdp, 1);
    const expected = [0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0];
    expected.forEach((v, s) => expect(V[s]).toBeCloseTo(v, 6));
  });
});

describe('gridWorldMDP: Sutton & Barto Example 3.5 (5×5)', () => {
  const mdp = gridWorldMDP(suttonBartoGrid5x5());

  it('A → A′ with +10 and B → B′ with +5 for every action', () => {
    for (let a = 0; a < 4; a++) {
      expect(mdp.transitions(1, a)).toEqual([{ p: 1, next: 21, reward: 10, terminated: false }]);
      expect(mdp.transitions(3, a)).toEqual([{ p: 1, next: 13, reward: 5, terminated: false }]);
    }
  });

  it('moving off the grid costs −1 and keeps the agent in place; other moves give 0', () => {
    expect(mdp.transitions(0, UP)).toEqual([{ p: 1, next: 0, reward: -1, terminated: false }]);
    expect(mdp.transitions(0, LEFT)).toEqual([{ p: 1, next: 0, reward: -1, terminated: false }]);
    expect(mdp.transitions(0, DOWN)).toEqual([{ p: 1, next: 5, reward: 0, terminated: false }]);
  });

  it('random-policy values match Figure 3.2 (γ = 0.9)', () => {
    const V = evaluateRandomPolicy(mdp, 0.9);
    const figure = [
      [3.3, 8.8, 4.4, 5.3, 1.5],
      [1.5, 3.0, 2.3, 1.9, 0.5],
      [0.1, 0.7, 0.7, 0.4, -0.4],
      [-1.0, -0.4, -0.4, -0.6, -1.2],
      [-1.9, -1.3, -1.2, -1.4, -2.0],
    ];
    figure.flat().forEach((v, s) => expect(Math.abs(V[s]! - v)).toBeLessThanOrEqual(0.05 + 1e-9));
  });

  it('optimal values match Figure 3.5 (v*(A) = 24.4)', () => {
    const V = valueIteration(mdp, 0.9);
    expect(V[0]).toBeCloseTo(22.0, 1);
    expect(V[1]).toBeCloseTo(24.4, 1);
    expect(V[3]).toBeCloseTo(19.4, 1);
    expect(V[12]).toBeCloseTo(17.8, 1);
    expect(V[24]).toBeCloseTo(11.7, 1);
  });
});

describe('gridWorldMDP: features', () => {
  it('walls keep the agent in place', () => {
    const mdp = gridWorldMDP({ rows: 3, cols: 3, walls: [[1, 1]], stepReward: -2 });
    expect(mdp.transitions(1, DOWN)).toEqual([{ p: 1, next: 1, reward: -2, terminated: false }]);
    expect(mdp.transitions(3, RIGHT)).toEqual([{ p: 1, next: 3, reward: -2, terminated: false }]);
    // The wall cell itself is an unreachable self-loop and never a start.
    expect(mdp.transitions(4, UP)).toEqual([{ p: 1, next: 4, reward: 0, terminated: false }]);
    expect(mdp.initialStateDistribution![4]).toBe(0);
  });

  it('slip gives 1 − slip to the intended move and slip / 2 to each perpendicular one', () => {
    const mdp = gridWorldMDP({ rows: 3, cols: 3, slip: 0.2 });
    // From the centre (4): UP → 1 (0.8), LEFT → 3 (0.1), RIGHT → 5 (0.1).
    const t = mdp.transitions(4, UP);
    expect(t.map((o) => o.next)).toEqual([1, 3, 5]);
    expect(t[0]!.p).toBeCloseTo(0.8, 15);
    expect(t[1]!.p).toBeCloseTo(0.1, 15);
    expect(t[2]!.p).toBeCloseTo(0.1, 15);
    // In a corner, the blocked outcomes merge into one entry: (0, 0) LEFT → stay (0.8 + 0.1), DOWN → 3 (0.1).
    const corner = mdp.transitions(0, LEFT);
    expect(corner.map((o) => o.next)).toEqual([0, 3]);
    expect(corner[0]!.p).toBeCloseTo(0.9, 15);
  });

  it('slip = 2/3 gives 1/3 each, like slippery FrozenLake', () => {
    const mdp = gridWorldMDP({ rows: 3, cols: 3, slip: 2 / 3 });
    for (const o of mdp.transitions(4, RIGHT)) expect(o.p).toBeCloseTo(1 / 3, 15);
  });

  it('wind pushes up by the strength of the starting column, stopped by the border', () => {
    const mdp = gridWorldMDP(windyGridWorld());
    const cols = 10;
    const s = (r: number, c: number): number => r * cols + c;
    // From (3, 3) moving RIGHT: to (3, 4), then pushed 1 up by column 3's wind.
    expect(mdp.transitions(s(3, 3), RIGHT)).toEqual([{ p: 1, next: s(2, 4), reward: -1, terminated: false }]);
    // From (3, 6) (wind 2) moving LEFT → (3, 5) pushed to (1, 5).
    expect(mdp.transitions(s(3, 6), LEFT)).toEqual([{ p: 1, next: s(1, 5), reward: -1, terminated: false }]);
    // From (1, 7) (wind 2) moving UP → (0, 7), wind stops at the border.
    expect(mdp.transitions(s(1, 7), UP)[0]!.next).toBe(s(0, 7));
    // From (3, 6) moving RIGHT lands on (3, 7) but the wind carries it past the goal to (1, 7).
    expect(mdp.transitions(s(3, 6), RIGHT)[0]!.next).toBe(s(1, 7));
    // From (4, 8) (wind 1) moving LEFT → (4, 7), pushed up onto the goal (3, 7): terminated.
    expect(mdp.transitions(s(4, 8), LEFT)).toEqual([{ p: 1, next: s(3, 7), reward: -1, terminated: true }]);
  });

  it('Windy Gridworld: the shortest path takes 15 steps, 7 with king moves', () => {
    const windy = gridWorldMDP(windyGridWorld());
    expect(windy.nA).toBe(4);
    expect(valueIteration(windy, 1)[30]).toBeCloseTo(-15, 9);
    const king = gridWorldMDP(windyGridWorld({ kingMoves: true }));
    expect(king.nA).toBe(8);
    expect(valueIteration(king, 1)[30]).toBeCloseTo(-7, 9);
  });

  it('king moves: diagonals move both coordinates, blocked diagonals stay in place', () => {
    const mdp = gridWorldMDP({ rows: 3, cols: 3, kingMoves: true, offGridReward: -5 });
    expect(mdp.transitions(4, GridAction.UP_RIGHT)[0]).toMatchObject({ next: 2, reward: -1 });
    expect(mdp.transitions(4, GridAction.DOWN_LEFT)[0]).toMatchObject({ next: 6 });
    expect(mdp.transitions(1, GridAction.UP_LEFT)[0]).toMatchObject({ next: 1, reward: -5 });
  });

  it('terminal rewards replace the step reward on entry', () => {
    const mdp = gridWorldMDP({ rows: 1, cols: 3, start: [0, 1], terminals: [{ cell: [0, 0], reward: -10 }, { cell: [0, 2], reward: 10 }] });
    expect(mdp.transitions(1, LEFT)).toEqual([{ p: 1, next: 0, reward: -10, terminated: true }]);
    expect(mdp.transitions(1, RIGHT)).toEqual([{ p: 1, next: 2, reward: 10, terminated: true }]);
    expect(mdp.transitions(1, UP)).toEqual([{ p: 1, next: 1, reward: -1, terminated: false }]);
    expect(Array.from(mdp.initialStateDistribution!)).toEqual([0, 1, 0]);
  });

  it('a list of start cells gives a uniform start over them', () => {
    const mdp = gridWorldMDP({ rows: 2, cols: 2, start: [[0, 0], [1, 1]] });
    expect(Array.from(mdp.initialStateDistribution!)).toEqual([0.5, 0, 0, 0.5]);
  });

  it('special cells without teleport move as usual with their reward', () => {
    const mdp = gridWorldMDP({ rows: 1, cols: 3, special: [{ cell: [0, 1], reward: 7 }] });
    expect(mdp.transitions(1, RIGHT)).toEqual([{ p: 1, next: 2, reward: 7, terminated: false }]);
    expect(mdp.transitions(1, UP)).toEqual([{ p: 1, next: 1, reward: 7, terminated: false }]);
  });

  it('cliffWalkingSpec agrees with Gymnasium CliffWalking-v0 on every state an agent can occupy', () => {
    const fixture = loadGymnasiumFixture<{ P: Record<string, Record<string, [number, number, number, boolean][]>> }>(
      'CliffWalking-v0.table.json',
    );
    const mdp = gridWorldMDP(cliffWalkingSpec());
    for (let s = 0; s <= 36; s++) {
      for (let a = 0; a < 4; a++) {
        const [[p, next, reward, terminated]] = fixture.P[String(s)]![String(a)]! as [[number, number, number, boolean]];
        expect(mdp.transitions(s, a), `(${s}, ${a})`).toEqual([{ p, next, reward, terminated }]);
      }
    }
    expect(mdp.transitions(47, 0)).toEqual([{ p: 1, next: 47, reward: 0, terminated: true }]);
    expect(valueIteration(mdp, 1)[36]).toBeCloseTo(-13, 9);
  });
});

describe('gridWorldMDP validation', () => {
  const base: GridWorldSpec = { rows: 3, cols: 4 };
  const cases: [Partial<Record<keyof GridWorldSpec | 'colz', unknown>>, RegExp][] = [
    [{ rows: 0 }, /GridWorldSpec\.rows must be an integer >= 1; got 0/],
    [{ cols: -2 }, /GridWorldSpec\.cols must be an integer >= 1/],
    [{ rows: 2.5 }, /GridWorldSpec\.rows/],
    [{ walls: [[3, 0]] }, /GridWorldSpec\.walls\[0\] must be a cell \[row, col\] inside the 3×4 grid/],
    [{ walls: [[0, -1]] }, /walls\[0\]/],
    [{ terminals: [{ cell: [0, 4] }] }, /GridWorldSpec\.terminals\[0\]\.cell must be a cell/],
    [{ terminals: [{ cell: [0, 0], bonus: 1 }] }, /GridWorldSpec\.terminals\[0\]\.bonus/],
    [{ walls: [[0, 0]], terminals: [{ cell: [0, 0] }] }, /terminals\[0\]\.cell must be a cell that is not already a wall/],
    [{ special: [{ cell: [0, 0], reward: 1, teleport: [5, 5] }] }, /special\[0\]\.teleport must be a cell/],
    [{ special: [{ cell: [0, 0], reward: 'ten' }] }, /special\[0\]\.reward must be a finite number/],
    [{ start: [9, 9] }, /GridWorldSpec\.start must be a cell/],
    [{ start: [[0, 0], [1, 9]] }, /GridWorldSpec\.start\[1\] must be a cell/],
    [{ start: [0, 0], walls: [[0, 0]] }, /GridWorldSpec\.start must be a cell that is not a wall, terminal or trap/],
    [{ start: 'random' }, /GridWorldSpec\.start must be a cell \[row, col\], a non-empty list of cells, or 'uniform'/],
    [{ slip: 1.5 }, /GridWorldSpec\.slip must be a finite number in \[0, 1\]; got 1.5/],
    [{ slip: -0.1 }, /GridWorldSpec\.slip/],
    [{ wind: [0, 1, 0] }, /GridWorldSpec\.wind must be an array of 4 integers \(one per column\)/],
    [{ wind: [0, 1.5, 0, 0] }, /GridWorldSpec\.wind\[1\] must be an integer/],
    [{ gamma: 2 }, /GridWorldSpec\.gamma must be a finite number in \[0, 1\]/],
    [{ stepReward: NaN }, /GridWorldSpec\.stepReward/],
    [{ kingMoves: 'yes' }, /GridWorldSpec\.kingMoves must be a boolean/],
    [{ traps: [{ cell: [2, 1], reward: -100 }] }, /traps\[0\]\.teleport must be a cell \(required unless the spec has a single start cell\)/],
    [{ colz: 3 }, /GridWorldSpec\.colz .*did you mean "cols"/],
  ];
  for (const [patch, message] of cases) {
    it(`rejects ${JSON.stringify(patch)}`, () => {
      expect(() => gridWorldMDP({ ...base, ...patch } as GridWorldSpec)).toThrow(message);
    });
  }
});

describe('GridWorldEnv', () => {
  it('steps through the model and converts between cells and states', () => {
    const env = new GridWorldEnv(windyGridWorld());
    expect(env.reset({ seed: 0 }).observation).toBe(env.toState(3, 0));
    expect(env.toCell(37)).toEqual([3, 7]);
    expect(env.step(RIGHT)).toMatchObject({ observation: 31, reward: -1, terminated: false, truncated: false });
    expect([env.rows, env.cols]).toEqual([7, 10]);
    expect(() => env.toState(7, 0)).toThrow(/row must be an integer in \[0, 6\]/);
  });

  it('builds a 1000×1000 slippery grid (timing printed, not asserted)', () => {
    const t0 = performance.now();
    const mdp = gridWorldMDP({ rows: 1000, cols: 1000, slip: 0.2, terminals: [{ cell: [999, 999], reward: 0 }], start: [0, 0] });
    const ms = performance.now() - t0;
    console.log(`gridWorldMDP 1000×1000 slippery: ${ms.toFixed(0)} ms, ${mdp.numTransitions} transitions`);
    expect(mdp.nS).toBe(1_000_000);
    expect(mdp.rowPtr.length).toBe(4_000_001);
    // Interior rows have 3 outcomes; border and corner rows merge blocked moves.
    expect(mdp.numTransitions).toBeGreaterThan(11_900_000);
    expect(mdp.numTransitions).toBeLessThanOrEqual(12_000_000);
    expect(mdp.transitions(500_500, DOWN).map((o) => o.next)).toEqual([501_500, 500_501, 500_499]);
  });
});
