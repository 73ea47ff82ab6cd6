/**
 * Value-iteration benchmark: state-action backups per second and time to converge (θ = 1e-6,
 * γ = 0.99) on N×N gridworlds (4 moves, a move off the grid keeps you in place, −1 per step, goal
 * in the far corner), deterministic and slippery (intended move 1/3, each perpendicular 1/3),
 * synchronous and in-place, on the main thread and on 1 or 2 workers. When `python3` with numpy is
 * available the same models run through vectorised numpy value iteration and the table shows the
 * speed-up and the largest value difference.
 *
 * Environment: BENCH_SIZES (default "100,1000"), BENCH_NUMPY=0 to skip numpy.
 * Prints figures only; asserts nothing about timings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gridWorldMDP, type TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel } from '../src/dp/bellman-backup.js';
import { ParallelValueIteration, valueIteration, type ValueIterationOptions, type ValueIterationResult } from '../src/dp/index.js';

const GAMMA = 0.99;
const THETA = 1e-6;
const MAX_SWEEPS = 5000;
const SLIP = 2 / 3; // intended move 1/3, each perpendicular move 1/3

/** numpy's time for the 1000×1000 grids quoted in the issue (used only when numpy is missing). */
const QUOTED_NUMPY: Record<string, { sweeps: number; seconds: number }> = {
  '1000x1000 deterministic': { sweeps: 1376, seconds: 57 },
  '1000x1000 slippery': { sweeps: 1376, seconds: 131 },
};

interface NumpyRun {
  sweeps: number;
  seconds: number;
  values: Float64Array | undefined;
  source: 'measured' | 'quoted' | 'none';
  note?: string;
}

interface Row {
  grid: string;
  solver: string;
  mode: string;
  order: string;
  init: string;
  sweeps: number;
  seconds: number;
  backupsPerSecond: number;
  speedup: number | undefined;
  speedupQuoted: number | undefined;
  maxDiff: number | undefined;
  converged: boolean;
}

function gridMDP(n: number, slippery: boolean): TabularMDP {
  return gridWorldMDP({
    rows: n,
    cols: n,
    start: [0, 0],
    terminals: [{ cell: [n - 1, n - 1] }],
    stepReward: -1,
    slip: slippery ? SLIP : 0,
  });
}

function numpyAvailable(): { ok: boolean; version: string } {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? { ok: true, version: r.stdout.trim() } : { ok: false, version: '' };
}

/** Writes the model in the padded layout numpy_value_iteration.py reads and runs it. */
function runNumpy(mdp: TabularMDP): NumpyRun {
  const { nS, nA, rowPtr, prob, next, reward, terminated } = mdp;
  let K = 0;
  for (let row = 0; row < nS * nA; row++) K = Math.max(K, rowPtr[row + 1]! - rowPtr[row]!);
  const N = new Int32Array(nS * nA * K).fill(nS);
  const P = new Float64Array(K > 1 ? nS * nA * K : 0);
  const R = new Float64Array(nS * nA);
  for (let row = 0; row < nS * nA; row++) {
    let r = 0;
    for (let i = rowPtr[row]!, k = row * K; i < rowPtr[row + 1]!; i++, k++) {
      r += prob[i]! * reward[i]!;
      if (terminated[i] === 0) N[k] = next[i]!;
      if (K > 1) P[k] = prob[i]!;
    }
    R[row] = r;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bellman-vi-'));
  try {
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ nS, nA, K, gamma: GAMMA, theta: THETA, maxSweeps: MAX_SWEEPS }));
    writeFileSync(join(dir, 'next.i32'), N);
    writeFileSync(join(dir, 'reward.f64'), R);
    if (K > 1) writeFileSync(join(dir, 'prob.f64'), P);
    const script = fileURLToPath(new URL('./numpy_value_iteration.py', import.meta.url));
    const r = spawnSync('python3', [script, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return { sweeps: 0, seconds: NaN, values: undefined, source: 'none', note: r.stderr.trim().split('\n').pop() ?? '' };
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { sweeps: number; seconds: number };
    const buf = readFileSync(join(dir, 'values.f64'));
    const values = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    return { sweeps: out.sweeps, seconds: out.seconds, values, source: 'measured' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function maxAbsDiff(a: Float64Array, b: Float64Array | undefined): number | undefined {
  if (b === undefined) return undefined;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

type RunOptions = Pick<ValueIterationOptions, 'mode' | 'order' | 'init' | 'layout' | 'maxSweeps'>;

interface Config {
  solver: 'main' | 1 | 2;
  options: RunOptions;
  /** Sweep cap on grids above 100 000 states (throughput only: the run is not timed to convergence). */
  largeCap?: number;
}

const CONFIGS: Config[] = [
  { solver: 'main', options: { mode: 'synchronous', layout: 'csr' }, largeCap: 100 },
  { solver: 'main', options: { mode: 'synchronous' } },
  { solver: 1, options: { mode: 'synchronous' } },
  { solver: 2, options: { mode: 'synchronous' } },
  { solver: 'main', options: { mode: 'in-place', order: 'forward', init: 'zeros' } },
  { solver: 2, options: { mode: 'in-place', order: 'forward', init: 'zeros' } },
  { solver: 'main', options: { mode: 'in-place', order: 'alternating', init: 'lower-bound' } },
  { solver: 'main', options: { mode: 'in-place', order: 'backward', init: 'lower-bound' } },
  { solver: 1, options: { mode: 'in-place', order: 'backward', init: 'lower-bound' } },
  { solver: 2, options: { mode: 'in-place', order: 'backward', init: 'lower-bound' } },
];

function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return x.toPrecision(digits);
}

function printTable(rows: Row[]): void {
  const head = ['grid', 'solver', 'mode', 'order', 'init', 'sweeps', 'seconds', 'backups/s', 'vs numpy', 'vs numpy (quoted)', 'max ΔV vs numpy'];
  const body = rows.map((r) => [
    r.grid,
    r.solver,
    r.mode,
    r.order,
    r.init,
    `${r.sweeps}${r.converged ? '' : ' (cap)'}`,
    fmt(r.seconds),
    fmt(r.backupsPerSecond),
    r.speedup === undefined ? '—' : `${fmt(r.speedup)}×`,
    r.speedupQuoted === undefined ? '—' : `${fmt(r.speedupQuoted)}×`,
    fmt(r.maxDiff),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

/** Runs the value-iteration benchmark and prints one table. */
export async function runValueIterationBench(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);
  const skipNumpy = process.env.BENCH_NUMPY === '0';
  const numpy = skipNumpy ? { ok: false, version: '' } : numpyAvailable();
  console.log(`# Value iteration — γ = ${GAMMA}, θ = ${THETA}, Node ${process.version}`);
  console.log(
    numpy.ok
      ? `numpy ${numpy.version}: measured on this machine (synchronous, V₀ = 0, (R + γ·V[next]).max(1) per sweep)`
      : `numpy comparison skipped (${skipNumpy ? 'BENCH_NUMPY=0' : 'python3 with numpy not found'}); 1000×1000 ratios use numpy (quoted, not measured)`,
  );
  const rows: Row[] = [];
  for (const n of sizes) {
    for (const slippery of [false, true]) {
      const grid = `${n}x${n} ${slippery ? 'slippery' : 'deterministic'}`;
      let t0 = performance.now();
      const mdp = gridMDP(n, slippery);
      const buildSeconds = (performance.now() - t0) / 1000;
      t0 = performance.now();
      cachedBackupModel(mdp, GAMMA, 'auto');
      const compileSeconds = (performance.now() - t0) / 1000;
      const model = cachedBackupModel(mdp, GAMMA, 'auto');
      const layout = model.layout === 'runs' ? `runs layout: ${model.numClasses} classes, ${model.numRuns} runs` : 'csr layout';
      console.log(`\n## ${grid}: ${mdp.nS} states, ${mdp.numTransitions} transitions; gridWorldMDP ${fmt(buildSeconds)} s, compile ${fmt(compileSeconds)} s (${layout})`);

      let ref: NumpyRun = { sweeps: 0, seconds: NaN, values: undefined, source: 'none' };
      if (numpy.ok) ref = runNumpy(mdp);
      else if (QUOTED_NUMPY[grid] !== undefined) ref = { ...QUOTED_NUMPY[grid], values: undefined, source: 'quoted' };
      if (ref.source !== 'none') {
        const label = ref.source === 'measured' ? 'numpy' : 'numpy (quoted, not measured)';
        rows.push({
          grid,
          solver: label,
          mode: 'synchronous',
          order: '—',
          init: 'zeros',
          sweeps: ref.sweeps,
          seconds: ref.seconds,
          backupsPerSecond: (ref.sweeps * mdp.nS * mdp.nA) / ref.seconds,
          speedup: 1,
          speedupQuoted: QUOTED_NUMPY[grid] === undefined ? undefined : QUOTED_NUMPY[grid].seconds / ref.seconds,
          maxDiff: 0,
          converged: ref.sweeps < MAX_SWEEPS,
        });
        console.log(`${label}: ${ref.sweeps} sweeps, ${fmt(ref.seconds)} s`);
      } else if (ref.note) {
        console.log(`numpy failed: ${ref.note}`);
      }

      const pools = new Map<number, ParallelValueIteration>();
      try {
        for (const cfg of CONFIGS) {
          const cap = cfg.largeCap !== undefined && mdp.nS > 100_000 ? cfg.largeCap : MAX_SWEEPS;
          const options: ValueIterationOptions = { gamma: GAMMA, theta: THETA, ...cfg.options, maxSweeps: cap };
          let result: ValueIterationResult & { mode?: string };
          let seconds: number;
          if (cfg.solver === 'main') {
            valueIteration(mdp, { ...options, maxSweeps: 2 }); // compile (cached) and warm the JIT
            t0 = performance.now();
            result = valueIteration(mdp, options);
            seconds = (performance.now() - t0) / 1000;
          } else {
            let pool = pools.get(cfg.solver);
            if (pool === undefined) {
              t0 = performance.now();
              pool = await ParallelValueIteration.create(mdp, { workers: cfg.solver, gamma: GAMMA });
              pools.set(cfg.solver, pool);
              console.log(`${cfg.solver} worker(s) started in ${fmt((performance.now() - t0) / 1000)} s (in-place supported: ${pool.inPlaceSupported})`);
            }
            const { gamma: _g, layout: _l, ...runOptions } = options;
            await pool.run({ ...runOptions, maxSweeps: 2 });
            t0 = performance.now();
            result = await pool.run(runOptions);
            seconds = (performance.now() - t0) / 1000;
          }
          const solver = cfg.solver === 'main' ? `1 thread${cfg.options.layout === 'csr' ? ' (csr)' : ''}` : `${cfg.solver} worker${cfg.solver > 1 ? 's' : ''}`;
          const row: Row = {
            grid,
            solver,
            mode: result.mode ?? options.mode ?? 'in-place',
            order: options.mode === 'synchronous' ? '—' : (options.order ?? 'forward'),
            init: typeof options.init === 'string' ? options.init : 'zeros',
            sweeps: result.sweeps,
            seconds,
            backupsPerSecond: (result.sweeps * mdp.nS * mdp.nA) / seconds,
            speedup: Number.isFinite(ref.seconds) && result.converged ? ref.seconds / seconds : undefined,
            speedupQuoted: QUOTED_NUMPY[grid] !== undefined && result.converged ? QUOTED_NUMPY[grid].seconds / seconds : undefined,
            maxDiff: result.converged ? maxAbsDiff(result.values, ref.values) : undefined,
            converged: result.converged,
          };
          rows.push(row);
          console.log(
            `${row.solver.padEnd(16)} ${row.mode.padEnd(11)} ${row.order.padEnd(11)} ${row.init.padEnd(11)} ${String(row.sweeps).padStart(5)} sweeps ${fmt(seconds).padStart(8)} s ${fmt(row.backupsPerSecond).padStart(9)} backups/s`,
          );
        }
      } finally {
        for (const pool of pools.values()) await pool.close();
      }
    }
  }
  console.log('\n## Summary (seconds = solve time: sweeps + greedy policy, model already built and compiled)');
  console.log(
    `"vs numpy" = numpy's time / ours, measured here; "vs numpy (quoted)" uses the issue's figures for 1000×1000 (${Object.entries(QUOTED_NUMPY)
      .map(([g, q]) => `${g}: ${q.seconds} s`)
      .join(', ')}); "(cap)" rows stop at a sweep cap and only measure throughput.\n`,
  );
  printTable(rows);
}
