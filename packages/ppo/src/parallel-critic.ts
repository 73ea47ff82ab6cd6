/**
 * Trains PPO's critic on a second thread (`node:worker_threads`) while the main thread trains the
 * actor: with separate networks the two halves of a training step are independent until gradient
 * clipping, so on a machine with two free cores a step takes about half as long. Parameters,
 * gradients and the minibatch live in SharedArrayBuffers; the threads meet once per step. The
 * worker runs the same kernels on the same backend as the main thread, so results are identical to
 * training on one thread (a test checks it). Node only.
 */
import type * as NodeModule from 'node:module';
import type * as Url from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import { InvalidArgumentError } from '@bellman/mdp-core';
import {
  CLIP_COEF,
  CLIP_VLOSS,
  CMD,
  CONTROL_WORDS,
  DONE,
  ERROR_BYTES,
  ERROR_LENGTH,
  OP,
  OP_EVALUATE,
  OP_STEP,
  OP_STOP,
  PARAMS_VERSION,
  ROWS,
  SCALARS,
  STATUS,
  STATUS_ERROR,
  STATUS_STARTING,
  VALUE_LOSS,
  VF_COEF,
  type CriticWorkerInit,
} from './critic-protocol.js';
import type { Activation } from './mlp.js';

/** Options of {@link ParallelCritic.start}. */
export interface ParallelCriticOptions {
  /** The tfjs backend name of the main thread. */
  backend: string;
  /** Critic layer widths, input first (the critic sits at offset 0 of `params`). */
  sizes: readonly number[];
  activation: Activation;
  obsDim: number;
  /** Largest minibatch. */
  maxRows: number;
  /** The whole parameter vector, on a SharedArrayBuffer. */
  params: Float32Array;
  /** The whole gradient vector, on a SharedArrayBuffer. */
  grad: Float32Array;
  /** How long to wait for the worker to load tfjs (ms). Default 60,000. */
  startupTimeoutMs?: number;
}

type NodeWorker = WorkerThreads.Worker;

interface NodeApi {
  workerThreads: typeof WorkerThreads;
  url: typeof Url;
  module: typeof NodeModule;
}

function nodeApi(): NodeApi {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new InvalidArgumentError('parallelCritic', 'false outside Node.js 20.16+ (it needs worker threads)', true);
  }
  const load = <T>(id: string) => proc.getBuiltinModule!(id) as T;
  return { workerThreads: load('node:worker_threads'), url: load('node:url'), module: load('node:module') };
}

/** The worker script beside this module, and how to start it (through tsx from sources). */
function workerEntry(api: NodeApi): { target: string | URL; eval: boolean; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.(c|m)?ts$/.test(here)) {
    const file = api.url.fileURLToPath(new URL('./critic-worker.ts', here));
    let hook = 'tsx/cjs';
    try {
      hook = api.module.createRequire(here).resolve('tsx/cjs');
    } catch {
      // keep the bare specifier
    }
    // from sources: tsx's require hook, and the workspace's source export condition
    return { target: `require(${JSON.stringify(hook)}); require(${JSON.stringify(file)});`, eval: true, execArgv: ['--conditions=@bellman/source'] };
  }
  const ext = here.endsWith('.cjs') ? '.cjs' : here.endsWith('.mjs') ? '.mjs' : '.js';
  return { target: new URL(`./critic-worker${ext}`, here), eval: false, execArgv: [] };
}

/** The main thread's handle on the critic worker (see the module comment). */
export class ParallelCritic {
  /** Minibatch observations to fill before {@link begin} (rows × obsDim). */
  readonly x: Float32Array;
  /** The same, transposed (obsDim × rows). */
  readonly xT: Float32Array;
  /** Minibatch return targets. */
  readonly returns: Float64Array;
  /** Minibatch values at collection time. */
  readonly oldValues: Float64Array;
  /** V(s) of the minibatch as the critic computed it (after {@link end}). */
  readonly values: Float32Array;
  private readonly control: Int32Array;
  private readonly scalars: Float64Array;
  private readonly errorBytes: Uint8Array;
  private readonly worker: NodeWorker;
  private sequence = 0;
  private pending = false;
  private closed = false;
  private ready = false;
  private readonly startedAt = performance.now();

  private constructor(
    worker: NodeWorker,
    init: CriticWorkerInit,
    private readonly startupTimeoutMs: number,
  ) {
    this.worker = worker;
    this.control = new Int32Array(init.control);
    this.scalars = new Float64Array(init.scalars);
    this.errorBytes = new Uint8Array(init.error);
    this.x = new Float32Array(init.x);
    this.xT = new Float32Array(init.xT);
    this.returns = new Float64Array(init.returns);
    this.oldValues = new Float64Array(init.oldValues);
    this.values = new Float32Array(init.values);
  }

  /**
   * Starts the worker (it loads tfjs in the background; the first {@link begin} waits until it
   * is ready).
   */
  static start(options: ParallelCriticOptions): ParallelCritic {
    const api = nodeApi();
    for (const [field, a] of [
      ['params', options.params],
      ['grad', options.grad],
    ] as const) {
      if (!(a.buffer instanceof SharedArrayBuffer)) throw new InvalidArgumentError(field, 'a Float32Array on a SharedArrayBuffer', a);
    }
    const sab = (bytes: number) => new SharedArrayBuffer(bytes);
    const { maxRows, obsDim } = options;
    const init: CriticWorkerInit = {
      backend: options.backend,
      sizes: [...options.sizes],
      activation: options.activation,
      obsDim,
      maxRows,
      control: sab(4 * CONTROL_WORDS),
      scalars: sab(8 * SCALARS),
      error: sab(ERROR_BYTES),
      params: options.params.buffer as SharedArrayBuffer,
      grad: options.grad.buffer as SharedArrayBuffer,
      x: sab(4 * maxRows * obsDim),
      xT: sab(4 * maxRows * obsDim),
      returns: sab(8 * maxRows),
      oldValues: sab(8 * maxRows),
      values: sab(4 * maxRows),
    };
    const entry = workerEntry(api);
    const worker = new api.workerThreads.Worker(entry.target, { eval: entry.eval, execArgv: entry.execArgv, workerData: init });
    worker.unref();
    return new ParallelCritic(worker, init, options.startupTimeoutMs ?? 60_000);
  }

  /** Blocks until the worker's backend is ready (once). */
  private awaitReady(): void {
    if (this.ready) return;
    const deadline = this.startedAt + this.startupTimeoutMs;
    while (Atomics.load(this.control, STATUS) === STATUS_STARTING) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        this.close();
        throw new Error(`the parallel critic worker did not start within ${this.startupTimeoutMs} ms`);
      }
      Atomics.wait(this.control, STATUS, STATUS_STARTING, Math.min(remaining, 100));
    }
    this.throwIfFailed();
    this.ready = true;
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, STATUS) !== STATUS_ERROR) return;
    const n = Atomics.load(this.control, ERROR_LENGTH);
    const message = new TextDecoder().decode(this.errorBytes.slice(0, n));
    this.close();
    throw new Error(`the parallel critic worker failed: ${message}`);
  }

  /**
   * Starts a step on the worker: forward pass of the first `rows` rows of `x`, the value loss and
   * (for a training step) its gradient into the shared gradient vector. `paramsVersion` tells the
   * worker whether to re-upload the parameters.
   */
  begin(rows: number, paramsVersion: number, loss: { clipCoef: number; clipVloss: boolean; vfCoef: number } | null): void {
    if (this.closed) throw new Error('the parallel critic was closed');
    if (this.pending) throw new Error('ParallelCritic.begin() called twice without end()');
    this.awaitReady();
    const c = this.control;
    if (loss !== null) {
      this.scalars[CLIP_COEF] = loss.clipCoef;
      this.scalars[VF_COEF] = loss.vfCoef;
      this.scalars[CLIP_VLOSS] = loss.clipVloss ? 1 : 0;
    }
    Atomics.store(c, OP, loss === null ? OP_EVALUATE : OP_STEP);
    Atomics.store(c, ROWS, rows);
    Atomics.store(c, PARAMS_VERSION, paramsVersion);
    this.sequence++;
    Atomics.store(c, CMD, this.sequence);
    Atomics.notify(c, CMD);
    this.pending = true;
  }

  /** Waits for the step started by {@link begin}; returns the value loss (NaN for an evaluation). */
  end(): number {
    if (!this.pending) throw new Error('ParallelCritic.end() without begin()');
    const c = this.control;
    let done = Atomics.load(c, DONE);
    let spins = 0;
    while (done !== this.sequence && done !== -1 && spins++ < 50_000) done = Atomics.load(c, DONE);
    while (done !== this.sequence && done !== -1) {
      Atomics.wait(c, DONE, done, 1000);
      done = Atomics.load(c, DONE);
    }
    this.pending = false;
    this.throwIfFailed();
    return Atomics.load(c, OP) === OP_STEP ? this.scalars[VALUE_LOSS]! : Number.NaN;
  }

  /** Stops the worker. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, OP, OP_STOP);
    Atomics.store(this.control, CMD, this.sequence + 1);
    Atomics.notify(this.control, CMD);
    void this.worker.terminate();
  }
}
