import { describe, expect, it } from 'vitest';
import { Rng, TabularMDPBuilder, gridWorldMDP, suttonBartoGrid4x4 } from '@bellman/mdp-core';
import {
  compileBackupModel,
  greedyActions,
  lowerBoundValue,
  lowerBoundValues,
  runIndexOf,
  successorRanges,
  type BackupModel,
  type RunsBackupModel,
} from './bellman-backup.js';
import { sweepMax } from './max-sweep-kernels.js';

/** A random MDP: `outcomes` outcomes per row, rewards in [−1, 1], some terminating. */
function randomMDP(nS: number, nA: number, outcomes: number, seed: number) {
  const rng = new Rng(seed);
  const b = new TabularMDPBuilder(nS, nA);
  for (let s = 0; s < nS; s++) {
    for (let a = 0; a < nA; a++) {
      const w = Array.from({ length: outcomes }, () => rng.random() + 0.1);
      const total = w.reduce((x, y) => x + y, 0);
      for (let k = 0; k < outcomes; k++) b.add(s, a, w[k]! / total, rng.integers(0, nS), rng.random() * 2 - 1, rng.random() < 0.1);
    }
  }
  return b.build();
}

/** Reference backup straight from the CSR arrays: max_a Σ p (r + γ (1 − t) V(next)). */
function referenceSweep(mdp: ReturnType<typeof randomMDP>, gamma: number, v: Float64Array): Float64Array {
  const out = new Float64Array(mdp.nS);
  for (let s = 0; s < mdp.nS; s++) {
    let best = -Infinity;
    for (let a = 0; a < mdp.nA; a++) {
      const row = s * mdp.nA + a;
      let q = 0;
      for (let i = mdp.rowPtr[row]!; i < mdp.rowPtr[row + 1]!; i++) {
        q += mdp.prob[i]! * (mdp.reward[i]! + gamma * (1 - mdp.terminated[i]!) * v[mdp.next[i]!]!);
      }
      best = Math.max(best, q);
    }
    out[s] = best;
  }
  return out;
}

describe('compileBackupModel', () => {
  it('folds γ, p and termination into weights: csr sweeps match the textbook backup', () => {
    const mdp = randomMDP(40, 3, 3, 1);
    const model = compileBackupModel(mdp, 0.9, { layout: 'csr' });
    expect(model.layout).toBe('csr');
    const v = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const dst = new Float64Array(40);
    const delta = sweepMax(model, v, dst, 0, 40, false);
    const ref = referenceSweep(mdp, 0.9, v);
    let maxDelta = 0;
    for (let s = 0; s < 40; s++) {
      expect(dst[s]).toBeCloseTo(ref[s]!, 12);
      maxDelta = Math.max(maxDelta, Math.abs(dst[s]! - v[s]!));
    }
    expect(delta).toBeCloseTo(maxDelta, 12);
  });

  it('auto keeps csr for a model without repeated structure', () => {
    expect(compileBackupModel(randomMDP(200, 2, 2, 2), 0.9).layout).toBe('csr');
  });

  it('groups a gridworld into a few classes and three runs per row', () => {
    const mdp = gridWorldMDP({ rows: 20, cols: 30, terminals: [{ cell: [19, 29] }] });
    const model = compileBackupModel(mdp, 0.99) as RunsBackupModel;
    expect(model.layout).toBe('runs');
    expect(model.width).toBe(1);
    // interior, 4 borders, 4 corners, the goal and the two cells next to it
    expect(model.numClasses).toBe(11);
    expect(model.numRuns).toBeLessThanOrEqual(3 * 20 + 4);
    expect(model.runStart[0]).toBe(0);
    expect(model.runStart[model.numRuns]).toBe(600);
    expect(runIndexOf(model, 0)).toBe(0);
    expect(runIndexOf(model, 599)).toBe(model.numRuns - 1);
    expect(lowerBoundValue(model)).toBeCloseTo(-100, 9);
  });

  /** Sweeps `runs` and `csr` over sub-ranges, both directions, both modes; values must agree within `tol` (0 = bit for bit). */
  function compareSweeps(runs: BackupModel, csr: BackupModel, nS: number, tol: number): void {
    const rng = new Rng(3);
    const close = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
      for (let i = 0; i < nS; i++) {
        if (tol === 0) expect(x[i]).toBe(y[i]);
        else expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(y[i]!)));
      }
    };
    for (const backward of [false, true]) {
      for (const [lo, hi] of [[0, nS], [17, nS - 30], [100, 101], [5, 5]] as const) {
        const init = Float64Array.from({ length: nS }, () => rng.random() * -10);
        const a = init.slice();
        const b = init.slice();
        const d1 = sweepMax(runs, a, a, lo, hi, backward);
        const d2 = sweepMax(csr, b, b, lo, hi, backward);
        expect(Math.abs(d1 - d2)).toBeLessThanOrEqual(tol * 10);
        close(a, b);
        const da = new Float64Array(nS);
        const db = new Float64Array(nS);
        expect(Math.abs(sweepMax(runs, init, da, lo, hi, backward) - sweepMax(csr, init, db, lo, hi, backward))).toBeLessThanOrEqual(tol * 10);
        close(da, db);
      }
    }
    const v = Float64Array.from({ length: nS }, () => rng.random());
    const pa = new Int32Array(nS);
    const pb = new Int32Array(nS);
    greedyActions(runs, v, pa, 1e-9);
    greedyActions(csr, v, pb, 1e-9);
    expect(Array.from(pa)).toEqual(Array.from(pb));
  }

  it('deterministic grids: runs (4 × 1 kernel) and csr sweeps agree bit for bit', () => {
    const mdp = gridWorldMDP({ rows: 12, cols: 17, terminals: [{ cell: [11, 16] }, { cell: [3, 4] }], walls: [[5, 5], [6, 5]] });
    const runs = compileBackupModel(mdp, 0.97, { layout: 'runs' });
    expect(runs.layout === 'runs' && runs.width === 1 && runs.denseWidth === 0).toBe(true);
    compareSweeps(runs, compileBackupModel(mdp, 0.97, { layout: 'csr' }), 204, 0);
  });

  it('slippery grids: the neighbour form (4 loads, 4 × 4 weights) agrees with csr to rounding', () => {
    const mdp = gridWorldMDP({ rows: 12, cols: 17, terminals: [{ cell: [11, 16] }, { cell: [3, 4] }], walls: [[5, 5], [6, 5]], slip: 0.3 });
    const runs = compileBackupModel(mdp, 0.97, { layout: 'runs' });
    expect(runs.layout === 'runs' && runs.width === 3 && runs.denseWidth === 4).toBe(true);
    compareSweeps(runs, compileBackupModel(mdp, 0.97, { layout: 'csr' }), 204, 1e-14);
  });

  it('four actions reading more than four states: the 4 × 3 kernel agrees with csr bit for bit', () => {
    // A chain: action a moves +(a + 1) w.p. 0.5, +(a + 2) w.p. 0.3, −(a + 1) w.p. 0.2 (clipped).
    const nS = 240;
    const b = new TabularMDPBuilder(nS, 4);
    for (let s = 0; s < nS; s++) {
      for (let a = 0; a < 4; a++) {
        const clip = (x: number): number => Math.min(nS - 1, Math.max(0, x));
        for (const [p, n] of [[0.5, s + a + 1], [0.3, s + a + 2], [0.2, s - a - 1]] as const) b.add(s, a, p, clip(n), -1 - a / 10, clip(n) === nS - 1);
      }
    }
    const mdp = b.build();
    const runs = compileBackupModel(mdp, 0.95, { layout: 'runs' });
    expect(runs.layout === 'runs' && runs.width === 3 && runs.denseWidth === 0).toBe(true);
    compareSweeps(runs, compileBackupModel(mdp, 0.95, { layout: 'csr' }), nS, 0);
  });

  it('the generic runs kernel handles other action counts and widths', () => {
    const mdp = gridWorldMDP({ rows: 9, cols: 9, terminals: [{ cell: [8, 8] }], kingMoves: true, slip: 0.2 });
    const runs = compileBackupModel(mdp, 0.9, { layout: 'runs' });
    const csr = compileBackupModel(mdp, 0.9, { layout: 'csr' });
    const a = new Float64Array(81);
    const b = new Float64Array(81);
    for (let k = 0; k < 5; k++) expect(sweepMax(runs, a, a, 0, 81, k % 2 === 1)).toBe(sweepMax(csr, b, b, 0, 81, k % 2 === 1));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('shared models live in SharedArrayBuffers', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    for (const layout of ['csr', 'runs'] as const) {
      const model = compileBackupModel(mdp, 1, { layout, shared: true });
      const arrays = model.layout === 'csr' ? [model.next, model.coef, model.rowReward] : [model.runStart, model.classCoef, model.classReward];
      for (const arr of arrays) expect(arr.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('lowerBoundValues: the uniform bound, and exact values for absorbing states', () => {
    const mdp = gridWorldMDP({ rows: 6, cols: 7, terminals: [{ cell: [5, 6] }], walls: [[2, 2]], special: [{ cell: [0, 0], reward: 2, teleport: [0, 0] }] });
    for (const layout of ['csr', 'runs'] as const) {
      const model = compileBackupModel(mdp, 0.9, { layout });
      const v = new Float64Array(42);
      lowerBoundValues(model, v);
      expect(v[0]).toBeCloseTo(2 / (1 - 0.9), 12); // every action loops on the special cell with +2
      expect(v[2 * 7 + 2]).toBe(0); // wall: a self-loop with reward 0
      expect(v[41]).toBe(0); // terminal
      expect(v[20]).toBeCloseTo(-10, 12);
    }
  });

  it('successorRanges reports the reachable states of each block', () => {
    const mdp = gridWorldMDP({ rows: 10, cols: 10, terminals: [{ cell: [9, 9] }] });
    for (const layout of ['csr', 'runs'] as const) {
      const model = compileBackupModel(mdp, 0.9, { layout });
      const { lo, hi } = successorRanges(model, Int32Array.from([0, 30, 70, 100]));
      expect(Array.from(lo)).toEqual([0, 20, 60]);
      expect(Array.from(hi)).toEqual([39, 79, 99]);
    }
  });
});
