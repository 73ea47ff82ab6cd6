/**
 * PPO benchmarks. Usage (from packages/ppo):
 *
 *   pnpm bench [--seeds 5] [--presets zoo,cleanrl] [--zoo-cap 100000] [--cleanrl-cap 500000] [--out bench-results]
 *
 * Writes one CSV per run (`global_step,episodic_return,wall_s`) to the output directory and prints
 * a table per preset.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@bellman/mdp-core/tf';
import type { PPOPresetName } from '../src/index.js';
import { runCartpole, type CartpoleRunResult } from './cartpole.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const seeds = Number(arg('seeds', '5'));
const presets = arg('presets', 'zoo,cleanrl').split(',') as PPOPresetName[];
const caps: Record<PPOPresetName, number> = { zoo: Number(arg('zoo-cap', '100000')), cleanrl: Number(arg('cleanrl-cap', '500000')) };
const outDir = arg('out', 'bench-results');

const info = await initBackend();
console.log(`backend: ${info.name}${info.simd === undefined ? '' : ` (simd ${info.simd})`}, node ${process.version}`);
mkdirSync(outDir, { recursive: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (s: number) => (s * 1e3).toFixed(2);

for (const preset of presets) {
  console.log(`\nCartPole-v1, preset ${preset}, cap ${caps[preset]} steps, ${seeds} seeds`);
  console.log('seed | steps to 475 | wall s to 475 | steps | wall s |  SPS | eval(20) | per update ms: infer / env / train / total');
  const results: CartpoleRunResult[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await runCartpole({ preset, seed, capSteps: caps[preset] });
    results.push(r);
    writeFileSync(join(outDir, `cartpole-${preset}-seed${seed}.csv`), ['global_step,episodic_return,wall_s', ...r.csv].join('\n') + '\n');
    const p = r.perUpdate;
    console.log(
      `${String(seed).padStart(4)} | ${String(r.stepsTo475 ?? '—').padStart(12)} | ${(r.wallTo475?.toFixed(2) ?? '—').padStart(13)} | ${String(r.steps).padStart(5)} | ${r.wall.toFixed(1).padStart(6)} | ${r.sps.toFixed(0).padStart(4)} | ${r.evalMean.toFixed(1).padStart(8)} | ${ms(p.inference)} / ${ms(p.env)} / ${ms(p.train)} / ${ms(p.total)}`,
    );
  }
  const reached = results.filter((r) => r.wallTo475 !== null);
  console.log(
    `median: steps to 475 ${median(reached.map((r) => r.stepsTo475!))}, wall to 475 ${median(reached.map((r) => r.wallTo475!)).toFixed(2)} s ` +
      `(${reached.length}/${results.length} reached), SPS ${median(results.map((r) => r.sps)).toFixed(0)}, eval ${median(results.map((r) => r.evalMean)).toFixed(1)}`,
  );
}
