/**
 * Picks and initialises a TensorFlow.js backend: the native one (`@tensorflow/tfjs-node`) when it
 * is installed and its addon loads, else WebAssembly, else plain JavaScript.
 *
 * Every backend package is an optional peer dependency, so each one is loaded with a dynamic
 * `import()` and a failure (package absent, native addon missing, `.wasm` binary not found) is
 * recorded and the next backend is tried. Nothing is printed: tfjs's own warnings are muted
 * while a backend starts, and the reason for each failure is returned instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertKnownKeys, assertInteger, BellmanError, InvalidArgumentError } from '../errors.js';

/** The backends `initBackend` knows how to load, named as TensorFlow.js registers them. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The default order of preference: native, then WebAssembly, then JavaScript. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** One attempt made by `initBackend`. */
export interface BackendAttempt {
  /** The backend tried. */
  name: BackendName;
  /** Whether it became the active backend. */
  ok: boolean;
  /** Why it failed (absent when `ok`). */
  error?: string;
  /** Wall-clock time the attempt took, in milliseconds (import + initialisation). */
  ms: number;
}

/** What `initBackend` chose, and what it tried on the way. */
export interface BackendInfo {
  /** The active TensorFlow.js backend. */
  name: BackendName;
  /** Every attempt in order; the last one is the successful one. */
  tried: BackendAttempt[];
  /** WebAssembly only: whether the SIMD binary was loaded. */
  simd?: boolean;
  /** WebAssembly only: the number of threads XNNPACK uses (1 in Node, where tfjs-wasm has no threads). */
  threads?: number;
  /**
   * Whether gradient functions are registered, i.e. whether `tf.grad` and `optimizer.minimize`
   * work. `@tensorflow/tfjs-core` alone does not register them; `@tensorflow/tfjs` (also loaded by
   * `@tensorflow/tfjs-node`) does, and `initBackend` loads it when it is installed.
   */
  gradients: boolean;
  /** Why gradients are unavailable (absent when `gradients`). */
  gradientsError?: string;
}

/** Options of `initBackend`. */
export interface InitBackendOptions {
  /** Backends to try, in order (default `['tensorflow', 'wasm', 'cpu']`). Only these are tried. */
  prefer?: readonly BackendName[];
  /**
   * WebAssembly only: the number of threads for XNNPACK's thread pool (`setThreadsCount`). tfjs-wasm
   * runs single-threaded in Node, so this matters in browsers with cross-origin isolation.
   */
  threads?: number;
}

/** No backend in the list of preferences could be initialised. */
export class BackendUnavailableError extends BellmanError {
  override name = 'BackendUnavailableError';
  constructor(readonly tried: readonly BackendAttempt[]) {
    super(
      `no TensorFlow.js backend could be initialised; ` +
        tried.map((t) => `${t.name}: ${t.error ?? 'failed'}`).join('; ') +
        `. Install @tensorflow/tfjs-backend-wasm or @tensorflow/tfjs-backend-cpu (both pure JavaScript/WebAssembly).`,
    );
  }
}

const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_UNION = '@tensorflow/tfjs';
// tfjs-wasm picks its binary at run time: threaded + SIMD, SIMD, or plain. Node has no wasm
// threads in tfjs 4.22, so there the SIMD or the plain one is loaded: both must be present.
const WASM_NODE_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

interface BackendState {
  info?: BackendInfo | undefined;
  pending?: Promise<BackendInfo> | undefined;
}

// Kept on globalThis (like tfjs keeps its engine) so that the ESM and the CJS build of this
// package, if both end up loaded in one process, agree on what has been initialised.
const STATE_KEY = Symbol.for('@bellman/mdp-core/tf/backend');

function state(): BackendState {
  const g = globalThis as unknown as Record<symbol, BackendState | undefined>;
  let s = g[STATE_KEY];
  if (s === undefined) {
    s = {};
    g[STATE_KEY] = s;
  }
  return s;
}

/**
 * The backend chosen by `initBackend`, or `undefined` before it has finished (or when the
 * active TensorFlow.js backend was since switched with `tf.setBackend` to another one).
 */
export function activeBackend(): BackendInfo | undefined {
  const info = state().info;
  return info !== undefined && tf.getBackend() === info.name ? info : undefined;
}

/**
 * Initialises the first TensorFlow.js backend that works, in the order of `prefer`
 * (default: `tensorflow` from `@tensorflow/tfjs-node`, then `wasm`, then `cpu`), and makes it
 * the active one. Await it before creating tensors.
 *
 * Idempotent: once a backend is active, later calls return the same `BackendInfo` whatever
 * their options (concurrent calls share one initialisation). Never throws while one of the
 * preferred backends works; throws `BackendUnavailableError` (listing why each failed) when
 * none does, and `InvalidArgumentError` for bad options.
 *
 * @example
 * ```ts
 * const { name, tried } = await initBackend(); // 'wasm' when tfjs-node is not installed
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { prefer, threads } = validateOptions(options);
  const s = state();
  const current = activeBackend();
  if (current !== undefined) return current;
  if (s.pending !== undefined) return s.pending;
  const pending = selectBackend(prefer, threads);
  s.pending = pending;
  try {
    const info = await pending;
    s.info = info;
    return info;
  } finally {
    s.pending = undefined;
  }
}

function validateOptions(options: InitBackendOptions): { prefer: readonly BackendName[]; threads: number | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('initBackend options', 'an object', options);
  }
  assertKnownKeys('initBackend options', options, ['prefer', 'threads']);
  const prefer = options.prefer ?? BACKEND_NAMES;
  if (
    !Array.isArray(prefer) ||
    prefer.length === 0 ||
    (prefer as readonly unknown[]).some((p) => !BACKEND_NAMES.includes(p as BackendName)) ||
    new Set(prefer).size !== prefer.length
  ) {
    throw new InvalidArgumentError('prefer', `a non-empty list of distinct backends from ${BACKEND_NAMES.join(', ')}`, prefer);
  }
  const threads = options.threads === undefined ? undefined : assertInteger('threads', options.threads, 1, 1024);
  return { prefer, threads };
}

async function selectBackend(prefer: readonly BackendName[], threads: number | undefined): Promise<BackendInfo> {
  const tried: BackendAttempt[] = [];
  for (const name of prefer) {
    const start = performance.now();
    let extra: Pick<BackendInfo, 'simd' | 'threads'>;
    try {
      extra = await tryBackend(name, threads);
    } catch (error) {
      tried.push({ name, ok: false, error: describeError(error), ms: performance.now() - start });
      continue;
    }
    tried.push({ name, ok: true, ms: performance.now() - start });
    return { name, tried, ...extra, ...(await loadGradients()) };
  }
  throw new BackendUnavailableError(tried);
}

/** Kernels whose gradients training code needs at the very least; checked to tell whether gradients are registered. */
const PROBE_GRADIENTS = ['Sum', 'Multiply', 'BatchMatMul'];

function gradientsRegistered(): boolean {
  return PROBE_GRADIENTS.every((kernel) => tf.getGradient(kernel) !== undefined);
}

/**
 * `@tensorflow/tfjs-core` registers no gradient functions (nor the chained tensor methods such
 * as `t.add()`), and its `dist/register_all_gradients` module cannot be loaded by Node (ESM with
 * extension-less imports in a CommonJS package). The `@tensorflow/tfjs` bundle registers both;
 * load it when it is installed.
 */
async function loadGradients(): Promise<Pick<BackendInfo, 'gradients' | 'gradientsError'>> {
  if (gradientsRegistered()) return { gradients: true };
  try {
    await quietly(() => import('@tensorflow/tfjs') as Promise<unknown>);
  } catch (error) {
    return {
      gradients: false,
      gradientsError: `no gradient functions are registered and import('${TFJS_UNION}') failed: ${describeError(error)}`,
    };
  }
  return gradientsRegistered()
    ? { gradients: true }
    : { gradients: false, gradientsError: `${TFJS_UNION} was loaded but registered no gradient functions` };
}

/** Gradient functions (`tf.grad`, `optimizer.minimize`) are not available. */
export class GradientsUnavailableError extends BellmanError {
  override name = 'GradientsUnavailableError';
}

/**
 * Throws `GradientsUnavailableError` unless gradient functions are registered (see
 * `BackendInfo.gradients`). Training code calls it once before its first update.
 */
export function assertGradientsAvailable(): void {
  if (gradientsRegistered()) return;
  const reason = state().info?.gradientsError;
  throw new GradientsUnavailableError(
    'training needs the gradient functions of TensorFlow.js, which @tensorflow/tfjs-core alone does not register: ' +
      `install @tensorflow/tfjs (${tf.version_core}) and call initBackend() first` +
      (reason === undefined ? '' : ` (${reason})`),
  );
}

async function tryBackend(name: BackendName, threads: number | undefined): Promise<Pick<BackendInfo, 'simd' | 'threads'>> {
  switch (name) {
    case 'tensorflow': {
      try {
        // A variable specifier: bundlers and the type checker must not try to resolve this optional package.
        await import(/* @vite-ignore */ /* webpackIgnore: true */ TFJS_NODE);
      } catch (error) {
        throw new Error(`import('${TFJS_NODE}') failed: ${describeError(error)}`);
      }
      await activate('tensorflow');
      return {};
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (isNode()) {
        // In Node the .wasm binaries sit next to the package's main file; without an explicit
        // prefix tfjs looks for them relative to the bundle that loaded it.
        wasm.setWasmPaths(await wasmBinaryDir());
      }
      if (threads !== undefined) wasm.setThreadsCount(threads);
      await activate('wasm');
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      return { simd: simd === true, threads: wasm.getThreadsCount() };
    }
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      await activate('cpu');
      return {};
    }
  }
}

/** Makes `name` the active backend, turning tfjs's boolean failure into an Error with the cause. */
async function activate(name: BackendName): Promise<void> {
  const { ok, cause } = await quietly(() => withInitErrorCapture(name, () => tf.setBackend(name)));
  if (!ok) {
    throw new Error(`tf.setBackend('${name}') failed` + (cause === undefined ? '' : `: ${describeError(cause)}`));
  }
  await tf.ready();
  // The cpu backend prints a banner on its first tensor write in Node; write one while muted.
  await quietly(() => {
    tf.tidy(() => {
      tf.scalar(0);
    });
    return Promise.resolve();
  });
}

/**
 * Runs `fn` while tfjs's `PROD` flag is set, which silences tfjs's `console.warn` / `console.log`
 * (failed-initialisation reports, the cpu banner), then restores the flag.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const env = tf.env();
  const previous = env.getBool('PROD');
  env.set('PROD', true);
  try {
    return await fn();
  } finally {
    env.set('PROD', previous);
  }
}

/**
 * tfjs reports a failed backend factory only through `console.warn` and returns `false`.
 * Wrap the registered factory for the duration of `run` to keep the error it threw.
 */
async function withInitErrorCapture(name: string, run: () => Promise<boolean>): Promise<{ ok: boolean; cause?: unknown }> {
  const entry = tf.engine().registryFactory[name];
  if (entry === undefined) return { ok: await run() };
  const original = entry.factory;
  let cause: unknown;
  entry.factory = () => {
    try {
      const backend = original();
      if (typeof (backend as { then?: unknown }).then === 'function') {
        return Promise.resolve(backend).catch((error: unknown) => {
          cause = error;
          throw error;
        });
      }
      return backend;
    } catch (error) {
      cause = error;
      throw error;
    }
  };
  try {
    const ok = await run();
    return cause === undefined ? { ok } : { ok, cause };
  } finally {
    entry.factory = original;
  }
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions === 'object' && typeof process.versions.node === 'string';
}

/** The directory (with a trailing `/`) holding tfjs-backend-wasm's `.wasm` binaries, checked to exist. */
async function wasmBinaryDir(): Promise<string> {
  const [{ createRequire }, path, fs] = await Promise.all([import('node:module'), import('node:path'), import('node:fs')]);
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  const dir = path.dirname(main);
  const missing = WASM_NODE_BINARIES.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`tfjs-backend-wasm binaries missing from ${dir}: ${missing.join(', ')}`);
  }
  return dir.endsWith('/') ? dir : `${dir}/`;
}

function describeError(error: unknown): string {
  let message: string;
  if (error instanceof Error) message = error.message;
  else if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    message = (error as { message: string }).message;
  } else message = String(error);
  message = message.replace(/\s+/g, ' ').trim();
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}
