/**
 * Rendering benchmark of @bellman/viz (`pnpm --filter @bellman/viz bench`): milliseconds per
 * SVG and per PNG for a training curve of 10,000 points (one run), median of several runs
 * after a warm-up. Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import { trainingCurves, type Run } from '@bellman/viz';
import { toPNG, toSVG } from '@bellman/viz/node';

const POINTS = 10_000;
const REPEATS = 7;

// A deterministic noisy learning curve (no RNG needed: a sum of incommensurate sines).
const run: Run = {
  name: 'ppo',
  records: Array.from({ length: POINTS }, (_, i) => ({
    global_step: (i + 1) * 512,
    'charts/episodic_return': 500 * (1 - Math.exp(-i / 2500)) + 40 * Math.sin(i * 0.37) + 25 * Math.sin(i * 1.91),
  })),
};
const spec = trainingCurves([run], { title: `Training curve, ${POINTS.toLocaleString('en')} points` });

async function median(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: loads vega, compiles code paths, loads the font
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(`${label.padEnd(34)} ${m.toFixed(1).padStart(8)} ms   (min ${times[0]!.toFixed(1)}, max ${times[times.length - 1]!.toFixed(1)}, n = ${REPEATS})`);
  return m;
}

console.log(`@bellman/viz render bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`);
const svg = await toSVG(spec);
console.log(`SVG size: ${(svg.length / 1024).toFixed(0)} KiB`);
await median(`toSVG, ${POINTS} points`, () => toSVG(spec));
await median(`toPNG scale 1, ${POINTS} points`, () => toPNG(spec, { scale: 1 }));
await median(`toPNG scale 2, ${POINTS} points`, () => toPNG(spec, { scale: 2 }));
