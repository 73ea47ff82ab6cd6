import { InvalidArgumentError, assertInteger, assertKnownKeys, assertNumber } from '../../errors.js';
import type { Rng } from '../../rng.js';
import { TabularMDPBuilder, type TabularMDP } from '../../tabular-mdp.js';
import { DiscreteModelEnv } from './discrete-model-env.js';

/** FrozenLake actions (Gymnasium's order). */
export const FrozenLakeAction = { LEFT: 0, DOWN: 1, RIGHT: 2, UP: 3 } as const;

/** Gymnasium 0.29.1's preset FrozenLake maps. */
export const FROZEN_LAKE_MAPS: Readonly<Record<'4x4' | '8x8', readonly string[]>> = {
  '4x4': ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
  '8x8': ['SFFFFFFF', 'FFFFFFFF', 'FFFHFFFF', 'FFFFFHFF', 'FFFHFFFF', 'FHHFFFHF', 'FHFFHFHF', 'FFFHFFFG'],
};

/** Options of {@link FrozenLakeEnv} (Gymnasium's `desc`, `map_name`, `is_slippery`). */
export interface FrozenLakeOptions {
  /** A custom map: rows of equal length over `S` (start, exactly one), `F` (frozen), `H` (hole), `G` (goal). Takes precedence over `mapName`. */
  desc?: readonly string[] | undefined;
  /** A preset map (default `'4x4'`). */
  mapName?: '4x4' | '8x8' | undefined;
  /** With probability 1/3 each, move as intended or in one of the two perpendicular directions (default true). */
  isSlippery?: boolean | undefined;
}

/**
 * FrozenLake-v1 (Gymnasium 0.29.1): cross a frozen lake from S to G without falling into a hole.
 *
 * State `row * ncol + col`; actions 0 LEFT, 1 DOWN, 2 RIGHT, 3 UP. On slippery ice the agent moves
 * in directions `(a − 1) mod 4`, `a`, `(a + 1) mod 4` with probability 1/3 each (Gymnasium's
 * outcome order); walking into the border keeps it in place. Reaching G gives reward 1 and
 * terminates; falling into H terminates with reward 0. Hole and goal states have absorbing rows
 * `(1, s, 0, terminated)` for every action, as Gymnasium builds them. Registered time limits are
 * 100 (4x4) and 200 (8x8) steps, added by the `TimeLimit` wrapper, not here.
 *
 * @example
 * ```ts
 * const env = new FrozenLakeEnv({ mapName: '8x8', isSlippery: false });
 * env.reset({ seed: 1 });
 * env.step(FrozenLakeAction.RIGHT);
 * ```
 */
export class FrozenLakeEnv extends DiscreteModelEnv {
  /** The map, one string per row. */
  readonly desc: readonly string[];
  /** Number of rows. */
  readonly nrow: number;
  /** Number of columns. */
  readonly ncol: number;
  /** Whether the ice is slippery. */
  readonly isSlippery: boolean;

  constructor(options: FrozenLakeOptions = {}) {
    assertKnownKeys('FrozenLake options', options, ['desc', 'mapName', 'isSlippery']);
    const { desc, isSlippery } = resolveFrozenLakeOptions(options);
    super(frozenLakeMDP(desc, isSlippery));
    this.desc = desc;
    this.nrow = desc.length;
    this.ncol = desc[0]!.length;
    this.isSlippery = isSlippery;
  }
}

function resolveFrozenLakeOptions(options: FrozenLakeOptions): { desc: readonly string[]; isSlippery: boolean } {
  if (options.isSlippery !== undefined && typeof options.isSlippery !== 'boolean') {
    throw new InvalidArgumentError('FrozenLake options.isSlippery', 'a boolean', options.isSlippery);
  }
  let desc: readonly string[];
  if (options.desc !== undefined) {
    desc = validateFrozenLakeMap(options.desc, 'FrozenLake options.desc');
  } else {
    const name = options.mapName ?? '4x4';
    if (name !== '4x4' && name !== '8x8') {
      throw new InvalidArgumentError('FrozenLake options.mapName', '"4x4" or "8x8" (or give desc)', name);
    }
    desc = FROZEN_LAKE_MAPS[name];
  }
  return { desc, isSlippery: options.isSlippery ?? true };
}

/**
 * Checks a FrozenLake map: a non-empty array of equal-length non-empty strings over `SFHG`
 * with exactly one `S`. Returns a frozen copy.
 */
export function validateFrozenLakeMap(desc: unknown, field = 'desc'): readonly string[] {
  if (!Array.isArray(desc) || desc.length === 0) {
    throw new InvalidArgumentError(field, 'a non-empty array of strings (map rows)', desc);
  }
  let width = -1;
  let starts = 0;
  for (let r = 0; r < desc.length; r++) {
    const row: unknown = desc[r];
    if (typeof row !== 'string' || row.length === 0) {
      throw new InvalidArgumentError(`${field}[${r}]`, 'a non-empty string of S, F, H, G', row);
    }
    if (width === -1) width = row.length;
    else if (row.length !== width) {
      throw new InvalidArgumentError(`${field}[${r}]`, `a row of length ${width} like ${field}[0] (the map must be rectangular)`, row);
    }
    for (let c = 0; c < row.length; c++) {
      const ch = row[c]!;
      if (ch !== 'S' && ch !== 'F' && ch !== 'H' && ch !== 'G') {
        throw new InvalidArgumentError(`${field}[${r}][${c}]`, 'one of "S" (start), "F" (frozen), "H" (hole), "G" (goal)', ch);
      }
      if (ch === 'S') starts++;
    }
  }
  if (starts !== 1) {
    throw new InvalidArgumentError(field, 'a map with exactly one start cell "S"', `${starts} start cells in ${JSON.stringify(desc)}`);
  }
  return Object.freeze([...(desc as string[])]);
}

/**
 * The FrozenLake transition model of a map, built exactly as Gymnasium 0.29.1 does
 * (same outcome order, duplicates kept, absorbing hole/goal rows). The map is validated.
 */
export function frozenLakeMDP(desc: readonly string[], isSlippery = true): TabularMDP {
  const map = validateFrozenLakeMap(desc);
  const nrow = map.length;
  const ncol = map[0]!.length;
  const nS = nrow * ncol;
  const letters = new Uint8Array(nS);
  for (let r = 0; r < nrow; r++) for (let c = 0; c < ncol; c++) letters[r * ncol + c] = map[r]!.charCodeAt(c);
  const G = 'G'.charCodeAt(0);
  const H = 'H'.charCodeAt(0);
  const S = 'S'.charCodeAt(0);

  const builder = new TabularMDPBuilder(nS, 4, { capacity: nS * 4 * (isSlippery ? 3 : 1) });
  const move = (row: number, col: number, a: number): number => {
    if (a === 0) col = Math.max(col - 1, 0);
    else if (a === 1) row = Math.min(row + 1, nrow - 1);
    else if (a === 2) col = Math.min(col + 1, ncol - 1);
    else row = Math.max(row - 1, 0);
    return row * ncol + col;
  };
  const addMove = (s: number, row: number, col: number, a: number, b: number, p: number): void => {
    const ns = move(row, col, b);
    const letter = letters[ns];
    builder.add(s, a, p, ns, letter === G ? 1 : 0, letter === G || letter === H);
  };
  for (let row = 0; row < nrow; row++) {
    for (let col = 0; col < ncol; col++) {
      const s = row * ncol + col;
      const letter = letters[s];
      for (let a = 0; a < 4; a++) {
        if (letter === G || letter === H) {
          builder.add(s, a, 1, s, 0, true);
        } else if (isSlippery) {
          for (const b of [(a + 3) % 4, a, (a + 1) % 4]) addMove(s, row, col, a, b, 1 / 3);
        } else {
          addMove(s, row, col, a, a, 1);
        }
      }
    }
  }
  const initial = new Float64Array(nS);
  for (let s = 0; s < nS; s++) if (letters[s] === S) initial[s] = 1;
  return builder.build({ initialStateDistribution: initial });
}

/**
 * A random FrozenLake map with a path from start to goal (Gymnasium's `generate_random_map`):
 * each cell is frozen with probability `p`, else a hole; `S` at the top-left, `G` at the
 * bottom-right; maps are redrawn until a depth-first search finds a path.
 *
 * @param size side length (integer ≥ 2)
 * @param p probability that a cell is frozen, in (0, 1] (Gymnasium's default is 0.8)
 * @param rng the generator to draw from
 */
export function generateRandomMap(size: number, p: number, rng: Rng): string[] {
  assertInteger('size', size, 2);
  assertNumber('p', p, 0, 1);
  if (p === 0) throw new InvalidArgumentError('p', 'a probability in (0, 1] (with p = 0 no map has a path)', p);
  const board: string[][] = [];
  for (;;) {
    board.length = 0;
    for (let r = 0; r < size; r++) {
      const row: string[] = [];
      for (let c = 0; c < size; c++) row.push(rng.random() < p ? 'F' : 'H');
      board.push(row);
    }
    board[0]![0] = 'S';
    board[size - 1]![size - 1] = 'G';
    if (hasPath(board, size)) return board.map((row) => row.join(''));
  }
}

/** Depth-first search from (0, 0) to a G cell avoiding holes (Gymnasium's `is_valid`). */
function hasPath(board: string[][], size: number): boolean {
  const seen = new Uint8Array(size * size);
  const stack: number[] = [0];
  while (stack.length > 0) {
    const cell = stack.pop()!;
    if (seen[cell]) continue;
    seen[cell] = 1;
    const r = Math.floor(cell / size);
    const c = cell % size;
    for (const [dr, dc] of [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ] as const) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr < 0 || nr >= size || nc < 0 || nc >= size) continue;
      const letter = board[nr]![nc];
      if (letter === 'G') return true;
      if (letter !== 'H') stack.push(nr * size + nc);
    }
  }
  return false;
}
