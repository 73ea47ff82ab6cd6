/**
 * Reports, drawn with @bellman/viz (loaded lazily: vega is only needed here).
 *
 * - `writeRunReport(dir)`: `<run>/report.html` (self-contained: inline SVG, no scripts) and each
 *   chart as `<run>/charts/<name>.svg` (+ `.png`): episodic return, evaluation return, losses,
 *   approx. KL, clip fraction, SPS — whichever the run logged — and, for tabular methods on grid
 *   worlds, a heatmap of the state values.
 * - `writeComparisonReport(dirs, file)`: one report comparing runs (seeds of the same
 *   algorithm, preset and env are grouped and drawn as a mean with a min–max band).
 *
 * Every file is written atomically (viz's `writeFileAtomic`, `htmlReport`).
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReportSection, Run, VegaLiteSpec } from '@bellman/viz';
import { ALGORITHMS, type ValueGrid } from '../algorithms/index.js';
import type { TrainConfig } from '../config/schema.js';
import { readRows, type StoredRow } from '../run/metrics.js';
import { FILES, RunFolder, type RunState } from '../run/run-folder.js';

export interface ReportOptions {
  png: boolean;
  smoothing: number;
}

/** The charts a report may hold: file name, metric, title. Drawn when the run logged the metric. */
const METRIC_CHARTS: ReadonlyArray<{ name: string; metric: string; title: string; smooth: boolean }> = [
  { name: 'episodic-return', metric: 'charts/episodic_return', title: 'Episodic return (training)', smooth: true },
  { name: 'eval-return', metric: 'eval/mean_return', title: 'Mean return (evaluation)', smooth: false },
  { name: 'policy-loss', metric: 'losses/policy_loss', title: 'Policy loss', smooth: true },
  { name: 'value-loss', metric: 'losses/value_loss', title: 'Value loss', smooth: true },
  { name: 'entropy', metric: 'losses/entropy', title: 'Policy entropy', smooth: true },
  { name: 'td-loss', metric: 'losses/td_loss', title: 'TD loss', smooth: true },
  { name: 'approx-kl', metric: 'losses/approx_kl', title: 'Approx. KL', smooth: true },
  { name: 'clipfrac', metric: 'losses/clipfrac', title: 'Clip fraction', smooth: true },
  { name: 'delta', metric: 'charts/delta', title: 'Largest value change per sweep', smooth: false },
  { name: 'sps', metric: 'charts/SPS', title: 'Steps per second', smooth: false },
];

/** A metrics row as viz takes it: finite numbers only, and `time` for wall-clock x axes. */
function toRecord(row: StoredRow): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  if (out['time/elapsed_s'] !== undefined) out.time = out['time/elapsed_s'];
  return out;
}

function logged(runs: readonly Run[], metric: string): boolean {
  return runs.some((r) => r.records.some((rec) => typeof rec[metric] === 'number'));
}

async function renderCharts(
  charts: ReadonlyArray<{ name: string; spec: VegaLiteSpec }>,
  dir: string,
  png: boolean,
): Promise<void> {
  const { writeSVG, writePNG } = await import('@bellman/viz/node');
  mkdirSync(dir, { recursive: true });
  for (const { name, spec } of charts) {
    await writeSVG(join(dir, `${name}.svg`), spec);
    if (png) await writePNG(join(dir, `${name}.png`), spec, { scale: 2 });
  }
}

function summaryTable(state: RunState, dir: string): { columns: string[]; rows: (string | number | null)[][] } {
  const unit = state.algo === 'value-iteration' ? 'sweeps' : 'env steps';
  return {
    columns: ['', 'value'],
    rows: [
      ['status', state.status + (state.message ? ` (${state.message})` : '')],
      [unit, `${state.numTimesteps} of ${state.totalTimesteps}`],
      ['updates', state.updates],
      ['training time (s)', Number(state.elapsedSeconds.toFixed(1))],
      ['backend', state.backend ?? 'none (no TensorFlow.js)'],
      ['last evaluation', state.lastEval ? `${state.lastEval.mean.toFixed(2)} ± ${state.lastEval.std.toFixed(2)} at ${state.lastEval.step}` : '-'],
      ['best evaluation', state.best ? `${state.best.mean.toFixed(2)} ± ${state.best.std.toFixed(2)} at ${state.best.step}` : '-'],
      ['solved', state.solved ? 'yes' : 'no'],
      ['run folder', dir],
    ],
  };
}

/** State values of the run's latest checkpoint, for tabular methods on grid worlds. */
async function valueGrid(run: RunFolder, config: TrainConfig, state: RunState): Promise<ValueGrid | undefined> {
  const factory = ALGORITHMS[config.algo];
  if (factory.needsBackend || state.latestCheckpoint === null) return undefined;
  const algorithm = await factory.load(run.path(state.latestCheckpoint), config);
  try {
    return algorithm.valueGrid?.();
  } finally {
    algorithm.dispose();
  }
}

/** Writes `report.html` and `charts/` into the run folder `dir`; returns the report's path. */
export async function writeRunReport(dir: string, options: ReportOptions): Promise<string> {
  const viz = await import('@bellman/viz');
  const { htmlReport } = await import('@bellman/viz/node');
  const run = new RunFolder(dir);
  const state = run.readState();
  const config = run.readConfig();
  const records = readRows(run.path(FILES.metrics)).map(toRecord);
  const runs: Run[] = [{ name: `seed ${config.seed}`, records }];
  const x = config.algo === 'value-iteration' ? 'iteration' : 'global_step';

  const charts: { name: string; title: string; spec: VegaLiteSpec }[] = [];
  for (const c of METRIC_CHARTS) {
    if (!logged(runs, c.metric)) continue;
    charts.push({
      name: c.name,
      title: c.title,
      spec: viz.trainingCurves(runs, { metric: c.metric, x, smoothing: c.smooth ? options.smoothing : 0, title: c.title }),
    });
  }
  const grid = await valueGrid(run, config, state);
  if (grid !== undefined) {
    charts.push({
      name: 'values',
      title: 'State values',
      spec: viz.valueHeatmap(grid.values, { rows: grid.rows, cols: grid.cols, title: 'State values', subtitle: grid.label }),
    });
  }
  await renderCharts(charts, run.path(FILES.charts), options.png);

  const sections: ReportSection[] = [
    { title: 'Summary', table: summaryTable(state, dir) },
    ...charts.map((c) => ({ title: c.title, chart: c.spec })),
    ...(records.length > 0
      ? [{ title: 'Last logged values', table: viz.finalMetricsTable(runs, [...new Set(records.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'time').sort()) }]
      : []),
    { title: 'Resolved config', json: config },
  ];
  const file = run.path(FILES.report);
  await htmlReport(file, {
    title: `${config.algo} on ${config.env}, seed ${config.seed}`,
    subtitle: `bellman train, preset ${config.preset} — ${state.status}, ${state.numTimesteps} ${config.algo === 'value-iteration' ? 'sweeps' : 'steps'}, updated ${state.updatedAt}`,
    sections,
  });
  return file;
}

/** Writes one HTML report comparing the runs in `dirs` to `file`; returns its path. */
export async function writeComparisonReport(dirs: string[], file: string, options: ReportOptions): Promise<string> {
  const viz = await import('@bellman/viz');
  const { htmlReport } = await import('@bellman/viz/node');
  const loaded = dirs.map((dir) => {
    const run = new RunFolder(dir);
    return { dir, state: run.readState(), config: run.readConfig(), records: readRows(run.path(FILES.metrics)).map(toRecord) };
  });
  const names = new Set<string>();
  const runs: Run[] = loaded.map(({ dir, config, records }) => {
    let name = `${config.algo} ${config.env} seed ${config.seed}`;
    if (names.has(name)) name = basename(dir);
    names.add(name);
    return { name, group: `${config.algo} (${config.preset}) on ${config.env}`, records };
  });
  const groups = new Set(runs.map((r) => r.group));
  const aggregate = groups.size < runs.length ? 'minmax' : 'runs';
  const sections: ReportSection[] = [
    {
      title: 'Runs',
      table: {
        columns: ['run', 'folder', 'status', 'steps', 'last evaluation', 'best evaluation'],
        rows: loaded.map(({ dir, state }, i) => [
          runs[i]!.name,
          dir,
          state.status,
          state.numTimesteps,
          state.lastEval ? Number(state.lastEval.mean.toFixed(2)) : null,
          state.best ? Number(state.best.mean.toFixed(2)) : null,
        ]),
      },
    },
  ];
  for (const c of METRIC_CHARTS) {
    if (!logged(runs, c.metric)) continue;
    sections.push({
      title: c.title,
      chart: viz.trainingCurves(runs, { metric: c.metric, smoothing: c.smooth ? options.smoothing : 0, aggregate, title: c.title }),
    });
    if (c.metric === 'charts/episodic_return') {
      sections.push({
        title: `${c.title} against wall-clock time`,
        chart: viz.trainingCurves(runs, { metric: c.metric, x: 'time', smoothing: options.smoothing, aggregate: 'runs', title: `${c.title} against time` }),
      });
    }
  }
  sections.push({ title: 'Configs', json: Object.fromEntries(loaded.map(({ config }, i) => [runs[i]!.name, config])) });
  await htmlReport(file, { title: `Comparison of ${runs.length} runs`, subtitle: `bellman report — ${new Date().toISOString()}`, sections });
  return file;
}
