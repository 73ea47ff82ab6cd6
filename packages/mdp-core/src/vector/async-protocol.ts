// The shared-memory protocol between AsyncVectorEnv (main thread) and its workers.
// Not part of the public API: both sides are always built from the same sources.
//
// Every worker owns a block of contiguous sub-environments and two SharedArrayBuffers:
//
// - a control block of CONTROL_LENGTH int32 slots, created by the main thread:
//   REQUEST   sequence number of the latest command (main: store + notify);
//   COMMAND   what to do (CMD_*), written before REQUEST;
//   RESPONSE  sequence number of the latest finished command (worker: store + notify), or
//             RESPONSE_DEAD once the worker thread exits;
//   STATUS    STATUS_OK or STATUS_ERROR (the error then follows on the port);
//   HAS_MESSAGE 1 when the worker posted a message (infos, error) for this response;
//   SPIN      microseconds to poll RESPONSE / REQUEST before sleeping in Atomics.wait.
// - a data block created by the worker once it knows the spaces (see `dataLayout`):
//   rewards (float64), observations, final observations, actions, terminated and truncated
//   flags (uint8), each with one slot per local sub-environment.
//
// Payloads that are not numbers (reset seeds and options, infos, errors) travel on a
// MessageChannel and are read synchronously with `receiveMessageOnPort`.
import type { MessagePort } from 'node:worker_threads';
import type { Info } from '../env.js';
import type { SpaceSpec } from '../spaces/space.js';

export const REQUEST = 0;
export const COMMAND = 1;
export const RESPONSE = 2;
export const STATUS = 3;
export const HAS_MESSAGE = 4;
export const SPIN = 5;
export const CONTROL_LENGTH = 8;

export const CMD_RESET = 1;
export const CMD_STEP = 2;
export const CMD_CLOSE = 3;

export const STATUS_OK = 0;
export const STATUS_ERROR = 1;

/** RESPONSE value written by a worker's exit handler. */
export const RESPONSE_DEAD = -1;
/** Sequence number of the "ready" response that ends a worker's start-up. */
export const READY_SEQUENCE = 1;

/** Element type of one slot region. */
export type SlotKind = 'float32' | 'float64' | 'int32';

/** How one observation or action is stored: `size` elements of `kind`. */
export interface SlotLayout {
  kind: SlotKind;
  size: number;
  /** Discrete spaces store a number, Box spaces a typed array. */
  scalar: boolean;
}

/** Message every worker sends when it starts. */
export type ReadyMessage =
  | { type: 'ready'; observationSpace: SpaceSpec; actionSpace: SpaceSpec; data: SharedArrayBuffer }
  | WorkerErrorMessage;

/** An error a worker reports (with the global index of the sub-environment that raised it, if any). */
export interface WorkerErrorMessage {
  type: 'error';
  error: SerializedError;
  envIndex?: number;
}

/** Payload of a reset command. */
export interface ResetPayload {
  seeds: (number | undefined)[];
  options?: Record<string, unknown>;
}

/** A worker's answer to reset and step when some info is non-empty or an episode ended. */
export type ResultMessage =
  | {
      type: 'infos';
      /** [local index, info] for non-empty infos (all others are `{}`). */
      infos: [number, Info][];
      /** [local index, final info] for envs whose episode ended in this step. */
      finalInfos: [number, Info][];
    }
  | WorkerErrorMessage;

/** An Error as plain data (structured clone keeps only some of an Error's fields). */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Plain-data copy of any thrown value. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    if (error.stack !== undefined) out.stack = error.stack;
    return out;
  }
  return { name: 'Error', message: String(error) };
}

/** The storage of a space's elements, or a message saying why the space is not supported. */
export function slotLayout(spec: SpaceSpec): SlotLayout | string {
  if (spec.type === 'Box') return { kind: spec.dtype, size: spec.shape.reduce((a, b) => a * b, 1), scalar: false };
  if (spec.type === 'Discrete') return { kind: 'int32', size: 1, scalar: true };
  return `AsyncVectorEnv supports Box and Discrete spaces; got a ${spec.type} space`;
}

/** Typed views on one worker's data block. */
export interface DataViews {
  rewards: Float64Array;
  observations: Float32Array | Float64Array | Int32Array;
  finalObservations: Float32Array | Float64Array | Int32Array;
  actions: Float32Array | Float64Array | Int32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
}

const BYTES: Record<SlotKind, number> = { float32: 4, float64: 8, int32: 4 };

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Byte offsets of the regions of a data block for `count` sub-environments. */
export function dataLayout(count: number, observation: SlotLayout, action: SlotLayout) {
  const rewards = 0;
  const observations = align8(rewards + 8 * count);
  const obsBytes = count * observation.size * BYTES[observation.kind];
  const finalObservations = align8(observations + obsBytes);
  const actions = align8(finalObservations + obsBytes);
  const terminated = align8(actions + count * action.size * BYTES[action.kind]);
  const truncated = terminated + count;
  return { rewards, observations, finalObservations, actions, terminated, truncated, byteLength: align8(truncated + count) };
}

function view(kind: SlotKind, buffer: SharedArrayBuffer, byteOffset: number, length: number): Float32Array | Float64Array | Int32Array {
  if (kind === 'float32') return new Float32Array(buffer, byteOffset, length);
  if (kind === 'float64') return new Float64Array(buffer, byteOffset, length);
  return new Int32Array(buffer, byteOffset, length);
}

/** Typed views on a data block made by `dataLayout(count, observation, action)`. */
export function dataViews(buffer: SharedArrayBuffer, count: number, observation: SlotLayout, action: SlotLayout): DataViews {
  const l = dataLayout(count, observation, action);
  return {
    rewards: new Float64Array(buffer, l.rewards, count),
    observations: view(observation.kind, buffer, l.observations, count * observation.size),
    finalObservations: view(observation.kind, buffer, l.finalObservations, count * observation.size),
    actions: view(action.kind, buffer, l.actions, count * action.size),
    terminated: new Uint8Array(buffer, l.terminated, count),
    truncated: new Uint8Array(buffer, l.truncated, count),
  };
}

/** Everything a worker needs, passed as `workerData`. */
export interface WorkerInit {
  /** Marks the workerData as ours, so the worker module does nothing when imported elsewhere. */
  bellmanAsyncVectorEnv: true;
  control: SharedArrayBuffer;
  port: MessagePort;
  /** URL of the module whose `make` builds the envs (the same registry user modules write to). */
  registryUrl: string;
  /** URLs or specifiers imported before the envs are built. */
  modules: string[];
  envId: string;
  envOptions: Record<string, unknown>;
  /** Global index of the worker's first sub-environment (for error messages). */
  firstEnv: number;
  count: number;
}

/**
 * Polls `control[index]` for up to `spinMicros` µs while it still equals `old`; returns the
 * last value read. Spinning avoids the wake-up latency of `Atomics.wait` (tens of µs on a busy
 * machine) when the other thread answers quickly.
 */
export function spinWhileEqual(control: Int32Array, index: number, old: number, spinMicros: number): number {
  let value = Atomics.load(control, index);
  if (value !== old || spinMicros <= 0) return value;
  const end = performance.now() + spinMicros / 1000;
  for (let k = 1; ; k++) {
    value = Atomics.load(control, index);
    if (value !== old) return value;
    if ((k & 63) === 0 && performance.now() > end) return value;
  }
}
