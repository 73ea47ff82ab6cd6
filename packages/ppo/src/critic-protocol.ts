/**
 * Shared-memory layout between {@link ParallelCritic} (main thread) and `critic-worker.ts`.
 * One Int32Array of control words, one Float64Array of scalars, and the shared arrays named in
 * {@link CriticWorkerInit}. The main thread bumps `CMD` after writing a command; the worker
 * answers by setting `DONE` to the same sequence number.
 */

/** Control words (Int32Array indices). */
export const CMD = 0;
export const DONE = 1;
export const OP = 2;
export const ROWS = 3;
export const STATUS = 4;
export const PARAMS_VERSION = 5;
export const ERROR_LENGTH = 6;
export const CONTROL_WORDS = 8;

/** Scalars (Float64Array indices). */
export const CLIP_COEF = 0;
export const VF_COEF = 1;
export const CLIP_VLOSS = 2;
export const VALUE_LOSS = 3;
export const SCALARS = 4;

/** Operations. */
export const OP_STEP = 1;
export const OP_EVALUATE = 2;
export const OP_STOP = 3;

/** Worker status. */
export const STATUS_STARTING = 0;
export const STATUS_READY = 1;
export const STATUS_ERROR = 2;

/** Bytes reserved for a start-up error message (UTF-8). */
export const ERROR_BYTES = 4096;

/** What the worker receives as `workerData`. */
export interface CriticWorkerInit {
  /** The tfjs backend the main thread uses (results are identical only on the same backend). */
  backend: string;
  /** Critic layer widths, input first. */
  sizes: number[];
  activation: 'tanh' | 'relu';
  /** Observation size. */
  obsDim: number;
  /** Largest minibatch. */
  maxRows: number;
  control: SharedArrayBuffer;
  scalars: SharedArrayBuffer;
  error: SharedArrayBuffer;
  /** The whole parameter vector (the critic sits at offset 0). */
  params: SharedArrayBuffer;
  /** The whole gradient vector (the worker writes the critic's part). */
  grad: SharedArrayBuffer;
  /** Minibatch observations, rows × obsDim, and transposed. */
  x: SharedArrayBuffer;
  xT: SharedArrayBuffer;
  /** Minibatch return targets and old values (float64), and the values the critic computed (float32). */
  returns: SharedArrayBuffer;
  oldValues: SharedArrayBuffer;
  values: SharedArrayBuffer;
}
