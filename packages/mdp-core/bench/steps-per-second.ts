/**
 * CartPole-v1 environment steps per second: a bare env, a `make()` env (with its wrappers),
 * SyncVectorEnv and AsyncVectorEnv with several sizes, plus a CPU-heavy variant of CartPole
 * that shows where worker threads pay off. Prints figures; asserts nothing.
 *
 *   pnpm --filter @bellman/mdp-core bench          (BENCH_SECONDS=1 for a quicker run)
 *
 * The AsyncVectorEnv workers import this module too (`modules: [import.meta.url]`), to
 * register the heavy variant; in a worker it does nothing else.
 */
import { cpus, loadavg } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { Env } from '../src/env.js';
import { CartPoleEnv } from '../src/envs/classic-control/cartpole.js';
import { isRegistered, make, register } from '../src/registry.js';
import { Rng } from '../src/rng.js';
import { AsyncVectorEnv, SyncVectorEnv, makeVec, type VectorEnv } from '../src/vector/index.js';

/** Busy work per step of HeavyCartPole-v1 (tens of µs). */
const HEAVY_ITERATIONS = 5000;

/** CartPole whose every step also burns a fixed amount of CPU, like a physics-heavy env. */
class HeavyCartPoleEnv extends CartPoleEnv {
  sink = 0;

  override step(action: number) {
    let x = 0;
    for (let i = 0; i < HEAVY_ITERATIONS; i++) x += Math.sin(i + action);
    this.sink = x;
    return super.step(action);
  }
}

if (!isRegistered('CartPole-v1')) register({ id: 'CartPole-v1', entryPoint: () => new CartPoleEnv(), maxEpisodeSteps: 500 });
register({ id: 'HeavyCartPole-v1', entryPoint: () => new HeavyCartPoleEnv(), maxEpisodeSteps: 500 });

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2.5);
const WARMUP_SECONDS = Math.min(0.5, SECONDS / 4);

interface Row {
  name: string;
  envs: number;
  workers: number | '-';
  stepsPerSecond: number;
}

/** Calls `batch()` (which takes `stepsPerBatch` env steps) for `seconds`; returns steps/s. */
function timeLoop(batch: () => void, stepsPerBatch: number, seconds: number): number {
  let steps = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let k = 0; k < 10; k++) batch();
    steps += 10 * stepsPerBatch;
    now = performance.now();
  }
  return steps / ((now - start) / 1000);
}

/** A single env driven with random actions from our Rng, reset when an episode ends. */
function measureSingle(env: Env<Float32Array, number>): number {
  const rng = new Rng(0);
  env.reset({ seed: 0 });
  const batch = () => {
    for (let k = 0; k < 100; k++) {
      const r = env.step(rng.integer(2));
      if (r.terminated || r.truncated) env.reset();
    }
  };
  timeLoop(batch, 100, WARMUP_SECONDS);
  return timeLoop(batch, 100, SECONDS);
}

/** A vector env driven with random actions; autoreset does the resets. */
function measureVector(envs: VectorEnv<Float32Array, number>): number {
  const rng = new Rng(0);
  const actions = new Int32Array(envs.numEnvs);
  envs.reset({ seed: 0 });
  const batch = () => {
    for (let i = 0; i < actions.length; i++) actions[i] = rng.integer(2);
    envs.step(actions);
  };
  try {
    timeLoop(batch, envs.numEnvs, WARMUP_SECONDS);
    return timeLoop(batch, envs.numEnvs, SECONDS);
  } finally {
    envs.close();
  }
}

function asyncEnvs(envId: string, numEnvs: number, workers: number): AsyncVectorEnv<Float32Array, number> {
  return new AsyncVectorEnv<Float32Array, number>({ envId, numEnvs, workers, modules: [import.meta.url] });
}

function main(): void {
  const cpu = cpus();
  const load = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
  console.log(`CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} · Node ${process.version} · ${process.platform}/${process.arch} · load average ${load}`);
  console.log(`Each row: ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s measured; random actions from Rng(0).\n`);

  const rows: Row[] = [];
  const add = (name: string, envs: number, workers: number | '-', run: () => number) => {
    const row = { name, envs, workers, stepsPerSecond: run() };
    rows.push(row);
    console.log(`  ${name.padEnd(34)} ${String(envs).padStart(4)} ${String(workers).padStart(7)} ${Math.round(row.stepsPerSecond).toLocaleString('en-US').padStart(12)}`);
  };

  console.log(`  ${'name'.padEnd(34)} ${'envs'.padStart(4)} ${'workers'.padStart(7)} ${'steps/s'.padStart(12)}`);
  add('CartPoleEnv (bare)', 1, '-', () => measureSingle(new CartPoleEnv()));
  add("make('CartPole-v1')", 1, '-', () => measureSingle(make<Float32Array, number>('CartPole-v1')));
  for (const n of [4, 8, 32]) add('SyncVectorEnv CartPole-v1', n, '-', () => measureVector(makeVec<Float32Array, number>('CartPole-v1', n)));
  for (const [n, w] of [
    [8, 1],
    [8, 2],
    [32, 1],
    [32, 2],
  ] as const) {
    add('AsyncVectorEnv CartPole-v1', n, w, () => measureVector(asyncEnvs('CartPole-v1', n, w)));
  }
  add('SyncVectorEnv HeavyCartPole-v1', 8, '-', () =>
    measureVector(new SyncVectorEnv(Array.from({ length: 8 }, () => () => make<Float32Array, number>('HeavyCartPole-v1')))),
  );
  for (const w of [1, 2]) add('AsyncVectorEnv HeavyCartPole-v1', 8, w, () => measureVector(asyncEnvs('HeavyCartPole-v1', 8, w)));

  console.log(
    '\nHeavyCartPole-v1 adds ' +
      `${HEAVY_ITERATIONS} Math.sin calls to every step. Workers pay off when a step costs much more than ` +
      'the hand-off to a worker (a few µs on idle cores, tens of µs on a busy machine).',
  );
}

if (isMainThread) main();
