import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { Space, SpaceSpec, SpaceValue } from './space.js';

/** A record of named sub-spaces; elements are plain objects with the same keys. */
export class Dict<S extends Record<string, Space<unknown>> = Record<string, Space<unknown>>> implements Space<{ [K in keyof S]: SpaceValue<S[K]> }> {
  readonly shape: readonly number[] = [];
  readonly spaces: Readonly<S>;

  constructor(spaces: S) {
    const keys = Object.keys(spaces);
    if (keys.length === 0) throw new InvalidArgumentError('Dict.spaces', 'an object with at least one sub-space', spaces);
    for (const k of keys) {
      const s = spaces[k] as unknown;
      if (!s || typeof (s as Space<unknown>).sample !== 'function' || typeof (s as Space<unknown>).contains !== 'function') {
        throw new InvalidArgumentError(`Dict.spaces.${k}`, 'a Space', s);
      }
    }
    // Sorted keys, like Gymnasium, so iteration order does not depend on construction order.
    const sorted = {} as S;
    for (const k of keys.sort()) (sorted as Record<string, Space<unknown>>)[k] = spaces[k]!;
    this.spaces = Object.freeze(sorted);
  }

  sample(rng: Rng): { [K in keyof S]: SpaceValue<S[K]> } {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(this.spaces as Record<string, Space<unknown>>)) out[k] = s.sample(rng);
    return out as { [K in keyof S]: SpaceValue<S[K]> };
  }

  contains(x: unknown): x is { [K in keyof S]: SpaceValue<S[K]> } {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const rec = x as Record<string, unknown>;
    const keys = Object.keys(this.spaces);
    if (Object.keys(rec).length !== keys.length) return false;
    return keys.every((k) => k in rec && this.spaces[k]!.contains(rec[k]));
  }

  toJSON(): SpaceSpec {
    const spaces: Record<string, SpaceSpec> = {};
    for (const [k, s] of Object.entries(this.spaces as Record<string, Space<unknown>>)) spaces[k] = s.toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${Object.entries(this.spaces as Record<string, Space<unknown>>)
      .map(([k, s]) => `${k}: ${s.toString()}`)
      .join(', ')})`;
  }
}
