import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { vectorTestEnvModule } from '../../test/vector-test-env.js';
import { EnvStateError, InvalidArgumentError } from '../errors.js';
import { Rng } from '../rng.js';
import { AsyncVectorEnv, AsyncVectorEnvError, type AsyncVectorEnvOptions } from './async-vector-env.js';
import { makeVec } from './sync-vector-env.js';
import type { VectorEnv, VectorStepResult } from './vector-env.js';

const modules = [vectorTestEnvModule];
const opened: AsyncVectorEnv[] = [];

/** An AsyncVectorEnv closed after the test (even when the test fails). */
function open<O = unknown, A = unknown>(options: AsyncVectorEnvOptions): AsyncVectorEnv<O, A> {
  const envs = new AsyncVectorEnv<O, A>({ modules, ...options });
  opened.push(envs);
  return envs;
}

afterEach(() => {
  for (const envs of opened.splice(0)) envs.close();
});

/** The worker threads of an AsyncVectorEnv (test-only peek at a private field). */
function workersOf(envs: AsyncVectorEnv): Worker[] {
  return (envs as unknown as { handles: { worker: Worker }[] }).handles.map((h) => h.worker);
}

/** Resolves once every worker has emitted 'exit' (or rejects after `ms`). */
async function allExited(workers: Worker[], ms = 5000): Promise<void> {
  await Promise.race([
    Promise.all(workers.map((w) => (w.threadId === -1 ? Promise.resolve() : new Promise((res) => w.once('exit', res))))),
    new Promise((_, reject) => setTimeout(() => reject(new Error('workers still running')), ms).unref()),
  ]);
}

function plain<O>(r: VectorStepResult<O>): unknown {
  return { ...r, rewards: Array.from(r.rewards), terminated: Array.from(r.terminated), truncated: Array.from(r.truncated) };
}

/** Drives two vector envs with the same seeded random actions and compares every result. */
function compare<O>(a: VectorEnv<O, unknown>, b: VectorEnv<O, unknown>, seed: number, steps: number, action: (rng: Rng) => unknown): number {
  expect(b.reset({ seed })).toEqual(a.reset({ seed }));
  const rng = new Rng(seed);
  let ends = 0;
  for (let t = 0; t < steps; t++) {
    const actions = Array.from({ length: a.numEnvs }, () => action(rng));
    const x = a.step(actions);
    const y = b.step(actions);
    expect(plain(y)).toEqual(plain(x));
    ends += x.terminated.reduce((s, v) => s + v, 0) + x.truncated.reduce((s, v) => s + v, 0);
  }
  return ends;
}

describe('AsyncVectorEnv', () => {
  it('gives the same results as SyncVectorEnv over hundreds of steps with episode ends', () => {
    for (const [numEnvs, workers] of [
      [7, 3],
      [4, 1],
    ] as const) {
      const sync = makeVec('CountingEnv-v0', numEnvs);
      const async = open({ envId: 'CountingEnv-v0', numEnvs, workers });
      expect(async.numWorkers).toBe(workers);
      expect(async.singleObservationSpace.toJSON()).toEqual(sync.singleObservationSpace.toJSON());
      expect(async.singleActionSpace.toJSON()).toEqual(sync.singleActionSpace.toJSON());
      const ends = compare(sync, async, 11, 300, (rng) => rng.integer(3));
      expect(ends).toBeGreaterThan(100);
      // A second, unseeded reset continues the streams identically.
      expect(async.reset()).toEqual(sync.reset());
      expect(plain(async.step(new Array(numEnvs).fill(2)))).toEqual(plain(sync.step(new Array(numEnvs).fill(2))));
      sync.close();
    }
  });

  it('handles float64 Box observations, Box actions (flat or per env) and Discrete observations', () => {
    const f64 = open({ envId: 'CountingEnv-v0', numEnvs: 3, workers: 2, envOptions: { dtype: 'float64' } });
    const reset = f64.reset({ seed: 5 });
    expect(reset.observations[0]).toBeInstanceOf(Float64Array);
    compare(makeVec('CountingEnv-v0', 3, { dtype: 'float64' }), f64, 5, 60, (rng) => rng.integer(3));

    const pendulum = open<Float32Array, Float32Array>({ envId: 'Pendulum-v1', numEnvs: 4, workers: 2 });
    const sync = makeVec<Float32Array, Float32Array>('Pendulum-v1', 4);
    compare(sync, pendulum, 2, 250, (rng) => Float32Array.of(rng.uniform(-2, 2)));
    const flat = Float32Array.of(0.25, -0.5, 1, 2);
    expect(plain(pendulum.step(flat))).toEqual(plain(sync.step(flat)));

    const lake = open<number, number>({ envId: 'FrozenLake-v1', numEnvs: 5, workers: 2 });
    const ends = compare(makeVec<number, number>('FrozenLake-v1', 5), lake, 9, 200, (rng) => rng.integer(4));
    expect(ends).toBeGreaterThan(5);
    expect(typeof lake.reset().observations[0]).toBe('number');
  });

  it('returns infos: reset infos, non-empty step infos and final infos', () => {
    const envs = open<Float32Array, number>({ envId: 'CountingEnv-v0', numEnvs: 4, workers: 2, envOptions: { maxLength: 8 } });
    const { infos } = envs.reset({ seed: 3 });
    for (const info of infos) expect(info).toHaveProperty('episodeLength');
    let finals = 0;
    let ticks = 0;
    for (let t = 0; t < 40; t++) {
      const out = envs.step([1, 1, 1, 1]);
      for (let i = 0; i < 4; i++) {
        if (out.terminated[i] || out.truncated[i]) {
          finals += 1;
          const final = out.finalObservations[i]!;
          expect(final).toBeInstanceOf(Float32Array);
          expect(out.finalInfos[i]).toEqual({ t: final[0], sum: final[1] });
          expect(Array.from(out.observations[i]!.subarray(0, 2))).toEqual([0, 0]);
          expect(out.infos[i]).toHaveProperty('episodeLength');
        } else {
          expect(out.finalObservations[i]).toBeNull();
          expect(out.finalInfos[i]).toBeNull();
          if ('tick' in out.infos[i]!) ticks += 1;
        }
      }
    }
    expect(finals).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(5);
  });

  it('surfaces errors raised inside a worker, and stays usable afterwards', () => {
    const envs = open({ envId: 'CountingEnv-v0', numEnvs: 5, workers: 2 });
    envs.reset({ seed: 0 });
    let error: unknown;
    try {
      envs.step([0, 1, 2, 7, 0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AsyncVectorEnvError);
    const e = error as AsyncVectorEnvError;
    expect(e.message).toBe(
      'AsyncVectorEnv step failed in sub-environment 3 (worker 1): InvalidArgumentError: action must be an element of the action space Discrete(3); got 7',
    );
    expect(e).toMatchObject({ worker: 1, envIndex: 3, remoteName: 'InvalidArgumentError' });
    expect(e.remoteStack).toMatch(/passive-env-checker/);

    expect(() => envs.reset({ options: { fail: true } })).toThrow(/reset failed in sub-environment 0 \(worker 0\): Error: CountingEnv was asked to fail in reset/);
    expect(() => envs.reset({ options: { bad: () => 1 } })).toThrow(/could not be cloned/);
    envs.reset({ seed: 0 });
    expect(envs.step([0, 0, 0, 0, 0]).rewards).toHaveLength(5);
  });

  it('checks actions on the main thread before any worker steps', () => {
    const envs = open({ envId: 'CountingEnv-v0', numEnvs: 3, workers: 2 });
    expect(() => envs.step([0, 0, 0])).toThrow(EnvStateError);
    envs.reset({ seed: 1 });
    expect(() => envs.step([0, 0])).toThrow(/^actions must be an array of 3 actions \(one per sub-environment\); got \[0, 0\] \(length 2\)$/);
    expect(() => envs.step([0, 0, 1.5])).toThrow(/actions\[2\] must be an integer \(an element of Discrete\(3\)\); got 1.5/);
    expect(() => envs.step([0, '1', 0])).toThrow(InvalidArgumentError);
    const pendulum = open({ envId: 'Pendulum-v1', numEnvs: 2, workers: 1 });
    pendulum.reset();
    expect(() => pendulum.step([[1, 2], [0]])).toThrow(/actions\[0\] must be an array of 1 numbers/);
  });

  it('validates its options with clear messages', () => {
    const base = { envId: 'CountingEnv-v0', numEnvs: 4 };
    expect(() => new AsyncVectorEnv({ ...base, numEnvs: 0 })).toThrow(/^numEnvs must be an integer >= 1; got 0$/);
    expect(() => new AsyncVectorEnv({ ...base, numEnvs: 2.5 })).toThrow(/numEnvs must be an integer >= 1/);
    expect(() => new AsyncVectorEnv({ ...base, workers: 0 })).toThrow(/^workers must be an integer in \[1, 4\]; got 0$/);
    expect(() => new AsyncVectorEnv({ ...base, workers: 5 })).toThrow(/workers must be an integer in \[1, 4\]; got 5/);
    expect(() => new AsyncVectorEnv({ ...base, worker: 2 } as AsyncVectorEnvOptions)).toThrow(/did you mean "workers"/);
    expect(() => new AsyncVectorEnv({ ...base, envId: '' })).toThrow(/envId must be a registered environment id/);
    expect(() => new AsyncVectorEnv({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs must be a positive number/);
    expect(() => new AsyncVectorEnv({ ...base, startupTimeoutMs: -1 })).toThrow(/startupTimeoutMs must be a positive number/);
    expect(() => new AsyncVectorEnv({ ...base, spinMicros: 0.5 })).toThrow(/spinMicros must be an integer in \[0, 1000000\]/);
    expect(() => new AsyncVectorEnv({ ...base, modules: ['./no/such/module.js'] })).toThrow(/modules\[0\] must be an existing module file/);
    expect(() => new AsyncVectorEnv({ ...base, workerUrl: 'no/such/worker.js' })).toThrow(/workerUrl must be a file URL or an absolute path/);
  });

  it('accepts an explicit workerUrl and URL modules', () => {
    const envs = open({
      envId: 'CountingEnv-v0',
      numEnvs: 2,
      workers: 1,
      workerUrl: fileURLToPath(new URL('./async-worker.ts', import.meta.url)),
      modules: [pathToFileURL(vectorTestEnvModule)],
    });
    expect(envs.reset({ seed: 4 })).toEqual(makeVec('CountingEnv-v0', 2).reset({ seed: 4 }));
  });

  it('reports start-up failures from the workers', () => {
    expect(() => new AsyncVectorEnv({ envId: 'CountingEnv-v1', numEnvs: 2, modules })).toThrow(
      /start-up failed in sub-environment 0 \(worker 0\): UnknownEnvError: unknown environment id "CountingEnv-v1"; did you mean "CountingEnv-v0"\?/,
    );
    // Without the module, the workers do not know the id.
    expect(() => new AsyncVectorEnv({ envId: 'CountingEnv-v0', numEnvs: 1 })).toThrow(/UnknownEnvError: unknown environment id "CountingEnv-v0"/);
    expect(() => new AsyncVectorEnv({ envId: 'MultiActionEnv-v0', numEnvs: 2, workers: 1, modules })).toThrow(
      /AsyncVectorEnv supports Box and Discrete spaces; got a MultiDiscrete space \(action space MultiDiscrete\(\[2, 2\]\)\)/,
    );
    expect(() => new AsyncVectorEnv({ envId: 'CountingEnv-v0', numEnvs: 2, modules, envOptions: { dtype: 'float16' } })).toThrow(
      /start-up failed in sub-environment 0 \(worker 0\): InvalidArgumentError: Box.dtype must be one of/,
    );
  });

  it('does not hang when a worker exits or stops answering', () => {
    const crashing = open({ envId: 'CrashingEnv-v0', numEnvs: 2, workers: 2 });
    crashing.reset();
    const t0 = performance.now();
    expect(() => crashing.step([0, 1])).toThrow(/^AsyncVectorEnv worker 1 \(sub-environment 1\) exited unexpectedly during step with code 7$/);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(() => crashing.step([0, 0])).toThrow(/cannot be used after a worker failure \(AsyncVectorEnv worker 1/);

    const hanging = open({ envId: 'CrashingEnv-v0', numEnvs: 2, workers: 1, timeoutMs: 300 });
    hanging.reset();
    expect(() => hanging.step([2, 0])).toThrow(/^AsyncVectorEnv worker 0 \(sub-environments 0–1\) did not answer step within 300 ms$/);
    expect(() => hanging.reset()).toThrow(EnvStateError);
  });

  it('close() ends every worker thread', async () => {
    const envs = new AsyncVectorEnv({ envId: 'CountingEnv-v0', numEnvs: 6, workers: 3, modules });
    envs.reset({ seed: 0 });
    envs.step([0, 1, 2, 0, 1, 2]);
    const workers = workersOf(envs);
    expect(workers).toHaveLength(3);
    envs.close();
    envs.close(); // idempotent
    expect(envs.isClosed).toBe(true);
    expect(() => envs.step([0, 0, 0, 0, 0, 0])).toThrow(/this AsyncVectorEnv is closed/);
    await allExited(workers);

    // A broken instance (worker killed by a timeout) is closed just as well.
    const hanging = new AsyncVectorEnv({ envId: 'CrashingEnv-v0', numEnvs: 1, timeoutMs: 200, modules });
    hanging.reset();
    expect(() => hanging.step([2])).toThrow(/did not answer/);
    hanging.close();
    await allExited(workersOf(hanging));
  });

  it('runs CartPole-v1 like SyncVectorEnv', () => {
    const envs = open<Float32Array, number>({ envId: 'CartPole-v1', numEnvs: 8, workers: 2 });
    expect(envs.singleObservationSpace.toString()).toMatch(/^Box\(.*\[4\], float32\)$/);
    const ends = compare(makeVec<Float32Array, number>('CartPole-v1', 8), envs, 123, 200, (rng) => rng.integer(2));
    expect(ends).toBeGreaterThan(20);
  });
});
