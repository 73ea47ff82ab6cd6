/**
 * Renders the seed's three charts from the committed data into examples/ as PNG and SVG
 * (`pnpm --filter @bellman/viz examples`):
 *   clip-objective    — from the formula;
 *   training-curves   — data/cartpole-ppo.jsonl, real PPO runs on CartPole-v1;
 *   kl-control        — data/kl-control.jsonl, from examples/kl-control-sim.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clipObjectiveChart, klControlChart, trainingCurves, type MetricRecord, type Run, type VegaLiteSpec } from '@bellman/viz';
import { writePNG, writeSVG } from '@bellman/viz/node';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** JSONL rows grouped into runs by their `run` (and `seed`) fields; rows with an `about` field are headers. */
function readRuns(file: string, seeded: boolean): Run[] {
  const rows = readFileSync(here(file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MetricRecord);
  const runs = new Map<string, Run & { records: MetricRecord[] }>();
  for (const row of rows) {
    if ('about' in row) continue;
    const group = String(row.run);
    const name = seeded ? `${group} seed ${String(row.seed)}` : group;
    if (!runs.has(name)) runs.set(name, { name, group, records: [] });
    runs.get(name)!.records.push(row);
  }
  return [...runs.values()];
}

const ppo = readRuns('./data/cartpole-ppo.jsonl', true);
const kl = readRuns('./data/kl-control.jsonl', false);
const charts: Record<string, VegaLiteSpec> = {
  'clip-objective': clipObjectiveChart({ epsilon: 0.2, advantage: 1 }),
  'training-curves': trainingCurves(ppo, {
    metric: 'charts/episodic_return',
    aggregate: 'minmax',
    smoothing: 0.6,
    title: 'PPO on CartPole-v1: clip ε = 0.2 vs clipping off (ε = 10)',
    subtitle: 'mean of 3 seeds, band min–max; zoo preset with lr 3e-3 constant, 20 epochs; EMA smoothing 0.6',
  }),
  'kl-control': klControlChart(kl, {
    target: 0.5,
    band: 0.2,
    title: 'KL control: no penalty, fixed β, adaptive β (Ziegler et al. 2019)',
    subtitle: '32-response softmax policy, REINFORCE on r − β·log(π/π_ref); exact KL',
  }),
};
for (const [name, spec] of Object.entries(charts)) {
  const warnings: string[] = [];
  await writeSVG(here(`./${name}.svg`), spec, { onWarning: (m) => warnings.push(m) });
  await writePNG(here(`./${name}.png`), spec, { scale: 2 });
  console.log(`examples/${name}.png, .svg${warnings.length > 0 ? ` (warnings: ${warnings.join('; ')})` : ''}`);
}
