/**
 * PPO benchmarks. Usage (from packages/ppo, or `pnpm --filter @bellman/ppo bench -- …`):
 *
 *   pnpm bench [--suite cartpole|pendulum|acrobot|all] [--seeds 5]
 *              [--presets cartpole-fast,zoo,cleanrl] [--out bench-results]
 *
 * cartpole (the default): for each preset and seed, SPS, steps and wall seconds from the start of
 * `learn()` until the mean of the last 20 episodic returns first reaches 475, and a final
 * deterministic evaluation (20 episodes); one CSV per run (`global_step,episodic_return,wall_s`).
 * pendulum: preset `pendulum`, 100k steps per seed, deterministic evaluation (20 episodes).
 * acrobot: the CleanRL defaults, 500k steps per seed, deterministic evaluation (20 episodes).
 * Prints figures; asserts nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { make } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import { PPO, type PPOOptions, type PPOPresetName } from '../src/index.js';
import { runCartpole, type CartpoleRunResult } from './cartpole.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const suite = arg('suite', 'cartpole');
const seeds = Number(arg('seeds', '5'));
const presets = arg('presets', 'cartpole-fast,zoo,cleanrl').split(',') as PPOPresetName[];
const caps: Partial<Record<PPOPresetName, number>> = { cleanrl: 500_000 };
const outDir = arg('out', 'bench-results');

const info = await initBackend();
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`backend: ${info.name}${info.simd === undefined ? '' : ` (simd ${info.simd})`}, node ${process.version}, ${cpus().length} × ${cpu}`);
mkdirSync(outDir, { recursive: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (s: number) => (s * 1e3).toFixed(2);

async function cartpole(): Promise<void> {
  for (const preset of presets) {
    const cap = caps[preset] ?? 100_000;
    console.log(`\nCartPole-v1, preset ${preset}, cap ${cap} steps, ${seeds} seeds`);
    console.log('seed | steps to 475 | wall s to 475 | steps | wall s |   SPS | eval(20) | per update ms: infer / env / train / total');
    const results: CartpoleRunResult[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await runCartpole({ preset, seed, capSteps: cap });
      results.push(r);
      writeFileSync(join(outDir, `cartpole-${preset}-seed${seed}.csv`), ['global_step,episodic_return,wall_s', ...r.csv].join('\n') + '\n');
      const p = r.perUpdate;
      console.log(
        `${String(seed).padStart(4)} | ${String(r.stepsTo475 ?? '—').padStart(12)} | ${(r.wallTo475?.toFixed(2) ?? '—').padStart(13)} | ${String(r.steps).padStart(5)} | ${r.wall.toFixed(1).padStart(6)} | ${r.sps.toFixed(0).padStart(5)} | ${r.evalMean.toFixed(1).padStart(8)} | ${ms(p.inference)} / ${ms(p.env)} / ${ms(p.train)} / ${ms(p.total)}`,
      );
    }
    const reached = results.filter((r) => r.wallTo475 !== null);
    console.log(
      `median: steps to 475 ${median(reached.map((r) => r.stepsTo475!))}, wall to 475 ${median(reached.map((r) => r.wallTo475!)).toFixed(2)} s ` +
        `(${reached.length}/${results.length} reached), SPS ${median(results.map((r) => r.sps)).toFixed(0)}, eval ${median(results.map((r) => r.evalMean)).toFixed(1)}`,
    );
  }
}

/** Trains `steps` steps per seed and evaluates deterministically; prints one row per seed. */
async function evaluateRuns(envId: string, options: PPOOptions, steps: number, threshold: number): Promise<void> {
  console.log(`\n${envId}, ${JSON.stringify(options)}, ${steps} steps, ${seeds} seeds, threshold ${threshold}`);
  console.log('seed | eval mean ± std (20, deterministic) | last train return | wall s');
  let passed = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const agent = new PPO(envId, { ...options, seed });
    let last = Number.NaN;
    const csv: string[] = [];
    const t0 = performance.now();
    await agent.learn({
      totalTimesteps: steps,
      callbacks: {
        onUpdate: (m) => {
          for (const e of m.episodes) csv.push(`${e.globalStep},${e.return},${((performance.now() - t0) / 1e3).toFixed(3)}`);
          last = m['charts/episodic_return'] ?? last;
        },
      },
    });
    const wall = (performance.now() - t0) / 1e3;
    const ev = agent.evaluate(make(envId), 20, { seed: 10_000 + seed });
    agent.dispose();
    writeFileSync(join(outDir, `${envId}-seed${seed}.csv`), ['global_step,episodic_return,wall_s', ...csv].join('\n') + '\n');
    if (ev.mean >= threshold) passed++;
    console.log(`${String(seed).padStart(4)} | ${`${ev.mean.toFixed(1)} ± ${ev.std.toFixed(1)}`.padStart(35)} | ${last.toFixed(1).padStart(17)} | ${wall.toFixed(1)}`);
  }
  console.log(`${passed}/${seeds} seeds reach ${threshold}`);
}

if (suite === 'cartpole' || suite === 'all') await cartpole();
if (suite === 'pendulum' || suite === 'all') await evaluateRuns('Pendulum-v1', { preset: 'pendulum' }, 100_000, -200);
if (suite === 'acrobot' || suite === 'all') await evaluateRuns('Acrobot-v1', { preset: 'cleanrl' }, 500_000, -100);
