/**
 * Errors thrown by @bellman/viz. Every message names the field at fault and what is allowed,
 * so a caller can fix the data without reading the source.
 */

/** Base class of every error @bellman/viz throws on purpose. */
export class VizError extends Error {
  override name = 'VizError';
}

/** Short, readable rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const head = arr.slice(0, 6).map(describeValue).join(', ');
    return `[${head}${arr.length > 6 ? ', …' : ''}] (length ${arr.length})`;
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A value given to a chart or renderer is outside what the field allows. */
export class InvalidArgumentError extends VizError {
  override name = 'InvalidArgumentError';
  constructor(
    readonly field: string,
    readonly allowed: string,
    readonly received: unknown,
  ) {
    super(`${field} must be ${allowed}; got ${describeValue(received)}`);
  }
}
