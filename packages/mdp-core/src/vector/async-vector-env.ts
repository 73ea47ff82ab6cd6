// Node built-ins are loaded on first use (see `nodeApi`), not imported, so that this module
// can sit in the package's main entry and still be bundled for browsers.
import type * as Fs from 'node:fs';
import type * as NodeModule from 'node:module';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as Url from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Info } from '../env.js';
import { BellmanError, EnvStateError, InvalidArgumentError, assertInteger, assertKnownKeys } from '../errors.js';
import type { MakeOptions } from '../registry.js';
import type { Space, SpaceSpec } from '../spaces/space.js';
import { spaceFromJSON } from '../spaces/utils.js';
import {
  COMMAND,
  CMD_CLOSE,
  CMD_RESET,
  CMD_STEP,
  CONTROL_LENGTH,
  type DataViews,
  HAS_MESSAGE,
  READY_SEQUENCE,
  REQUEST,
  RESPONSE,
  RESPONSE_DEAD,
  type ReadyMessage,
  type ResetPayload,
  type ResultMessage,
  SPIN,
  STATUS,
  STATUS_ERROR,
  type SerializedError,
  type SlotLayout,
  type WorkerInit,
  dataViews,
  slotLayout,
  spinWhileEqual,
} from './async-protocol.js';
import { type BoxLayout, allocateStepResult, boxLayoutOf, checkActionsContainer, checkNumEnvs, checkResetOptions, expandSeeds } from './utils.js';
import type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector-env.js';

/** Options of `AsyncVectorEnv`. */
export interface AsyncVectorEnvOptions {
  /** Registered id of the environment (built in each worker with `make(envId, envOptions)`). */
  envId: string;
  /** Number of sub-environments (≥ 1). */
  numEnvs: number;
  /**
   * Number of worker threads, 1..numEnvs (default `min(numEnvs, os.availableParallelism())`).
   * Sub-environments are split across workers in contiguous blocks.
   */
  workers?: number;
  /** Options passed to `make()` in every worker; must survive structured cloning. */
  envOptions?: MakeOptions;
  /**
   * Modules each worker imports before building its environments, so that their `register()`
   * calls run in the worker too: file URLs (e.g. `new URL('./my-env.js', import.meta.url)`),
   * paths (relative ones resolve against `process.cwd()`) or package names. They must register
   * into the same copy of `@bellman/mdp-core` (ESM or CJS build) as the one running this class.
   */
  modules?: readonly (string | URL)[];
  /** The worker script, when the default one next to this module cannot be found (custom bundles). */
  workerUrl?: string | URL;
  /**
   * Milliseconds to wait for each reset / step before throwing (default 60 000; `Infinity`
   * waits forever). A worker that exits is detected at once, without waiting.
   */
  timeoutMs?: number;
  /** Milliseconds to wait for the workers to start and build their environments (default 60 000). */
  startupTimeoutMs?: number;
  /**
   * Microseconds a thread polls the shared flag before it sleeps in `Atomics.wait` (default 0:
   * always sleep): the main thread while it waits for a step, a worker while it waits for the
   * next one. On idle, dedicated cores polling avoids the wake-up latency of a sleeping thread
   * (about 10 µs per step); on a busy machine it steals CPU from the very threads being waited
   * for and makes things slower, hence the default.
   */
  spinMicros?: number;
}

const OPTION_KEYS = ['envId', 'numEnvs', 'workers', 'envOptions', 'modules', 'workerUrl', 'timeoutMs', 'startupTimeoutMs', 'spinMicros'];
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_SPIN_MICROS = 0;
/** How long `close()` lets workers close their environments before terminating them. */
const CLOSE_GRACE_MS = 2000;

/** An error raised inside an AsyncVectorEnv worker (or a worker that stopped answering). */
export class AsyncVectorEnvError extends BellmanError {
  override name = 'AsyncVectorEnvError';
  constructor(
    message: string,
    /** Index of the worker thread. */
    readonly worker: number,
    /** Global index of the sub-environment that raised the error, when known. */
    readonly envIndex: number | undefined,
    /** `name` of the original error (e.g. `InvalidArgumentError`), when it came from an environment. */
    readonly remoteName: string | undefined,
    /** Stack trace of the original error inside the worker. */
    readonly remoteStack: string | undefined,
  ) {
    super(message);
  }
}

interface WorkerHandle {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  /** Global index of its first sub-environment. */
  first: number;
  count: number;
  sequence: number;
  views?: DataViews;
  exitCode?: number;
  crash?: Error;
}

/**
 * Runs `numEnvs` copies of a registered environment on `node:worker_threads`, with the same
 * synchronous `VectorEnv` interface as `SyncVectorEnv` and identical results for the same
 * seeds and actions. Each worker owns a contiguous block of sub-environments; actions,
 * observations, rewards and flags travel through shared memory (`Atomics.notify` starts a
 * step, the main thread blocks in `Atomics.wait` until it is done), infos by message only when
 * they are non-empty or an episode ends. Worth it for CPU-heavy environments; for cheap ones
 * like CartPole the hand-off costs more than the step (see the package's bench).
 *
 * Observations and actions must live in Box or Discrete spaces. Box actions are stored in the
 * space's dtype before they reach the environment. Errors thrown by an environment surface as
 * `AsyncVectorEnvError` from `reset()` / `step()`, with the environment's message. Always call
 * `close()`: it ends the worker threads (they never keep the process alive, though).
 *
 * @example
 * const envs = new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 16, workers: 4 });
 * const { observations } = envs.reset({ seed: 0 });
 * const step = envs.step(new Int32Array(16)); // all push left
 * envs.close();
 */
export class AsyncVectorEnv<O = unknown, A = unknown> implements VectorEnv<O, A> {
  readonly numEnvs: number;
  /** Number of worker threads. */
  readonly numWorkers: number;
  readonly singleObservationSpace: Space<O>;
  readonly singleActionSpace: Space<A>;
  private readonly handles: WorkerHandle[] = [];
  private readonly obs: SlotLayout;
  private readonly act: SlotLayout;
  private readonly actionBox: BoxLayout | undefined;
  private readonly timeoutMs: number;
  private hasReset = false;
  private closed = false;
  /** Set when a worker died or stopped answering: the vector env cannot be used any more. */
  private broken: string | undefined;

  constructor(options: AsyncVectorEnvOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('AsyncVectorEnv options', 'an object { envId, numEnvs, workers?, ... }', options);
    }
    assertKnownKeys('AsyncVectorEnv options', options, OPTION_KEYS);
    if (typeof options.envId !== 'string' || options.envId.length === 0) {
      throw new InvalidArgumentError('envId', 'a registered environment id such as "CartPole-v1"', options.envId);
    }
    const numEnvs = checkNumEnvs(options.numEnvs);
    const numWorkers =
      options.workers === undefined
        ? Math.max(1, Math.min(numEnvs, nodeApi().os.availableParallelism()))
        : assertInteger('workers', options.workers, 1, numEnvs);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw new InvalidArgumentError('timeoutMs', 'a positive number of milliseconds (or Infinity)', timeoutMs);
    }
    const startupTimeoutMs = options.startupTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof startupTimeoutMs !== 'number' || !(startupTimeoutMs > 0)) {
      throw new InvalidArgumentError('startupTimeoutMs', 'a positive number of milliseconds (or Infinity)', startupTimeoutMs);
    }
    const spin = options.spinMicros === undefined ? DEFAULT_SPIN_MICROS : assertInteger('spinMicros', options.spinMicros, 0, 1_000_000);
    const envOptions = options.envOptions ?? {};
    if (typeof envOptions !== 'object' || envOptions === null || Array.isArray(envOptions)) {
      throw new InvalidArgumentError('envOptions', 'an object of make() options', envOptions);
    }
    const modules = options.modules ?? [];
    if (!Array.isArray(modules)) throw new InvalidArgumentError('modules', 'an array of module paths or URLs', modules);
    const moduleUrls = modules.map((m, i) => resolveModule(m, `modules[${i}]`));
    const entry = resolveWorkerEntry(options.workerUrl);
    const registryUrl = resolveRegistryUrl();

    this.numEnvs = numEnvs;
    this.numWorkers = numWorkers;
    this.timeoutMs = timeoutMs;

    // Start every worker, then wait for all of them (they start in parallel).
    try {
      const base = Math.floor(numEnvs / numWorkers);
      const extra = numEnvs % numWorkers;
      let first = 0;
      for (let w = 0; w < numWorkers; w++) {
        const count = base + (w < extra ? 1 : 0);
        const control = new Int32Array(new SharedArrayBuffer(CONTROL_LENGTH * Int32Array.BYTES_PER_ELEMENT));
        control[SPIN] = spin;
        control[REQUEST] = READY_SEQUENCE; // the worker serves requests numbered after its ready answer
        const channel = new (nodeApi().workerThreads.MessageChannel)();
        const init: WorkerInit = {
          bellmanAsyncVectorEnv: true,
          control: control.buffer,
          port: channel.port2,
          registryUrl,
          modules: moduleUrls,
          envId: options.envId,
          envOptions,
          firstEnv: first,
          count,
        };
        const worker = startWorker(entry, init, channel.port2);
        const handle: WorkerHandle = { worker, port: channel.port1, control, first, count, sequence: READY_SEQUENCE };
        worker.on('error', (error) => {
          handle.crash = error;
        });
        worker.on('exit', (code) => {
          handle.exitCode = code;
        });
        worker.unref();
        channel.port1.unref();
        this.handles.push(handle);
        first += count;
      }

      const deadline = performance.now() + startupTimeoutMs;
      let observationSpec: SpaceSpec | undefined;
      let actionSpec: SpaceSpec | undefined;
      const ready: { w: number; data: SharedArrayBuffer }[] = [];
      for (let w = 0; w < numWorkers; w++) {
        const h = this.handles[w]!;
        this.await(h, w, deadline, 'start-up', startupTimeoutMs);
        let message = receive(h.port)?.message as ReadyMessage | { type: 'exit'; code: number } | undefined;
        // A worker that failed posts its error and then ends; on a loaded machine the main thread
        // can see the end before the error message is readable. Give the message a moment to
        // arrive, and prefer it to a bare "exited", so the user sees the real cause.
        if (!message || message.type === 'exit') message = awaitStartupError(h.port, message);
        if (!message || message.type === 'exit') throw this.deathError(h, w, 'start-up', message);
        if (message.type === 'error') throw this.remoteError(w, message.error, message.envIndex, 'start-up');
        if (observationSpec === undefined || actionSpec === undefined) {
          observationSpec = message.observationSpace;
          actionSpec = message.actionSpace;
        } else if (JSON.stringify(message.observationSpace) !== JSON.stringify(observationSpec) || JSON.stringify(message.actionSpace) !== JSON.stringify(actionSpec)) {
          throw new BellmanError(
            `all sub-environments must have the same spaces; env 0 has ${spaceFromJSON(observationSpec).toString()} / ` +
              `${spaceFromJSON(actionSpec).toString()} but env ${h.first} has ${spaceFromJSON(message.observationSpace).toString()} / ` +
              spaceFromJSON(message.actionSpace).toString(),
          );
        }
        ready.push({ w, data: message.data });
      }
      // The workers have checked the spaces already; undefined only if numWorkers were 0.
      const obs = slotLayout(observationSpec!) as SlotLayout;
      const act = slotLayout(actionSpec!) as SlotLayout;
      this.obs = obs;
      this.act = act;
      for (const { w, data } of ready) {
        const h = this.handles[w]!;
        h.views = dataViews(data, h.count, obs, act);
      }
      this.singleObservationSpace = spaceFromJSON(observationSpec!) as Space<O>;
      this.singleActionSpace = spaceFromJSON(actionSpec!) as Space<A>;
      this.actionBox = boxLayoutOf(this.singleActionSpace);
    } catch (error) {
      this.terminateAll();
      throw error;
    }
  }

  reset(options?: VectorResetOptions): VectorResetResult<O> {
    this.assertUsable();
    const { seed, options: envOptions } = checkResetOptions(options);
    const seeds = expandSeeds(seed, this.numEnvs);
    // Post every payload before starting anyone, so that a payload that cannot be cloned
    // throws here, with no worker left half-way.
    for (const h of this.handles) {
      const payload: ResetPayload = { seeds: seeds.slice(h.first, h.first + h.count) };
      if (envOptions !== undefined) payload.options = envOptions;
      h.port.postMessage(payload);
    }
    for (const h of this.handles) this.send(h, CMD_RESET);
    const observations = new Array<O>(this.numEnvs);
    const infos = new Array<Info>(this.numEnvs);
    const error = this.collect('reset', (h, message) => {
      const v = h.views!;
      for (let j = 0; j < h.count; j++) {
        observations[h.first + j] = this.readObservation(v.observations, j);
        infos[h.first + j] = {};
      }
      if (message) for (const [j, info] of message.infos) infos[h.first + j] = info;
    });
    if (error) throw error;
    this.hasReset = true;
    return { observations, infos };
  }

  step(actions: readonly A[] | ArrayLike<number>): VectorStepResult<O> {
    this.assertUsable();
    const flat = checkActionsContainer(actions, this.numEnvs, this.actionBox);
    if (!this.hasReset) throw new EnvStateError('cannot call step() before reset(): call envs.reset() first');
    // Write (and check) every action before any worker starts.
    for (const h of this.handles) this.writeActions(h, actions, flat);
    for (const h of this.handles) this.send(h, CMD_STEP);

    const n = this.numEnvs;
    const { observations, rewards, terminated, truncated, infos, finalObservations, finalInfos } = allocateStepResult<O>(n);
    const error = this.collect('step', (h, message) => {
      const v = h.views!;
      const first = h.first;
      rewards.set(v.rewards, first);
      terminated.set(v.terminated, first);
      truncated.set(v.truncated, first);
      for (let j = 0; j < h.count; j++) {
        const i = first + j;
        observations[i] = this.readObservation(v.observations, j);
        infos[i] = {};
        if (terminated[i] || truncated[i]) finalObservations[i] = this.readObservation(v.finalObservations, j);
      }
      if (message) {
        for (const [j, info] of message.infos) infos[first + j] = info;
        for (const [j, info] of message.finalInfos) finalInfos[first + j] = info;
      }
    });
    if (error) throw error;
    return { observations, rewards, terminated, truncated, infos, finalObservations, finalInfos };
  }

  /**
   * Closes the sub-environments and ends the worker threads. Safe to call more than once;
   * the instance cannot be used afterwards.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.broken === undefined) {
      for (const h of this.handles) this.send(h, CMD_CLOSE);
      const deadline = performance.now() + Math.min(this.timeoutMs, CLOSE_GRACE_MS);
      for (const h of this.handles) waitForResponse(h, deadline, 0);
    }
    this.terminateAll();
  }

  /** Whether `close()` has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  private assertUsable(): void {
    if (this.closed) throw new EnvStateError('this AsyncVectorEnv is closed');
    if (this.broken !== undefined) throw new EnvStateError(`this AsyncVectorEnv cannot be used after a worker failure (${this.broken}); close it`);
  }

  private send(h: WorkerHandle, command: number): void {
    h.control[COMMAND] = command;
    h.sequence += 1;
    Atomics.store(h.control, REQUEST, h.sequence);
    Atomics.notify(h.control, REQUEST);
  }

  /**
   * Waits for every worker's answer to the command just sent and hands each result to `read`.
   * Returns the first worker-side error (after every worker has answered, so none is still
   * writing to shared memory); throws at once if a worker died or timed out.
   */
  private collect(what: string, read: (h: WorkerHandle, message: Extract<ResultMessage, { type: 'infos' }> | undefined) => void): Error | undefined {
    const deadline = performance.now() + this.timeoutMs;
    let firstError: Error | undefined;
    for (let w = 0; w < this.handles.length; w++) {
      const h = this.handles[w]!;
      this.await(h, w, deadline, what, this.timeoutMs);
      const message = h.control[HAS_MESSAGE] === 1 ? (receive(h.port)?.message as ResultMessage | { type: 'exit' } | undefined) : undefined;
      if (h.control[STATUS] === STATUS_ERROR) {
        if (message?.type === 'error') firstError ??= this.remoteError(w, message.error, message.envIndex, what);
        else firstError ??= new AsyncVectorEnvError(`AsyncVectorEnv worker ${w} failed during ${what}`, w, undefined, undefined, undefined);
        continue;
      }
      read(h, message?.type === 'infos' ? message : undefined);
    }
    return firstError;
  }

  /** Blocks until worker `w` answers its latest command; marks the instance broken and throws otherwise. */
  private await(h: WorkerHandle, w: number, deadline: number, what: string, limitMs: number): void {
    const outcome = waitForResponse(h, deadline, h.control[SPIN]!);
    if (outcome === 'ok') return;
    let error: Error;
    if (outcome === 'dead') {
      let message: unknown;
      for (let m = receive(h.port); m; m = receive(h.port)) message = m.message;
      error = this.deathError(h, w, what, message as { type: 'exit'; code: number } | undefined);
    } else {
      error = new AsyncVectorEnvError(
        `AsyncVectorEnv worker ${w} (${envRange(h)}) did not answer ${what} within ${limitMs} ms`,
        w,
        undefined,
        undefined,
        undefined,
      );
    }
    this.broken = error.message;
    this.terminateAll();
    throw error;
  }

  private deathError(h: WorkerHandle, w: number, what: string, message: { type: string; code?: number } | undefined): AsyncVectorEnvError {
    const code = message?.type === 'exit' ? message.code : h.exitCode;
    const reason = h.crash ? `: ${h.crash.message}` : code !== undefined ? ` with code ${code}` : '';
    return new AsyncVectorEnvError(`AsyncVectorEnv worker ${w} (${envRange(h)}) exited unexpectedly during ${what}${reason}`, w, undefined, undefined, undefined);
  }

  private remoteError(w: number, error: SerializedError, envIndex: number | undefined, what: string): AsyncVectorEnvError {
    const where = envIndex !== undefined ? `sub-environment ${envIndex} (worker ${w})` : `worker ${w}`;
    return new AsyncVectorEnvError(`AsyncVectorEnv ${what} failed in ${where}: ${error.name}: ${error.message}`, w, envIndex, error.name, error.stack);
  }

  private writeActions(h: WorkerHandle, actions: readonly A[] | ArrayLike<number>, flat: boolean): void {
    const target = h.views!.actions;
    const { size, scalar, kind } = this.act;
    if (flat) {
      const values = actions as ArrayLike<number>;
      const offset = h.first * size;
      for (let k = 0; k < h.count * size; k++) target[k] = values[offset + k]!;
      return;
    }
    const list = actions as ArrayLike<unknown>;
    for (let j = 0; j < h.count; j++) {
      const i = h.first + j;
      const a = list[i];
      if (scalar) {
        if (typeof a !== 'number' || !Number.isInteger(a) || (a | 0) !== a) {
          throw new InvalidArgumentError(`actions[${i}]`, `an integer (an element of ${this.singleActionSpace.toString()})`, a);
        }
        target[j] = a;
      } else {
        const arr = a as ArrayLike<unknown> | null | undefined;
        if (arr === null || typeof arr !== 'object' || arr.length !== size) {
          throw new InvalidArgumentError(`actions[${i}]`, `an array of ${size} numbers (an element of ${this.singleActionSpace.toString()}, stored as ${kind})`, a);
        }
        for (let k = 0; k < size; k++) {
          const value = arr[k];
          if (typeof value !== 'number') {
            throw new InvalidArgumentError(`actions[${i}][${k}]`, 'a number', value);
          }
          target[j * size + k] = value;
        }
      }
    }
  }

  private readObservation(source: DataViews['observations'], j: number): O {
    if (this.obs.scalar) return source[j] as O;
    const size = this.obs.size;
    return source.slice(j * size, (j + 1) * size) as O;
  }

  private terminateAll(): void {
    for (const h of this.handles) {
      h.port.close();
      h.worker.terminate().catch(() => undefined);
    }
  }
}

/** The next message on `port`, read synchronously. */
/**
 * Polls `port` for up to `graceMs` for an error message after a worker ended during start-up;
 * returns the error message if one arrives, else `fallback`.
 */
function awaitStartupError<M extends { type: string }>(port: MessagePort, fallback: M | undefined, graceMs = 2000): M | undefined {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = performance.now() + graceMs;
  let last = fallback;
  while (performance.now() < deadline) {
    const next = receive(port)?.message as M | undefined;
    if (next?.type === 'error') return next;
    if (next) last = next;
    else Atomics.wait(sleeper, 0, 0, 1);
  }
  return last;
}

function receive(port: MessagePort): { message: unknown } | undefined {
  return nodeApi().workerThreads.receiveMessageOnPort(port);
}

function envRange(h: WorkerHandle): string {
  return h.count === 1 ? `sub-environment ${h.first}` : `sub-environments ${h.first}–${h.first + h.count - 1}`;
}

/** Waits until the worker's RESPONSE equals its latest sequence number. */
function waitForResponse(h: WorkerHandle, deadline: number, spin: number): 'ok' | 'dead' | 'timeout' {
  const control = h.control;
  const expected = h.sequence;
  let value = Atomics.load(control, RESPONSE);
  if (value !== expected && value !== RESPONSE_DEAD) value = spinWhileEqual(control, RESPONSE, value, spin);
  while (value !== expected) {
    if (value === RESPONSE_DEAD) return 'dead';
    const remaining = deadline - performance.now();
    if (remaining <= 0) return 'timeout';
    Atomics.wait(control, RESPONSE, value, remaining);
    value = Atomics.load(control, RESPONSE);
  }
  return 'ok';
}

// ---------------------------------------------------------------------------------------------
// Locating the worker script and the registry.

function moduleUrl(): string {
  return import.meta.url;
}

interface NodeApi {
  fs: typeof Fs;
  module: typeof NodeModule;
  os: typeof Os;
  path: typeof Path;
  url: typeof Url;
  workerThreads: typeof WorkerThreads;
}

let nodeApiCache: NodeApi | undefined;

/** The Node built-ins AsyncVectorEnv needs, loaded synchronously with `process.getBuiltinModule`. */
function nodeApi(): NodeApi {
  if (nodeApiCache === undefined) {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    if (typeof proc?.getBuiltinModule !== 'function') {
      throw new BellmanError('AsyncVectorEnv needs Node.js 20.16 or later (worker threads and process.getBuiltinModule)');
    }
    const load = <T>(id: string) => proc.getBuiltinModule!(id) as T;
    nodeApiCache = {
      fs: load('node:fs'),
      module: load('node:module'),
      os: load('node:os'),
      path: load('node:path'),
      url: load('node:url'),
      workerThreads: load('node:worker_threads'),
    };
  }
  return nodeApiCache;
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

interface WorkerEntry {
  url: URL;
  /** Whether the script is TypeScript (loaded through tsx, when running from sources). */
  typescript: boolean;
}

/**
 * The worker script: `workerUrl` when given; otherwise `async-worker.<ext>` with the extension
 * of this module, looked up in `./vector/` (this module is bundled into `dist/index.*`) and
 * then beside this module (sources, or an unbundled build).
 */
function resolveWorkerEntry(workerUrl: string | URL | undefined): WorkerEntry {
  const { fs, path, url: urls } = nodeApi();
  if (workerUrl !== undefined) {
    let url: URL;
    try {
      url = workerUrl instanceof URL ? workerUrl : path.isAbsolute(workerUrl) ? urls.pathToFileURL(workerUrl) : new URL(workerUrl);
    } catch {
      throw new InvalidArgumentError('workerUrl', 'a file URL or an absolute path', workerUrl);
    }
    return { url, typescript: TS_EXTENSIONS.has(path.extname(url.pathname)) };
  }
  const here = moduleUrl();
  const ext = path.extname(new URL(here).pathname) || '.js';
  const tried: string[] = [];
  for (const candidate of [`./vector/async-worker${ext}`, `./async-worker${ext}`, `../vector/async-worker${ext}`]) {
    const url = new URL(candidate, here);
    if (url.protocol !== 'file:') break;
    const file = urls.fileURLToPath(url);
    if (fs.existsSync(file)) return { url, typescript: TS_EXTENSIONS.has(ext) };
    tried.push(file);
  }
  throw new BellmanError(`AsyncVectorEnv cannot find its worker script (looked for ${tried.join(', ') || `a file next to ${here}`}); pass the workerUrl option`);
}

/**
 * The module whose `make` the workers use: the registry beside this module when running from
 * sources, else this bundle itself (`dist/index.js` or `dist/index.cjs`, which export `make`),
 * so that the workers see what user modules `register()` in the same copy of the library.
 */
function resolveRegistryUrl(): string {
  const { path } = nodeApi();
  const here = moduleUrl();
  const file = new URL(here).pathname;
  const ext = path.extname(file);
  if (path.basename(file, ext) === 'async-vector-env') return new URL(`../registry${ext}`, here).href;
  return here;
}

/** A module specifier for `import()` inside a worker (whose own location differs from the caller's). */
function resolveModule(specifier: unknown, field: string): string {
  if (specifier instanceof URL) return specifier.href;
  if (typeof specifier !== 'string' || specifier.length === 0) {
    throw new InvalidArgumentError(field, 'a module path, file URL or package name', specifier);
  }
  const { fs, path, url } = nodeApi();
  if (path.isAbsolute(specifier) || specifier.startsWith('./') || specifier.startsWith('../')) {
    const file = path.resolve(specifier);
    if (!fs.existsSync(file)) throw new InvalidArgumentError(field, 'an existing module file', specifier);
    return url.pathToFileURL(file).href;
  }
  return specifier; // a URL (file:, data:) or a package name, resolved by the worker
}

let tsxApi: string | undefined;

/** URL of tsx's ESM API, whose `register()` lets a worker import TypeScript (resolved here, so the worker's location does not matter). */
function tsxApiUrl(): string {
  if (tsxApi === undefined) {
    try {
      // The ESM build of the API (its CommonJS build cannot register hooks from a worker).
      const { fs, module, path, url } = nodeApi();
      const manifestPath = module.createRequire(moduleUrl()).resolve('tsx/package.json');
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
      const target = manifest.exports?.['./esm/api']?.import?.default;
      if (typeof target !== 'string') throw new Error('tsx/esm/api not found');
      tsxApi = url.pathToFileURL(path.join(path.dirname(manifestPath), target)).href;
    } catch {
      throw new BellmanError(
        'AsyncVectorEnv runs from TypeScript sources here, so its workers need the "tsx" package to load them; install tsx (a dev dependency of @bellman/mdp-core) or use the built package',
      );
    }
  }
  return tsxApi;
}

/**
 * Starts a worker on a small CommonJS bootstrap that (from TypeScript sources) registers tsx,
 * then imports the worker script. Node 20 does not apply `--import` loaders to a worker's own
 * entry, hence the bootstrap; it also reports a script that fails to load as a start-up error
 * instead of leaving the main thread waiting.
 */
function startWorker(entry: WorkerEntry, init: WorkerInit, port: MessagePort): Worker {
  const register = entry.typescript ? `const api = await import(${JSON.stringify(tsxApiUrl())}); (api.register ?? api.default.register)();` : '';
  const bootstrap = `'use strict';
const { workerData } = require('node:worker_threads');
(async () => {
  ${register}
  await import(${JSON.stringify(entry.url.href)});
})().catch((error) => {
  const control = new Int32Array(workerData.control);
  try {
    workerData.port.postMessage({ type: 'error', error: { name: String((error && error.name) || 'Error'), message: String((error && error.message) || error), stack: error && error.stack } });
    control[${HAS_MESSAGE}] = 1;
  } catch {}
  control[${STATUS}] = ${STATUS_ERROR};
  Atomics.store(control, ${RESPONSE}, ${READY_SEQUENCE});
  Atomics.notify(control, ${RESPONSE});
  // Stay alive until terminated, so the error message is not dropped with the thread.
  setInterval(() => {}, 2 ** 30);
});
`;
  return new (nodeApi().workerThreads.Worker)(bootstrap, { eval: true, workerData: init, transferList: [port] });
}
