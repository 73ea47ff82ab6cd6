// Node built-ins are imported lazily (inside `create`), so that bundling this package for a
// browser (the demo uses the single-thread solvers) never trips over `node:` modules.
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { BellmanError, assertInteger, assertOneOf } from '@bellman/mdp-core';
import type { TabularMDP } from '@bellman/mdp-core';
import { compileBackupModel, greedyActions, successorRanges, type BackupLayout, type BackupModel } from './bellman-backup.js';
import { checkMdp, checkOptions, resolveGamma, type SweepMode } from './options.js';
import { fillInitialValues, valueIterationSettings, VALUE_ITERATION_KEYS, type ValueIterationOptions, type ValueIterationResult } from './value-iteration.js';
import { CLAIM, CONTROL_SLOTS, HOOK_ACK, STOP, type WorkerInit, type WorkerReply, type WorkerRun } from './worker-protocol.js';

/** Options of {@link ParallelValueIteration.create}. */
export interface ParallelValueIterationOptions {
  /** Number of worker threads (default min(4, os.availableParallelism()); an integer in [1, 64]). */
  workers?: number | undefined;
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`). Fixed for the pool: the model is compiled with it. */
  gamma?: number | undefined;
  /** Storage layout of the compiled model (default `'auto'`). */
  layout?: BackupLayout | undefined;
}

/** Options of one {@link ParallelValueIteration.run}: those of {@link valueIteration} except γ and the layout. */
export type ParallelRunOptions = Omit<ValueIterationOptions, 'gamma' | 'layout'>;

/** What a parallel run returns: the usual results, plus how it ran. */
export interface ParallelValueIterationResult extends ValueIterationResult {
  /** Sweep mode actually used (`'in-place'` falls back to `'synchronous'` when the model is not banded, see {@link ParallelValueIteration.inPlaceSupported}). */
  mode: SweepMode;
  /** Number of workers. */
  workers: number;
}

const RUN_KEYS = VALUE_ITERATION_KEYS.filter((k) => k !== 'gamma' && k !== 'layout');

/**
 * How to start the worker module that sits next to this one: `dist/value-iteration.worker.js` (or
 * `.cjs`) in a build, `value-iteration.worker.ts` from sources (vitest, tsx). Node 20 ignores
 * `--import tsx` in a worker's `execArgv`, so from sources a one-line bootstrap installs tsx's
 * `require` hook inside the worker and then loads the TypeScript file.
 */
async function workerEntry(): Promise<{ target: string | URL; options: WorkerOptions }> {
  const here = import.meta.url;
  if (/\.(c|m)?ts$/.test(here)) {
    const { fileURLToPath } = await import('node:url');
    const { createRequire } = await import('node:module');
    const file = fileURLToPath(new URL('./value-iteration.worker.ts', here));
    let hook = 'tsx/cjs';
    try {
      hook = createRequire(here).resolve('tsx/cjs');
    } catch {
      // Keep the bare specifier (resolved from the working directory).
    }
    return { target: `require(${JSON.stringify(hook)}); require(${JSON.stringify(file)});`, options: { eval: true } };
  }
  const ext = here.endsWith('.cjs') ? '.cjs' : here.endsWith('.mjs') ? '.mjs' : '.js';
  return { target: new URL(`./value-iteration.worker${ext}`, here), options: {} };
}

const SYNC_CHUNKS_PER_WORKER = 8;
const IN_PLACE_CHUNKS_PER_WORKER = 2;

function evenBounds(n: number, parts: number): Int32Array {
  const bounds = new Int32Array(parts + 1);
  for (let i = 0; i <= parts; i++) bounds[i] = Math.round((i * n) / parts);
  return bounds;
}

/**
 * Value iteration on worker threads (`node:worker_threads`) that share the value arrays and the
 * compiled model through SharedArrayBuffers. Create it once per (MDP, γ), `run()` as often as
 * needed, then `close()` (the workers do not keep the process alive between runs, but only
 * `close()` ends them).
 *
 * - Synchronous sweeps (Jacobi): the workers claim chunks of states (8 per worker, with an atomic
 *   counter, so a slower or descheduled worker takes fewer) and write the new values into the
 *   other array; one barrier per sweep. Results equal the single-thread {@link valueIteration}
 *   bit for bit.
 * - In-place sweeps (Gauss–Seidel): the states are cut into 4 · workers chunks; the even chunks
 *   run concurrently, then the odd ones ("red-black" blocks), each chunk swept in order. This is
 *   race-free when every state's successors lie in its own or a neighbouring chunk (true of
 *   row-major gridworlds), which {@link inPlaceSupported} checks once; otherwise in-place runs fall
 *   back to synchronous sweeps. Results do not depend on which worker takes which chunk. With one
 *   worker the sweep order is exactly the single-thread one.
 *
 * Update formula, per state s of a worker's share:
 *
 *   V(s) ← max_a Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)]
 *
 * @example
 * ```ts
 * const pool = await ParallelValueIteration.create(mdp, { workers: 2, gamma: 0.99 });
 * try {
 *   const { values, policy, sweeps } = await pool.run({ theta: 1e-6, mode: 'in-place', order: 'backward', init: 'lower-bound' });
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class ParallelValueIteration {
  /** Number of worker threads. */
  readonly workers: number;
  /** The compiled model the workers share. */
  readonly model: BackupModel;
  /** Whether in-place (red-black block) sweeps are race-free for this model and worker count. */
  readonly inPlaceSupported: boolean;

  private readonly mdp: TabularMDP;
  private readonly threads: Worker[];
  private readonly values: [Float64Array, Float64Array];
  private readonly ctrl: Int32Array;
  private running = false;
  private closed = false;
  private failure: Error | undefined;
  private onReply: ((worker: number, reply: WorkerReply) => void) | undefined;

  private constructor(mdp: TabularMDP, model: BackupModel, workers: number, inPlaceSupported: boolean, threads: Worker[], values: [Float64Array, Float64Array], ctrl: Int32Array) {
    this.mdp = mdp;
    this.model = model;
    this.workers = workers;
    this.inPlaceSupported = inPlaceSupported;
    this.threads = threads;
    this.values = values;
    this.ctrl = ctrl;
  }

  /** Compiles the model into shared memory and starts the workers (resolves once they are ready). */
  static async create(mdp: TabularMDP, options: ParallelValueIterationOptions = {}): Promise<ParallelValueIteration> {
    checkMdp(mdp);
    checkOptions('ParallelValueIteration options', options, ['workers', 'gamma', 'layout']);
    const { availableParallelism } = await import('node:os');
    const { Worker } = await import('node:worker_threads');
    const count = options.workers === undefined ? Math.min(4, availableParallelism()) : assertInteger('workers', options.workers, 1, 64);
    const gamma = resolveGamma(mdp, options.gamma);
    const layout = options.layout === undefined ? 'auto' : assertOneOf('layout', options.layout, ['auto', 'csr', 'runs']);
    const model = compileBackupModel(mdp, gamma, { layout, shared: true });
    const nS = mdp.nS;
    const values: [Float64Array, Float64Array] = [
      new Float64Array(new SharedArrayBuffer(nS * 8)),
      new Float64Array(new SharedArrayBuffer(nS * 8)),
    ];
    const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const deltas = new Float64Array(new SharedArrayBuffer(2 * count * 8));
    // Synchronous sweeps: 8 chunks per worker, claimed dynamically. In-place sweeps: 2 chunks per
    // worker and colour (2 in all for one worker, which then sweeps exactly like one thread).
    const syncBounds = evenBounds(nS, SYNC_CHUNKS_PER_WORKER * count);
    const nChunks = count === 1 ? 2 : 2 * IN_PLACE_CHUNKS_PER_WORKER * count;
    const chunkBounds = evenBounds(nS, nChunks);
    let banded = true;
    if (count > 1) {
      const { lo, hi } = successorRanges(model, chunkBounds);
      for (let c = 0; c < nChunks && banded; c++) {
        const readFrom = chunkBounds[Math.max(0, c - 1)]!;
        const readTo = chunkBounds[Math.min(nChunks, c + 2)]!;
        if (lo[c]! < readFrom || hi[c]! >= readTo) banded = false;
      }
    }
    const { target, options: workerOptions } = await workerEntry();
    const threads: Worker[] = [];
    const pool = new ParallelValueIteration(mdp, model, count, banded, threads, values, ctrl);
    try {
      const ready: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const worker = new Worker(target, workerOptions);
        threads.push(worker);
        ready.push(
          new Promise<void>((resolve, reject) => {
            const onMessage = (reply: WorkerReply): void => {
              if (reply.type === 'ready') {
                worker.off('message', onMessage);
                worker.off('error', reject);
                resolve();
              }
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
          }),
        );
        const init: WorkerInit = { type: 'init', index: i, count, model, values, ctrl, deltas, syncBounds, chunkBounds };
        worker.postMessage(init);
      }
      await Promise.all(ready);
    } catch (err) {
      await pool.close();
      throw err;
    }
    threads.forEach((worker, i) => {
      worker.on('message', (reply: WorkerReply) => pool.onReply?.(i, reply));
      worker.on('error', (err: Error) => pool.fail(err));
      worker.on('exit', (code) => {
        if (!pool.closed) pool.fail(new BellmanError(`value-iteration worker ${i} exited with code ${code}`));
      });
      worker.unref();
    });
    return pool;
  }

  /**
   * Runs value iteration to θ (or `maxSweeps`) on the workers and resolves with the values, the
   * greedy policy, the sweeps used and the final max-delta. `onSweep` is called on the main thread
   * between sweeps (the workers wait for it), with the live shared values.
   */
  async run(options: ParallelRunOptions = {}): Promise<ParallelValueIterationResult> {
    if (this.closed) throw new BellmanError('ParallelValueIteration.run() called after close()');
    if (this.failure !== undefined) throw this.failure;
    if (this.running) throw new BellmanError('ParallelValueIteration.run() called while another run is in progress');
    checkOptions('ParallelValueIteration.run options', options, RUN_KEYS);
    const cfg = valueIterationSettings(this.mdp, { ...options, gamma: this.model.gamma }, VALUE_ITERATION_KEYS);
    const mode: SweepMode = cfg.mode === 'in-place' && !this.inPlaceSupported ? 'synchronous' : cfg.mode;
    fillInitialValues(cfg.init, this.model, this.values[0]);
    Atomics.store(this.ctrl, HOOK_ACK, 0);
    Atomics.store(this.ctrl, STOP, 0);
    for (let i = CLAIM; i < CONTROL_SLOTS; i++) Atomics.store(this.ctrl, i, 0);
    const job: WorkerRun = { type: 'run', mode, order: cfg.order, theta: cfg.theta, maxSweeps: cfg.maxSweeps, hook: cfg.onSweep !== undefined };
    this.running = true;
    let hookError: unknown;
    let hookFailed = false;
    try {
      const done = await new Promise<{ sweeps: number; delta: number; buffer: number }>((resolve, reject) => {
        let remaining = this.workers;
        let last: { sweeps: number; delta: number; buffer: number } | undefined;
        this.failWith = reject;
        this.onReply = (_worker, reply) => {
          if (reply.type === 'sweep') {
            let stop = false;
            try {
              stop = cfg.onSweep!({ sweep: reply.sweep, delta: reply.delta, values: this.values[reply.buffer]! }) === false;
            } catch (err) {
              hookError = err;
              hookFailed = true;
              stop = true;
            }
            if (stop) Atomics.store(this.ctrl, STOP, 1);
            Atomics.store(this.ctrl, HOOK_ACK, reply.sweep);
            Atomics.notify(this.ctrl, HOOK_ACK);
          } else if (reply.type === 'done') {
            last = reply;
            if (--remaining === 0) resolve(last);
          } else if (reply.type === 'error') {
            reject(new BellmanError(`value-iteration worker failed: ${reply.message}`));
          }
        };
        for (const worker of this.threads) {
          worker.ref();
          worker.postMessage(job);
        }
      });
      if (hookFailed) throw hookError;
      const values = this.values[done.buffer]!.slice();
      const policy = new Int32Array(this.mdp.nS);
      greedyActions(this.model, values, policy, cfg.tieTolerance);
      return { values, policy, sweeps: done.sweeps, delta: done.delta, converged: done.delta < cfg.theta, mode, workers: this.workers };
    } catch (err) {
      if (!hookFailed) {
        this.failure = err instanceof Error ? err : new BellmanError(String(err));
        await this.close();
      }
      throw err;
    } finally {
      this.running = false;
      this.onReply = undefined;
      this.failWith = undefined;
      if (!this.closed) for (const worker of this.threads) worker.unref();
    }
  }

  /** Ends the workers (safe to call twice). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((worker) => worker.terminate()));
  }

  private failWith: ((err: Error) => void) | undefined;

  private fail(err: Error): void {
    if (this.failure === undefined) this.failure = err;
    this.failWith?.(err);
  }
}

/**
 * One-shot {@link ParallelValueIteration}: starts the workers, runs value iteration, and always
 * closes them. Same update as {@link valueIteration}:
 *
 *   V(s) ← max_a Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)]
 */
export async function parallelValueIteration(
  mdp: TabularMDP,
  options: ParallelValueIterationOptions & ParallelRunOptions = {},
): Promise<ParallelValueIterationResult> {
  checkOptions('parallelValueIteration options', options, [...VALUE_ITERATION_KEYS, 'workers']);
  const { workers, gamma, layout, ...run } = options;
  const pool = await ParallelValueIteration.create(mdp, { workers, gamma, layout });
  try {
    return await pool.run(run);
  } finally {
    await pool.close();
  }
}
