/** Argument checks shared by the chart builders; each throws InvalidArgumentError naming the field. */
import { InvalidArgumentError } from './errors.js';

export function finiteNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(field, 'a finite number', value);
  return value;
}

export function numberInRange(field: string, value: unknown, lo: number, hi: number, allowed: string): number {
  const v = finiteNumber(field, value);
  if (!(v >= lo && v <= hi)) throw new InvalidArgumentError(field, allowed, value);
  return v;
}

export function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new InvalidArgumentError(field, 'a positive integer', value);
  return value;
}

export function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidArgumentError(field, 'a non-empty string', value);
  return value;
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** An array (or typed array) of finite numbers, copied into a plain array. */
export function finiteNumbers(field: string, value: unknown, { minLength = 0 } = {}): number[] {
  if (!isArrayLike(value)) throw new InvalidArgumentError(field, 'an array of finite numbers', value);
  if (value.length < minLength) throw new InvalidArgumentError(field, `an array of at least ${minLength} finite number${minLength === 1 ? '' : 's'}`, value);
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`${field}[${i}]`, 'a finite number (no NaN or ±Infinity)', v);
    out[i] = v;
  }
  return out;
}

export function plainObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'an object', value);
  return value as Record<string, unknown>;
}
