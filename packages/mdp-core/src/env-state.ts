/**
 * Snapshots of an environment's state — a single env with its wrappers, or a `SyncVectorEnv` — as
 * JSON-compatible data, so a training run can be checkpointed mid-episode and resumed exactly
 * (Gymnasium has no such API; its users pickle the env).
 *
 * The snapshot walks the object's own data fields: numbers (NaN and ±Infinity included), booleans,
 * strings, null, typed arrays, plain arrays and objects, `Rng`s and anything with
 * `getState()`/`setState()` (such as `RunningMeanStd`), and wrapped envs (`env`, `envs`)
 * recursively. Spaces, specs, `TabularMDP` models and functions are configuration, not state, and
 * are skipped. Any
 * other object (a worker thread, a socket) makes `snapshotEnvState` throw `EnvStateError`, so a
 * caller can fall back to starting new episodes. `restoreEnvState` writes a snapshot back into an
 * env built the same way, updating typed arrays in place.
 */
import { EnvStateError } from './errors.js';
import { Rng, type RngState } from './rng.js';
import { TabularMDP } from './tabular-mdp.js';

/** A JSON-compatible snapshot made by {@link snapshotEnvState}. */
export type EnvState = { readonly $env: Readonly<Record<string, EncodedValue>> };

type EncodedValue =
  | number
  | boolean
  | string
  | null
  | { $undefined: true }
  | { $num: 'NaN' | 'Infinity' | '-Infinity' }
  | { $typed: string; data: number[] }
  | { $rng: RngState }
  | { $state: unknown }
  | { $obj: Record<string, EncodedValue> }
  | { $array: EncodedValue[] }
  | EnvState;

const SKIPPED_KEYS = new Set(['spec', 'observationSpace', 'actionSpace', 'singleObservationSpace', 'singleActionSpace']);
const MAX_DEPTH = 32;

function isEnvLike(x: unknown): x is object {
  return typeof x === 'object' && x !== null && typeof (x as { step?: unknown }).step === 'function' && typeof (x as { reset?: unknown }).reset === 'function';
}

function isSpace(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { contains?: unknown }).contains === 'function' && typeof (x as { sample?: unknown }).sample === 'function';
}

function hasState(x: unknown): x is { getState(): unknown; setState(s: unknown): void } {
  return typeof x === 'object' && x !== null && typeof (x as { getState?: unknown }).getState === 'function' && typeof (x as { setState?: unknown }).setState === 'function';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, path: string, depth: number): EncodedValue | undefined {
  if (depth > MAX_DEPTH) throw new EnvStateError(`cannot snapshot ${path}: nested too deeply (a cycle?)`);
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $num: 'NaN' };
    if (value === Infinity) return { $num: 'Infinity' };
    if (value === -Infinity) return { $num: '-Infinity' };
    return value;
  }
  if (typeof value === 'function') return undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return { $typed: value.constructor.name, data: Array.from(value as unknown as ArrayLike<number>) };
  }
  if (value instanceof Rng) return { $rng: value.getState() };
  if (isSpace(value) || value instanceof TabularMDP) return undefined; // configuration, immutable
  if (isEnvLike(value)) return snapshotObject(value, path, depth + 1);
  if (Array.isArray(value)) return { $array: value.map((v, i) => encode(v, `${path}[${i}]`, depth + 1) ?? { $undefined: true }) };
  if (hasState(value)) return { $state: value.getState() };
  if (isPlainObject(value)) {
    const out: Record<string, EncodedValue> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = encode(v, `${path}.${k}`, depth + 1);
      if (e !== undefined) out[k] = e;
    }
    return { $obj: out };
  }
  const name = (value as { constructor?: { name?: string } }).constructor?.name ?? typeof value;
  throw new EnvStateError(`cannot snapshot ${path}: a ${name} is not plain data`);
}

function snapshotObject(obj: object, path: string, depth: number): EnvState {
  const fields: Record<string, EncodedValue> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (SKIPPED_KEYS.has(k)) continue;
    const e = encode(v, `${path}.${k}`, depth);
    if (e !== undefined) fields[k] = e;
  }
  return { $env: fields };
}

function decode(encoded: EncodedValue, current: unknown, path: string): unknown {
  if (encoded === null || typeof encoded !== 'object') return encoded;
  if ('$undefined' in encoded) return undefined;
  if ('$num' in encoded) return Number(encoded.$num);
  if ('$typed' in encoded) {
    if (ArrayBuffer.isView(current) && (current as unknown as ArrayLike<number>).length === encoded.data.length) {
      (current as unknown as { set(a: ArrayLike<number>): void }).set(encoded.data);
      return current;
    }
    const ctor = (globalThis as Record<string, unknown>)[encoded.$typed] as (new (a: ArrayLike<number>) => unknown) | undefined;
    if (typeof ctor !== 'function') throw new EnvStateError(`cannot restore ${path}: unknown typed array ${encoded.$typed}`);
    return new ctor(encoded.data);
  }
  if ('$rng' in encoded) {
    if (current instanceof Rng) {
      current.setState(encoded.$rng);
      return current;
    }
    return Rng.fromState(encoded.$rng);
  }
  if ('$state' in encoded) {
    if (!hasState(current)) throw new EnvStateError(`cannot restore ${path}: the target has no setState()`);
    current.setState(encoded.$state);
    return current;
  }
  if ('$env' in encoded) {
    if (!isEnvLike(current)) throw new EnvStateError(`cannot restore ${path}: the target is not an env`);
    restoreInto(current, encoded, path);
    return current;
  }
  if ('$array' in encoded) {
    const cur = Array.isArray(current) ? current : [];
    const items = encoded.$array.map((v, i) => decode(v, cur[i], `${path}[${i}]`));
    if (Array.isArray(current) && !Object.isFrozen(current) && current.length === items.length) {
      items.forEach((v, i) => (current[i] = v));
      return current;
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  const cur = isPlainObject(current) ? current : {};
  for (const [k, v] of Object.entries(encoded.$obj)) out[k] = decode(v, cur[k], `${path}.${k}`);
  return out;
}

function restoreInto(obj: object, state: EnvState, path: string): void {
  const target = obj as Record<string, unknown>;
  for (const [k, v] of Object.entries(state.$env)) {
    const current = target[k];
    const next = decode(v, current, `${path}.${k}`);
    if (next !== current) target[k] = next;
  }
}

/**
 * The state of `env` (an env with its wrappers, or a `SyncVectorEnv`) as JSON-compatible data
 * (see the module comment).
 *
 * @throws EnvStateError when a field is not plain data (e.g. an `AsyncVectorEnv`'s workers)
 */
export function snapshotEnvState(env: object): EnvState {
  if (typeof env !== 'object' || env === null) throw new EnvStateError('snapshotEnvState needs an env object');
  return snapshotObject(env, env.constructor.name, 0);
}

/**
 * Writes a snapshot from {@link snapshotEnvState} into `env`, which must be built the same way
 * (same env id, wrappers and number of sub-envs). Afterwards `env` steps exactly as the
 * snapshotted env would have.
 *
 * @throws EnvStateError when the snapshot does not fit `env`
 */
export function restoreEnvState(env: object, state: EnvState): void {
  if (typeof state !== 'object' || state === null || !('$env' in state)) throw new EnvStateError('restoreEnvState needs a snapshot from snapshotEnvState');
  restoreInto(env, state, env.constructor.name);
}
