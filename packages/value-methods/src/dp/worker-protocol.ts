/**
 * Messages and shared control slots between {@link ParallelValueIteration} and its workers.
 * Types and constants only, so the worker imports nothing else at run time.
 */
import type { BackupModel } from './bellman-backup.js';
import type { SweepMode, SweepOrder } from './options.js';

/** Int32 slots of the shared control array. */
/** Arrivals at the current barrier. */
export const BARRIER_COUNT = 0;
/** Barrier generation, bumped by the last arrival (workers wait on it). */
export const BARRIER_GEN = 1;
/** Last sweep the main thread has handed to `onSweep` (workers wait for it when a hook is set). */
export const HOOK_ACK = 2;
/** 1 when the hook asked to stop. */
export const STOP = 3;
/**
 * Chunk counters: workers claim the next chunk with Atomics.add on slot
 * CLAIM + 2 · (sweep mod 2) + phase, so a slow (or descheduled) worker simply claims fewer chunks.
 */
export const CLAIM = 4;
/** Length of the control array. */
export const CONTROL_SLOTS = 8;

/** Sent once to every worker: everything lives in SharedArrayBuffers. */
export interface WorkerInit {
  type: 'init';
  index: number;
  count: number;
  model: BackupModel;
  values: [Float64Array, Float64Array];
  ctrl: Int32Array;
  deltas: Float64Array;
  /** Synchronous sweeps: chunk c is the states syncBounds[c] … syncBounds[c + 1] − 1 (claimed in any order). */
  syncBounds: Int32Array;
  /**
   * In-place sweeps: an even number of chunks, coloured by parity. The chunks of one colour never
   * read each other's states, so they run concurrently; then the other colour runs.
   */
  chunkBounds: Int32Array;
}

/** Starts one value-iteration run on every worker. */
export interface WorkerRun {
  type: 'run';
  mode: SweepMode;
  order: SweepOrder;
  theta: number;
  maxSweeps: number;
  hook: boolean;
}

/** Messages from a worker to the main thread. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'sweep'; sweep: number; delta: number; buffer: number }
  | { type: 'done'; sweeps: number; delta: number; buffer: number }
  | { type: 'error'; message: string };
