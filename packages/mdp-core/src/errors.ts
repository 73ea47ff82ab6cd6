/**
 * Errors thrown by Bellman. Every message names the field at fault and what is allowed,
 * so a user can fix the call without reading the source.
 */

/** Base class of every error Bellman throws on purpose. */
export class BellmanError extends Error {
  override name = 'BellmanError';
}

/** Short, readable rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = Array.from(value as unknown as ArrayLike<number>);
    const head = arr.slice(0, 8).join(', ');
    return `${value.constructor.name}[${head}${arr.length > 8 ? ', …' : ''}] (length ${arr.length})`;
  }
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(describeValue).join(', ');
    return `[${head}${value.length > 8 ? ', …' : ''}] (length ${value.length})`;
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A value given to Bellman is outside what the field allows. */
export class InvalidArgumentError extends BellmanError {
  override name = 'InvalidArgumentError';
  constructor(
    readonly field: string,
    readonly allowed: string,
    readonly received: unknown,
  ) {
    super(`${field} must be ${allowed}; got ${describeValue(received)}`);
  }
}

/** An environment was used out of order (step before reset, step after the episode ended). */
export class EnvStateError extends BellmanError {
  override name = 'EnvStateError';
}

/** An environment produced something its own spaces do not allow (e.g. a NaN observation). */
export class EnvOutputError extends BellmanError {
  override name = 'EnvOutputError';
}

/** `make()` was given an id that is not registered. */
export class UnknownEnvError extends BellmanError {
  override name = 'UnknownEnvError';
  constructor(
    readonly id: string,
    readonly suggestion: string | undefined,
    readonly known: readonly string[],
  ) {
    super(
      `unknown environment id ${JSON.stringify(id)}` +
        (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : '') +
        ` Registered ids: ${known.join(', ')}`,
    );
  }
}

/** Throws InvalidArgumentError unless `value` is an integer in [min, max]. */
export function assertInteger(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'an integer'
        : max === Infinity
          ? `an integer >= ${min}`
          : min === -Infinity
            ? `an integer <= ${max}`
            : `an integer in [${min}, ${max}]`;
    throw new InvalidArgumentError(field, range, value);
  }
  return value;
}

/** Throws InvalidArgumentError unless `value` is a finite number in [min, max]. */
export function assertNumber(field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number >= ${min}`
          : min === -Infinity
            ? `a finite number <= ${max}`
            : `a finite number in [${min}, ${max}]`;
    throw new InvalidArgumentError(field, range, value);
  }
  return value;
}

/** Throws InvalidArgumentError unless `value` is one of `allowed`. */
export function assertOneOf<T extends string | number | boolean>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(field, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
  return value as T;
}

/** Throws InvalidArgumentError naming unknown keys of an options object (with a close match when there is one). */
export function assertKnownKeys(field: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const close = closestMatch(key, allowed);
      throw new InvalidArgumentError(
        `${field}.${key}`,
        `one of the known options (${allowed.join(', ') || 'none'})${close ? `; did you mean ${JSON.stringify(close)}?` : ''}`,
        (options as Record<string, unknown>)[key],
      );
    }
  }
}

/** Damerau-free Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The candidate closest to `name`, if it is close enough to be a likely typo. */
export function closestMatch(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // Also compare with a versioned id's bare name, so "cartpole" finds "CartPole-v1".
    const bare = c.replace(/-v\d+$/, '');
    const d = Math.min(editDistance(name, c), bare === c ? Infinity : editDistance(name, bare));
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}
