// Helpers shared by the classic-control environments (internal: not re-exported).
import { EnvStateError, InvalidArgumentError, assertKnownKeys, assertNumber } from '../../errors.js';

/** Largest finite float32 (numpy's `np.finfo(np.float32).max`). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Checks that constructor options are a plain object with only the known keys. */
export function checkConstructorOptions(envName: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${envName} options`, 'an object', options);
  }
  assertKnownKeys(`${envName} options`, options, allowed);
  return options as Record<string, unknown>;
}

/** A finite number option, or `fallback` when the key is absent or undefined. */
export function numberOption(field: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : assertNumber(field, value);
}

/** Checks that reset's `options` (Gymnasium's env-specific dict) is an object when given. */
export function checkResetOptions(envName: string, options: unknown): Record<string, unknown> | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${envName}.reset options`, 'an object', options);
  }
  return options as Record<string, unknown>;
}

/**
 * The sampling range of a reset: `options.low` / `options.high` when present, the defaults
 * otherwise, as Gymnasium 0.29.1's `maybe_parse_reset_bounds` does (low must not exceed high).
 * Unrelated keys are ignored, like Gymnasium.
 */
export function resetBounds(
  envName: string,
  options: Record<string, unknown> | undefined,
  defaultLow: number,
  defaultHigh: number,
): [number, number] {
  if (options === undefined) return [defaultLow, defaultHigh];
  const low = numberOption(`${envName}.reset options.low`, options.low, defaultLow);
  const high = numberOption(`${envName}.reset options.high`, options.high, defaultHigh);
  if (low > high) {
    throw new InvalidArgumentError(`${envName}.reset options.low`, `<= options.high (${high})`, low);
  }
  return [low, high];
}

/** The error thrown for an action outside `Discrete(n)`. */
export function discreteActionError(n: number, action: unknown): InvalidArgumentError {
  const values = Array.from({ length: n }, (_, i) => i).join(', ');
  return new InvalidArgumentError('action', `an integer in {${values}} (Discrete(${n}))`, action);
}

/**
 * Reads the single component of a `Box(low, high, [1])` action: a Float32Array, Float64Array
 * or number array of length 1 holding a finite number. The value is returned unchanged (the
 * caller clips it as Gymnasium does), so float64 inputs keep their precision like numpy's.
 */
export function scalarBoxAction(action: unknown, low: number, high: number): number {
  if (action instanceof Float32Array || action instanceof Float64Array || Array.isArray(action)) {
    if (action.length === 1) {
      const v: unknown = action[0];
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    }
  }
  throw new InvalidArgumentError(
    'action',
    `a Float32Array (or number array) of length 1 holding a finite number (Box(${low}, ${high}, [1], float32))`,
    action,
  );
}

/** The error thrown when `step` comes before the first `reset`. */
export function notResetError(envName: string): EnvStateError {
  return new EnvStateError(`${envName}.step() was called before reset(); call reset() to start an episode first`);
}

/** Copies a user-supplied physical state into `target`, checking its length and values. */
export function assignState(envName: string, target: Float64Array, value: unknown): void {
  const n = target.length;
  const ok =
    (value instanceof Float64Array || value instanceof Float32Array || Array.isArray(value)) &&
    value.length === n &&
    Array.prototype.every.call(value, (v: unknown) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InvalidArgumentError(`${envName}.state`, `an array of ${n} finite numbers`, value);
  const src = value as ArrayLike<number>;
  for (let i = 0; i < n; i++) target[i] = src[i]!;
}

