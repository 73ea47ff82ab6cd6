// Helpers shared by SyncVectorEnv and AsyncVectorEnv (not part of the public API).
import { InvalidArgumentError, assertInteger } from '../errors.js';
import type { Space } from '../spaces/space.js';
import type { Info } from '../env.js';
import type { VectorResetOptions } from './vector-env.js';

/** Checks `numEnvs` (an integer ≥ 1) and returns it. */
export function checkNumEnvs(numEnvs: unknown, field = 'numEnvs'): number {
  return assertInteger(field, numEnvs, 1);
}

/** Checks the argument of `reset()` and returns it as an object. */
export function checkResetOptions(options: unknown): VectorResetOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError('reset options', 'an object { seed?, options? }', options);
  }
  const o = options as VectorResetOptions;
  if (o.options !== undefined && (typeof o.options !== 'object' || o.options === null || Array.isArray(o.options))) {
    throw new InvalidArgumentError('reset options.options', 'an object (passed to every sub-environment)', o.options);
  }
  return o;
}

/**
 * The seed of each sub-environment for `reset({ seed })`: `s + i` for a number, the array
 * itself for an array, `undefined` (continue the stream) when no seed is given.
 */
export function expandSeeds(seed: VectorResetOptions['seed'], numEnvs: number): (number | undefined)[] {
  if (seed === undefined) return new Array<number | undefined>(numEnvs).fill(undefined);
  if (typeof seed === 'number') {
    assertInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER - (numEnvs - 1));
    return Array.from({ length: numEnvs }, (_, i) => seed + i);
  }
  if (!Array.isArray(seed) || seed.length !== numEnvs) {
    throw new InvalidArgumentError('seed', `a non-negative integer or an array of ${numEnvs} of them (one per sub-environment)`, seed);
  }
  return seed.map((s, i) => assertInteger(`seed[${i}]`, s, 0, Number.MAX_SAFE_INTEGER));
}

/** Size and dtype of a Box space (from `toJSON()`, so Boxes of another copy of the library count too). */
export interface BoxLayout {
  size: number;
  dtype: 'float32' | 'float64';
}

/** The layout of `space` if it is a Box, else `undefined`. */
export function boxLayoutOf(space: Space<unknown>): BoxLayout | undefined {
  const spec = space.toJSON();
  if (spec.type !== 'Box') return undefined;
  return { size: spec.shape.reduce((a, b) => a * b, 1), dtype: spec.dtype };
}

/**
 * Throws an InvalidArgumentError naming `actions` unless it holds one action per env (or, for
 * a Box action space, `numEnvs × size` numbers). Returns whether the actions are flat numbers.
 */
export function checkActionsContainer(actions: unknown, numEnvs: number, box: BoxLayout | undefined): boolean {
  if (actions === null || typeof actions !== 'object' || typeof (actions as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError('actions', `an array of ${numEnvs} actions (one per sub-environment)`, actions);
  }
  const arr = actions as ArrayLike<unknown>;
  if (box && arr.length > 0 && typeof arr[0] === 'number') {
    if (arr.length !== numEnvs * box.size) {
      throw new InvalidArgumentError(
        'actions',
        `an array of ${numEnvs} actions (one per sub-environment) or a flat array of ${numEnvs} × ${box.size} = ${numEnvs * box.size} numbers`,
        actions,
      );
    }
    return true;
  }
  if (arr.length !== numEnvs) {
    throw new InvalidArgumentError('actions', `an array of ${numEnvs} actions (one per sub-environment)`, actions);
  }
  return false;
}

/**
 * Normalises the argument of `step()` to one action per env (the argument itself when it is
 * already one action per env: read it, do not keep it). Box action spaces also accept a
 * flat numeric array of `numEnvs × size` numbers (e.g. a policy's output tensor data), which is
 * cut into one array of the box's dtype per env.
 */
export function splitActions<A>(actions: readonly A[] | ArrayLike<number>, numEnvs: number, box: BoxLayout | undefined): ArrayLike<A> {
  const flat = checkActionsContainer(actions, numEnvs, box);
  if (flat && box) {
    const values = actions as ArrayLike<number>;
    const out = new Array<A>(numEnvs);
    for (let i = 0; i < numEnvs; i++) {
      const a = box.dtype === 'float32' ? new Float32Array(box.size) : new Float64Array(box.size);
      for (let j = 0; j < box.size; j++) a[j] = values[i * box.size + j]!;
      out[i] = a as A;
    }
    return out;
  }
  return actions as ArrayLike<A>;
}

/**
 * A copy of an observation, so that an env that reuses its output buffer cannot overwrite an
 * observation already handed out (the final observation of an episode, in particular).
 */
export function copyObservation<O>(x: O): O {
  if (typeof x !== 'object' || x === null) return x;
  if (ArrayBuffer.isView(x)) return (x as unknown as { slice(): O }).slice();
  if (Array.isArray(x)) return x.map((v: unknown) => copyObservation(v)) as O;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = copyObservation(v);
  return out as O;
}

/** `toJSON()` of a space as a string, for equality checks between sub-environments. */
export function spaceKey(space: Space<unknown>, where: string): string {
  if (!space || typeof space.toJSON !== 'function') {
    throw new InvalidArgumentError(where, 'a Space with toJSON()', space);
  }
  return JSON.stringify(space.toJSON());
}

/** Message for sub-environments whose spaces differ. */
export function spaceMismatchMessage(kind: 'observation' | 'action', index: number, first: Space<unknown>, other: Space<unknown>): string {
  return (
    `all sub-environments must have the same ${kind} space; env 0 has ${first.toString()} ` +
    `but env ${index} has ${other.toString()}`
  );
}

/** Zero-filled buffers of a vector step result for `n` sub-environments. */
export function allocateStepResult<O>(n: number): {
  observations: O[];
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  infos: Info[];
  finalObservations: (O | null)[];
  finalInfos: (Info | null)[];
} {
  return {
    observations: new Array<O>(n),
    rewards: new Float64Array(n),
    terminated: new Uint8Array(n),
    truncated: new Uint8Array(n),
    infos: new Array<Info>(n),
    finalObservations: new Array<O | null>(n).fill(null),
    finalInfos: new Array<Info | null>(n).fill(null),
  };
}
