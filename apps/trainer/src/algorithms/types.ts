/**
 * The interface every algorithm adapter implements, so that the rest of the CLI (train loop,
 * checkpoints, evaluation, reports) does not know which algorithm it drives.
 */
import type { EvaluationResult } from '@bellman/mdp-core';
import type { AlgoName, TrainConfig } from '../config/schema.js';

/** One row of metrics.jsonl: CleanRL/SB3 metric names, numbers only (NaN/Inf allowed here, written as null). */
export interface MetricsRow {
  global_step: number;
  [metric: string]: number;
}

/** An algorithm's per-update metrics as a row: the numeric fields only (lists such as PPO's `episodes` go). */
export function metricsRow(metrics: { global_step: number }): MetricsRow {
  const row: MetricsRow = { global_step: metrics.global_step };
  for (const [k, v] of Object.entries(metrics)) if (typeof v === 'number') row[k] = v;
  return row;
}

/** What `onUpdate` returns: `false` stops; a promise is awaited (training is paused meanwhile). */
export type UpdateVerdict = boolean | void | Promise<boolean | void>;

/** Values to draw as a heatmap (tabular methods): row-major, `rows × cols`. */
export interface ValueGrid {
  values: number[];
  rows: number;
  cols: number;
  /** What the values are, e.g. "V(s) = max_a Q(s, a)". */
  label: string;
}

export interface Algorithm {
  readonly algo: AlgoName;
  /** Progress: env steps taken (value iteration: sweeps done). */
  readonly numTimesteps: number;
  /** Where training ends, in the same unit (rounded to whole updates where the algorithm needs it). */
  readonly totalTimesteps: number;
  /** Metric names whose non-finite value means training diverged. */
  readonly lossKeys: readonly string[];
  /**
   * Trains until `totalTimesteps` or until `onUpdate` returns `false`. Resolves to `'done'` or
   * `'stopped'`. Called again after a stop, it continues where it stopped.
   */
  learn(onUpdate: (row: MetricsRow) => UpdateVerdict): Promise<'done' | 'stopped'>;
  /** Writes everything needed to continue training exactly into `dir` (which exists and is empty). */
  save(dir: string): Promise<void>;
  /** Runs the current policy for `episodes` episodes on a fresh env. Does not change training. */
  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult;
  /** State values as a grid, for tabular methods on grid environments. */
  valueGrid?(): ValueGrid | undefined;
  /** The fully resolved hyperparameters (what config.resolved.yaml records under `params`). */
  resolvedParams(): Record<string, unknown>;
  dispose(): void;
}

/** Builds or restores an algorithm. */
export interface AlgorithmFactory {
  /** Whether the env's spaces fit the algorithm: undefined if they do, else why not. */
  checkEnv(envId: string, envOptions: Record<string, unknown>): string | undefined;
  /** Whether the algorithm needs TensorFlow.js (and so `initBackend()`). */
  readonly needsBackend: boolean;
  create(config: TrainConfig): Promise<Algorithm>;
  load(dir: string, config: TrainConfig): Promise<Algorithm>;
}
