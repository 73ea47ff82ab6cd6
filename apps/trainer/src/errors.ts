/**
 * Errors the CLI reports, and the exit codes it uses.
 *
 * Libraries throw their own errors (`InvalidArgumentError`, `UnknownEnvError`, `CheckpointError`
 * from @bellman/mdp-core); `toCliError` turns every error caused by what the user gave us into a
 * `UsageError` (exit code 2) whose message names the field at fault and what it allows.
 */
import { BellmanError, InvalidArgumentError, UnknownEnvError, describeValue } from '@bellman/mdp-core';

/** Exit codes of the `bellman` command. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Training failed (NaN/Inf loss) or an unexpected error. */
  failure: 1,
  /** Bad input: config, flags, env, algorithm, checkpoint. Nothing was written. */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM after writing a checkpoint. */
  interrupted: 130,
} as const;

/** An error in what the user gave us. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT.usage;
}

/** Training stopped on its own (e.g. a NaN loss). Exit code 1. */
export class TrainingError extends Error {
  override name = 'TrainingError';
  readonly exitCode = EXIT.failure;
}

/** `field must be allowed; got value` — the shape of every validation message. */
export function fieldError(field: string, allowed: string, received: unknown, where?: string): UsageError {
  return new UsageError(`${field} must be ${allowed}; got ${describeValue(received)}${where ? ` (${where})` : ''}`);
}

/**
 * Re-throws library errors caused by user input as `UsageError`s. `prefix` is prepended to the
 * field of an `InvalidArgumentError` (e.g. `params.` for hyperparameters checked by a library).
 */
export function toCliError(error: unknown, prefix = ''): unknown {
  if (error instanceof UsageError || error instanceof TrainingError) return error;
  if (error instanceof InvalidArgumentError) return fieldError(`${prefix}${error.field}`, error.allowed, error.received);
  if (error instanceof UnknownEnvError) return new UsageError(`env: ${error.message}`);
  if (error instanceof BellmanError && error.name === 'CheckpointError') return new UsageError(error.message);
  return error;
}
