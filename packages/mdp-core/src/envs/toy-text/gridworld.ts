import { InvalidArgumentError, assertInteger, assertKnownKeys, assertNumber } from '../../errors.js';
import { TabularMDP } from '../../tabular-mdp.js';
import { DiscreteModelEnv } from './discrete-model-env.js';

/** A grid cell `[row, col]`, row 0 at the top. */
export type Cell = readonly [row: number, col: number];

/** GridWorld actions (CliffWalking's convention); 4–7 exist only with `kingMoves`. */
export const GridAction = {
  UP: 0,
  RIGHT: 1,
  DOWN: 2,
  LEFT: 3,
  UP_RIGHT: 4,
  DOWN_RIGHT: 5,
  DOWN_LEFT: 6,
  UP_LEFT: 7,
} as const;

/**
 * A configurable gridworld, enough for Sutton & Barto's examples (4.1, 3.5, 6.5, 6.6).
 *
 * Conventions:
 * - State index `row * cols + col` for every cell (walls included; their rows are unreachable
 *   self-loops with reward 0, not terminated).
 * - Actions 0 UP, 1 RIGHT, 2 DOWN, 3 LEFT (+ 4 UP_RIGHT, 5 DOWN_RIGHT, 6 DOWN_LEFT, 7 UP_LEFT with
 *   `kingMoves`). A move into a wall keeps the agent in place with `stepReward`; a move off the grid
 *   keeps it in place with `offGridReward`; diagonal moves are all-or-nothing (no sliding).
 * - With `slip > 0` the intended move happens with probability `1 − slip` and each perpendicular
 *   move (counter-clockwise first, then clockwise) with `slip / 2`; outcomes that coincide are
 *   merged into one entry, zero-probability outcomes are dropped.
 * - Wind: after the move, the agent is pushed `wind[col]` cells up (down if negative), using
 *   the column of the cell it started from (Windy Gridworld); the push stops at the border or a wall.
 * - Entering a terminal cell gives its `reward` (default: the reward the move would otherwise
 *   give) and terminates. Terminal cells themselves have absorbing rows `(1, s, 0, terminated)`,
 *   like FrozenLake's holes, so value iteration gives them value 0.
 * - Special cells (Example 3.5's A and B): every action from the cell gives `reward`; with
 *   `teleport` the agent lands on that cell (no slip, no wind), without it the move happens as
 *   usual but the reward is replaced.
 * - Traps (CliffWalking's cliff): entering the cell gives `reward` and sends the agent to
 *   `teleport` (default: the single start cell) without terminating.
 * - Only the final cell of a move counts (passing through a terminal while pushed by the wind
 *   does not end the episode).
 */
export interface GridWorldSpec {
  /** Number of rows (positive integer). */
  rows: number;
  /** Number of columns (positive integer). */
  cols: number;
  /** Start cell, list of start cells (uniform among them), or `'uniform'` over non-terminal, non-wall, non-trap cells (default). */
  start?: Cell | readonly Cell[] | 'uniform' | undefined;
  /** Blocked cells. */
  walls?: readonly Cell[] | undefined;
  /** Terminal cells; entering one gives `reward` (default: the usual step reward) and terminates. */
  terminals?: readonly { cell: Cell; reward?: number | undefined }[] | undefined;
  /** Cells from which every action gives `reward` (and teleports to `teleport` when given). */
  special?: readonly { cell: Cell; reward: number; teleport?: Cell | undefined }[] | undefined;
  /** Cells whose entry gives `reward` and sends the agent to `teleport` (default: the start cell). */
  traps?: readonly { cell: Cell; reward: number; teleport?: Cell | undefined }[] | undefined;
  /** Reward of an ordinary move (default −1). */
  stepReward?: number | undefined;
  /** Reward of a move off the grid (default: `stepReward`). */
  offGridReward?: number | undefined;
  /** Probability mass of the two perpendicular moves, split equally (default 0). */
  slip?: number | undefined;
  /** Per-column upward push in cells (length `cols`, integers; negative pushes down). */
  wind?: readonly number[] | undefined;
  /** Eight actions (king's moves, S&B Exercise 6.9) instead of four (default false). */
  kingMoves?: boolean | undefined;
  /** Discount factor stored on the model. */
  gamma?: number | undefined;
}

/** The fields a GridWorldSpec may have. */
export const GRID_WORLD_SPEC_KEYS = [
  'rows',
  'cols',
  'start',
  'walls',
  'terminals',
  'special',
  'traps',
  'stepReward',
  'offGridReward',
  'slip',
  'wind',
  'kingMoves',
  'gamma',
] as const;

const FREE = 0;
const WALL = 1;
const TERMINAL = 2;
const SPECIAL = 3;
const TRAP = 4;
const KIND_NAMES = ['free', 'wall', 'terminal', 'special', 'trap'] as const;

// Action deltas (UP, RIGHT, DOWN, LEFT, UP_RIGHT, DOWN_RIGHT, DOWN_LEFT, UP_LEFT) and their
// counter-clockwise / clockwise perpendiculars.
const DR = Int32Array.of(-1, 0, 1, 0, -1, 1, 1, -1);
const DC = Int32Array.of(0, 1, 0, -1, 1, 1, -1, -1);
const CCW = Int32Array.of(3, 0, 1, 2, 7, 4, 5, 6);
const CW = Int32Array.of(1, 2, 3, 0, 5, 6, 7, 4);

/** The validated, flattened form of a spec that the builder loops over. */
interface CompiledGrid {
  rows: number;
  cols: number;
  nA: number;
  kind: Uint8Array;
  /** Reward attached to terminal/special/trap cells (NaN = terminal with the default reward). */
  cellReward: Float64Array;
  /** Teleport destination of special/trap cells, −1 for none. */
  cellTarget: Int32Array;
  wind: Int32Array;
  stepReward: number;
  offGridReward: number;
  pIntended: number;
  pSide: number;
  initial: Float64Array;
  gamma: number | undefined;
}

/** The CSR arrays the fill pass writes into. */
interface CsrOut {
  prob: Float64Array;
  next: Int32Array;
  reward: Float64Array;
  terminated: Uint8Array;
}

/**
 * Builds the {@link TabularMDP} of a gridworld (see {@link GridWorldSpec} for the conventions).
 * Runs two tight passes over typed arrays (count, then fill) and allocates the CSR arrays
 * exactly, with no per-state objects, so 1000×1000 grids build in well under a second.
 */
export function gridWorldMDP(spec: GridWorldSpec): TabularMDP {
  const g = compileSpec(spec);
  const nS = g.rows * g.cols;
  const nA = g.nA;
  const rowPtr = new Int32Array(nS * nA + 1);
  const nnz = gridPass(g, rowPtr, undefined);
  const out: CsrOut = {
    prob: new Float64Array(nnz),
    next: new Int32Array(nnz),
    reward: new Float64Array(nnz),
    terminated: new Uint8Array(nnz),
  };
  gridPass(g, rowPtr, out);
  return new TabularMDP({
    nS,
    nA,
    rowPtr,
    ...out,
    initialStateDistribution: g.initial,
    ...(g.gamma !== undefined ? { gamma: g.gamma } : {}),
  });
}

/**
 * One pass over every (state, action) row. Without `out` it counts the merged outcomes of each
 * row into `rowPtr` (prefix sums) and returns the total; with `out` it writes them at the offsets
 * `rowPtr` gives.
 */
function gridPass(g: CompiledGrid, rowPtr: Int32Array, out: CsrOut | undefined): number {
  const { rows, cols, nA, kind, cellReward, cellTarget, wind, stepReward, offGridReward, pIntended, pSide } = g;
  // Outcomes of the current row (at most 3 distinct ones), merged before being written.
  const sNext = new Int32Array(3);
  const sReward = new Float64Array(3);
  const sTerm = new Uint8Array(3);
  const sProb = new Float64Array(3);
  let nnz = 0;
  let row = 0;
  for (let r0 = 0; r0 < rows; r0++) {
    for (let c0 = 0; c0 < cols; c0++) {
      const s = r0 * cols + c0;
      const here = kind[s]!;
      const w = wind[c0]!;
      for (let a = 0; a < nA; a++, row++) {
        let count = 0;
        if (here === WALL || here === TERMINAL) {
          sNext[0] = s;
          sReward[0] = 0;
          sTerm[0] = here === TERMINAL ? 1 : 0;
          sProb[0] = 1;
          count = 1;
        } else if (here === SPECIAL && cellTarget[s]! >= 0) {
          const target = cellTarget[s]!;
          sNext[0] = target;
          sReward[0] = cellReward[s]!;
          sTerm[0] = kind[target] === TERMINAL ? 1 : 0;
          sProb[0] = 1;
          count = 1;
        } else {
          for (let k = 0; k < 3; k++) {
            const p = k === 0 ? pIntended : pSide;
            if (p === 0) continue;
            const d = k === 0 ? a : k === 1 ? CCW[a]! : CW[a]!;
            // Move; a bump into the border or a wall keeps the agent in place.
            let r = r0 + DR[d]!;
            let c = c0 + DC[d]!;
            let rew = stepReward;
            if (r < 0 || r >= rows || c < 0 || c >= cols) {
              r = r0;
              c = c0;
              rew = offGridReward;
            } else if (kind[r * cols + c] === WALL) {
              r = r0;
              c = c0;
            }
            // Wind of the starting column, cell by cell, stopping at the border or a wall.
            if (w !== 0) {
              const dir = w > 0 ? -1 : 1;
              for (let n = w > 0 ? w : -w; n > 0; n--) {
                const tr = r + dir;
                if (tr < 0 || tr >= rows || kind[tr * cols + c] === WALL) break;
                r = tr;
              }
            }
            let ns = r * cols + c;
            let term = 0;
            const landed = kind[ns]!;
            if (landed === TERMINAL) {
              const tr = cellReward[ns]!;
              if (tr === tr) rew = tr; // NaN = keep the move's reward
              term = 1;
            } else if (landed === TRAP) {
              rew = cellReward[ns]!;
              ns = cellTarget[ns]!;
              term = kind[ns] === TERMINAL ? 1 : 0;
            }
            if (here === SPECIAL) rew = cellReward[s]!;
            // Merge with an identical earlier outcome of this row.
            let j = 0;
            while (j < count && !(sNext[j] === ns && sReward[j] === rew && sTerm[j] === term)) j++;
            if (j < count) {
              sProb[j] = sProb[j]! + p;
            } else {
              sNext[count] = ns;
              sReward[count] = rew;
              sTerm[count] = term;
              sProb[count] = p;
              count++;
            }
          }
        }
        if (out === undefined) {
          nnz += count;
          if (nnz > 2147483647) {
            throw new InvalidArgumentError('GridWorldSpec', 'a grid with at most 2^31 − 1 transitions', `more at state ${s}`);
          }
          rowPtr[row + 1] = nnz;
        } else {
          let i = rowPtr[row]!;
          for (let j = 0; j < count; j++, i++) {
            out.prob[i] = sProb[j]!;
            out.next[i] = sNext[j]!;
            out.reward[i] = sReward[j]!;
            out.terminated[i] = sTerm[j]!;
          }
          nnz += count;
        }
      }
    }
  }
  return nnz;
}

function compileSpec(spec: GridWorldSpec): CompiledGrid {
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidArgumentError('GridWorldSpec', 'an object { rows, cols, … }', spec);
  }
  assertKnownKeys('GridWorldSpec', spec, GRID_WORLD_SPEC_KEYS);
  const rows = assertInteger('GridWorldSpec.rows', spec.rows, 1);
  const cols = assertInteger('GridWorldSpec.cols', spec.cols, 1);
  if (spec.kingMoves !== undefined && typeof spec.kingMoves !== 'boolean') {
    throw new InvalidArgumentError('GridWorldSpec.kingMoves', 'a boolean', spec.kingMoves);
  }
  const nA = spec.kingMoves ? 8 : 4;
  if (rows * cols * nA + 1 > 2147483647) {
    throw new InvalidArgumentError('GridWorldSpec.rows × cols', `at most ${Math.floor(2147483646 / nA)} cells`, rows * cols);
  }
  const nS = rows * cols;
  const stepReward = assertNumber('GridWorldSpec.stepReward', spec.stepReward ?? -1);
  const offGridReward = assertNumber('GridWorldSpec.offGridReward', spec.offGridReward ?? stepReward);
  const slip = assertNumber('GridWorldSpec.slip', spec.slip ?? 0, 0, 1);
  const gamma = spec.gamma === undefined ? undefined : assertNumber('GridWorldSpec.gamma', spec.gamma, 0, 1);

  const wind = new Int32Array(cols);
  if (spec.wind !== undefined) {
    if (!Array.isArray(spec.wind) || spec.wind.length !== cols) {
      throw new InvalidArgumentError('GridWorldSpec.wind', `an array of ${cols} integers (one per column)`, spec.wind);
    }
    for (let c = 0; c < cols; c++) wind[c] = assertInteger(`GridWorldSpec.wind[${c}]`, spec.wind[c], -rows, rows);
  }

  const kind = new Uint8Array(nS);
  const cellReward = new Float64Array(nS);
  const cellTarget = new Int32Array(nS).fill(-1);
  const cellIndex = (field: string, cell: unknown): number => {
    if (
      !Array.isArray(cell) ||
      cell.length !== 2 ||
      !Number.isInteger(cell[0]) ||
      !Number.isInteger(cell[1]) ||
      (cell[0] as number) < 0 ||
      (cell[0] as number) >= rows ||
      (cell[1] as number) < 0 ||
      (cell[1] as number) >= cols
    ) {
      throw new InvalidArgumentError(field, `a cell [row, col] inside the ${rows}×${cols} grid (0 ≤ row < ${rows}, 0 ≤ col < ${cols})`, cell);
    }
    return (cell[0] as number) * cols + (cell[1] as number);
  };
  const mark = (field: string, s: number, k: number): void => {
    if (kind[s] !== FREE) {
      throw new InvalidArgumentError(
        field,
        `a cell that is not already a ${KIND_NAMES[kind[s]!]} (a cell is at most one of wall, terminal, special, trap)`,
        [Math.floor(s / cols), s % cols],
      );
    }
    kind[s] = k;
  };
  const list = <T>(field: string, value: readonly T[] | undefined): readonly T[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'an array', value);
    return value as readonly T[];
  };
  const entry = (field: string, e: unknown, keys: readonly string[]): Record<string, unknown> => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      throw new InvalidArgumentError(field, `an object { ${keys.join(', ')} }`, e);
    }
    assertKnownKeys(field, e, keys);
    return e as Record<string, unknown>;
  };

  list('GridWorldSpec.walls', spec.walls).forEach((cell, i) => {
    const field = `GridWorldSpec.walls[${i}]`;
    const s = cellIndex(field, cell);
    if (kind[s] !== WALL) mark(field, s, WALL);
  });
  list('GridWorldSpec.terminals', spec.terminals).forEach((t, i) => {
    const field = `GridWorldSpec.terminals[${i}]`;
    const e = entry(field, t, ['cell', 'reward']);
    const s = cellIndex(`${field}.cell`, e.cell);
    mark(`${field}.cell`, s, TERMINAL);
    cellReward[s] = e.reward === undefined ? NaN : assertNumber(`${field}.reward`, e.reward);
  });
  const specials = list('GridWorldSpec.special', spec.special).map((t, i) => {
    const field = `GridWorldSpec.special[${i}]`;
    const e = entry(field, t, ['cell', 'reward', 'teleport']);
    const s = cellIndex(`${field}.cell`, e.cell);
    mark(`${field}.cell`, s, SPECIAL);
    cellReward[s] = assertNumber(`${field}.reward`, e.reward);
    return { field, s, teleport: e.teleport };
  });
  const traps = list('GridWorldSpec.traps', spec.traps).map((t, i) => {
    const field = `GridWorldSpec.traps[${i}]`;
    const e = entry(field, t, ['cell', 'reward', 'teleport']);
    const s = cellIndex(`${field}.cell`, e.cell);
    mark(`${field}.cell`, s, TRAP);
    cellReward[s] = assertNumber(`${field}.reward`, e.reward);
    return { field, s, teleport: e.teleport };
  });

  // Start cells.
  const initial = new Float64Array(nS);
  const start = spec.start ?? 'uniform';
  let singleStart = -1;
  if (start === 'uniform') {
    let n = 0;
    for (let s = 0; s < nS; s++) if (kind[s] === FREE || kind[s] === SPECIAL) n++;
    if (n === 0) {
      throw new InvalidArgumentError('GridWorldSpec.start', 'a grid with at least one cell that is not a wall, terminal or trap', start);
    }
    for (let s = 0; s < nS; s++) if (kind[s] === FREE || kind[s] === SPECIAL) initial[s] = 1 / n;
  } else {
    if (!Array.isArray(start) || start.length === 0) {
      throw new InvalidArgumentError('GridWorldSpec.start', "a cell [row, col], a non-empty list of cells, or 'uniform'", start);
    }
    const starts: unknown[] = typeof start[0] === 'number' ? [start] : (start as unknown[]);
    const picked: number[] = [];
    starts.forEach((cell, i) => {
      const field = starts.length === 1 && starts[0] === start ? 'GridWorldSpec.start' : `GridWorldSpec.start[${i}]`;
      const s = cellIndex(field, cell);
      if (kind[s] === WALL || kind[s] === TERMINAL || kind[s] === TRAP) {
        throw new InvalidArgumentError(field, 'a cell that is not a wall, terminal or trap', cell);
      }
      if (!picked.includes(s)) picked.push(s);
    });
    for (const s of picked) initial[s] = 1 / picked.length;
    if (picked.length === 1) singleStart = picked[0]!;
  }

  for (const { field, s, teleport } of specials) {
    if (teleport === undefined) continue;
    const t = cellIndex(`${field}.teleport`, teleport);
    if (kind[t] === WALL) throw new InvalidArgumentError(`${field}.teleport`, 'a cell that is not a wall', teleport);
    cellTarget[s] = t;
  }
  for (const { field, s, teleport } of traps) {
    let t: number;
    if (teleport === undefined) {
      if (singleStart < 0) {
        throw new InvalidArgumentError(`${field}.teleport`, 'a cell (required unless the spec has a single start cell)', teleport);
      }
      t = singleStart;
    } else {
      t = cellIndex(`${field}.teleport`, teleport);
    }
    if (kind[t] === WALL || kind[t] === TRAP) {
      throw new InvalidArgumentError(`${field}.teleport`, 'a cell that is not a wall or a trap', teleport);
    }
    cellTarget[s] = t;
  }

  return {
    rows,
    cols,
    nA,
    kind,
    cellReward,
    cellTarget,
    wind,
    stepReward,
    offGridReward,
    pIntended: 1 - slip,
    pSide: slip / 2,
    initial,
    gamma,
  };
}

/**
 * An environment over {@link gridWorldMDP}: states `row * cols + col`, actions 0 UP, 1 RIGHT,
 * 2 DOWN, 3 LEFT (+ diagonals with `kingMoves`). See {@link GridWorldSpec} for the conventions.
 *
 * @example
 * ```ts
 * const env = new GridWorldEnv(windyGridWorld());
 * env.reset({ seed: 0 }); // observation 30 = (3, 0)
 * env.step(GridAction.RIGHT);
 * ```
 */
export class GridWorldEnv extends DiscreteModelEnv {
  /** The spec this grid was built from (a frozen shallow copy). */
  readonly grid: Readonly<GridWorldSpec>;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;

  /** @param spec the grid (validated; see {@link GridWorldSpec}). */
  constructor(spec: GridWorldSpec) {
    super(gridWorldMDP(spec));
    this.grid = Object.freeze({ ...spec });
    this.rows = spec.rows;
    this.cols = spec.cols;
  }

  /** State index of a cell. */
  toState(row: number, col: number): number {
    assertInteger('row', row, 0, this.rows - 1);
    assertInteger('col', col, 0, this.cols - 1);
    return row * this.cols + col;
  }

  /** Cell `[row, col]` of a state index. */
  toCell(s: number): [row: number, col: number] {
    assertInteger('state', s, 0, this.rows * this.cols - 1);
    return [Math.floor(s / this.cols), s % this.cols];
  }
}

/**
 * Sutton & Barto Example 4.1: a 4×4 grid, terminals in the top-left and bottom-right corners,
 * reward −1 on every transition, undiscounted (γ = 1), start uniform over the 14 other cells.
 * Iterative policy evaluation of the equiprobable random policy converges to 0, −14, −20, −22 on
 * the first row.
 */
export function suttonBartoGrid4x4(): GridWorldSpec {
  return {
    rows: 4,
    cols: 4,
    terminals: [{ cell: [0, 0] }, { cell: [3, 3] }],
    stepReward: -1,
    start: 'uniform',
    gamma: 1,
  };
}

/**
 * Sutton & Barto Example 3.5: a 5×5 grid, reward −1 for moving off the grid (the agent stays),
 * 0 otherwise; every action from A (0, 1) gives +10 and moves to A′ (4, 1), from B (0, 3) +5 and
 * moves to B′ (2, 3); continuing task with γ = 0.9 (no terminals), start uniform.
 */
export function suttonBartoGrid5x5(): GridWorldSpec {
  return {
    rows: 5,
    cols: 5,
    special: [
      { cell: [0, 1], reward: 10, teleport: [4, 1] },
      { cell: [0, 3], reward: 5, teleport: [2, 3] },
    ],
    stepReward: 0,
    offGridReward: -1,
    start: 'uniform',
    gamma: 0.9,
  };
}

/**
 * Sutton & Barto Example 6.5 (Windy Gridworld): 7×10, upward wind `0 0 0 1 1 1 2 2 1 0` per
 * column, start (3, 0), goal (3, 7), −1 per step, undiscounted. The shortest path takes 15 steps
 * (7 with `kingMoves`, Exercise 6.9).
 */
export function windyGridWorld(options: { kingMoves?: boolean } = {}): GridWorldSpec {
  assertKnownKeys('windyGridWorld options', options, ['kingMoves']);
  return {
    rows: 7,
    cols: 10,
    wind: [0, 0, 0, 1, 1, 1, 2, 2, 1, 0],
    start: [3, 0],
    terminals: [{ cell: [3, 7] }],
    stepReward: -1,
    kingMoves: options.kingMoves ?? false,
    gamma: 1,
  };
}

/**
 * Sutton & Barto Example 6.6 (Cliff Walking) as a gridworld: 4×12, start (3, 0), goal (3, 11),
 * −1 per step, the cliff (3, 1)…(3, 10) gives −100 and returns to the start, undiscounted. Rows
 * of the states an agent can occupy match Gymnasium's CliffWalking-v0; unlike Gymnasium, the goal
 * row is absorbing (see {@link GridWorldSpec}).
 */
export function cliffWalkingSpec(): GridWorldSpec {
  const traps: { cell: Cell; reward: number }[] = [];
  for (let c = 1; c <= 10; c++) traps.push({ cell: [3, c], reward: -100 });
  return {
    rows: 4,
    cols: 12,
    start: [3, 0],
    terminals: [{ cell: [3, 11] }],
    traps,
    stepReward: -1,
    gamma: 1,
  };
}
