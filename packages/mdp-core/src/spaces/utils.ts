import { InvalidArgumentError } from '../errors.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { Space, SpaceSpec } from './space.js';

/** Rebuilds a space from its `toJSON()` description. */
export function spaceFromJSON(spec: SpaceSpec): Space<unknown> {
  switch (spec?.type) {
    case 'Discrete':
      return new Discrete(spec.n, spec.start);
    case 'Box':
      return new Box(spec.low, spec.high, spec.shape, spec.dtype);
    case 'MultiDiscrete':
      return new MultiDiscrete(spec.nvec);
    case 'Dict': {
      const spaces: Record<string, Space<unknown>> = {};
      for (const [k, s] of Object.entries(spec.spaces)) spaces[k] = spaceFromJSON(s);
      return new Dict(spaces);
    }
    default:
      throw new InvalidArgumentError('space spec type', 'one of "Discrete", "Box", "MultiDiscrete", "Dict"', (spec as { type?: unknown })?.type);
  }
}

/**
 * Number of scalars in the flat encoding of an element: n for Discrete (one-hot), the
 * box size, the sum of nvec for MultiDiscrete (one-hot per component), the sum over a Dict.
 */
export function flatDim(space: Space<unknown>): number {
  if (space instanceof Discrete) return space.n;
  if (space instanceof Box) return space.size;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof Dict) return Object.values(space.spaces as Record<string, Space<unknown>>).reduce((a, s) => a + flatDim(s), 0);
  throw new InvalidArgumentError('space', 'a Discrete, Box, MultiDiscrete or Dict space', space.toString());
}

/** Writes the flat encoding of `x` (see `flatDim`) into `out` at `offset`; returns the next offset. */
export function flattenInto(space: Space<unknown>, x: unknown, out: Float32Array | Float64Array, offset = 0): number {
  if (space instanceof Discrete) {
    out.fill(0, offset, offset + space.n);
    out[offset + (x as number) - space.start] = 1;
    return offset + space.n;
  }
  if (space instanceof Box) {
    const arr = x as ArrayLike<number>;
    for (let i = 0; i < space.size; i++) out[offset + i] = arr[i]!;
    return offset + space.size;
  }
  if (space instanceof MultiDiscrete) {
    const arr = x as ArrayLike<number>;
    for (let i = 0; i < space.nvec.length; i++) {
      const n = space.nvec[i]!;
      out.fill(0, offset, offset + n);
      out[offset + arr[i]!] = 1;
      offset += n;
    }
    return offset;
  }
  if (space instanceof Dict) {
    const rec = x as Record<string, unknown>;
    for (const [k, s] of Object.entries(space.spaces as Record<string, Space<unknown>>)) offset = flattenInto(s, rec[k], out, offset);
    return offset;
  }
  throw new InvalidArgumentError('space', 'a Discrete, Box, MultiDiscrete or Dict space', space.toString());
}

/** The flat encoding of `x` as a new Float32Array. */
export function flatten(space: Space<unknown>, x: unknown): Float32Array {
  const out = new Float32Array(flatDim(space));
  flattenInto(space, x, out, 0);
  return out;
}
