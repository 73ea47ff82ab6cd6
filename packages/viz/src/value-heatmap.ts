/**
 * State values of a gridworld as a heatmap (row-major, state s = row · cols + col), with walls
 * and terminal cells marked and an optional overlay of the policy's arrows.
 */
import { InvalidArgumentError } from './errors.js';
import { titleOf, topLevel, type TitleOptions, type VegaLiteSpec } from './spec.js';
import { isArrayLike, positiveInteger } from './validate.js';

/** Arrows for gridworld actions; the default follows mdp-core's GridWorld (0 up, 1 right, 2 down, 3 left). */
export const GRID_ARROWS = ['↑', '→', '↓', '←'] as const;

export interface PolicyArrows {
  readonly kind: 'policyArrows';
  /** Per state, the arrows drawn ('' for none). */
  readonly arrows: readonly string[];
}

/**
 * The arrows of a policy, for `valueHeatmap(values, { policy })`: `policy[s]` is the action
 * in state s (a negative number draws nothing), or per state an array of flags
 * (1/true for every optimal action, as from value-methods' `optimalActions`).
 */
export function policyArrows(policy: ArrayLike<number | ArrayLike<number | boolean>>, options: { arrows?: readonly string[] } = {}): PolicyArrows {
  const glyphs = options.arrows ?? GRID_ARROWS;
  if (!isArrayLike(policy)) throw new InvalidArgumentError('policy', 'an array of actions per state, or of per-action flags per state', policy);
  const arrows = Array.from(policy as ArrayLike<unknown>, (entry, s) => {
    if (typeof entry === 'number') {
      if (!Number.isInteger(entry) || entry >= glyphs.length) throw new InvalidArgumentError(`policy[${s}]`, `an action index below ${glyphs.length} (negative for none)`, entry);
      return entry < 0 ? '' : glyphs[entry]!;
    }
    if (isArrayLike(entry)) {
      if (entry.length > glyphs.length) throw new InvalidArgumentError(`policy[${s}]`, `at most ${glyphs.length} action flags`, entry);
      return Array.from(entry).map((flag, a) => (flag ? glyphs[a]! : '')).join('');
    }
    throw new InvalidArgumentError(`policy[${s}]`, 'an action index or an array of action flags', entry);
  });
  return { kind: 'policyArrows', arrows };
}

export interface ValueHeatmapOptions extends TitleOptions {
  rows: number;
  cols: number;
  /** Arrows drawn over the cells, from `policyArrows(policy)`. */
  policy?: PolicyArrows;
  /** Wall cells (state indices): drawn dark, their values ignored (NaN allowed there). */
  walls?: readonly number[];
  /** Terminal cells (state indices): outlined and labelled T. */
  terminals?: readonly number[];
  /** Digits after the decimal point in each cell (null: no numbers). Default 1 (none above 20×20 cells). */
  decimals?: number | null;
  /** Cell size in pixels. Default: fits the grid in about 420 px, between 12 and 56. */
  cellSize?: number;
}

function stateSet(field: string, value: readonly number[] | undefined, nS: number): Set<number> {
  if (value === undefined) return new Set();
  if (!isArrayLike(value)) throw new InvalidArgumentError(field, 'an array of state indices', value);
  return new Set(
    Array.from(value, (s, i) => {
      if (!Number.isInteger(s) || s < 0 || s >= nS) throw new InvalidArgumentError(`${field}[${i}]`, `a state index in [0, ${nS})`, s);
      return s;
    }),
  );
}

export function valueHeatmap(values: ArrayLike<number>, options: ValueHeatmapOptions): VegaLiteSpec {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', 'an object { rows, cols, … }', options);
  const rows = positiveInteger('rows', options.rows);
  const cols = positiveInteger('cols', options.cols);
  const nS = rows * cols;
  if (!isArrayLike(values) || values.length !== nS) throw new InvalidArgumentError('values', `an array of rows · cols = ${nS} numbers`, values);
  const walls = stateSet('walls', options.walls, nS);
  const terminals = stateSet('terminals', options.terminals, nS);
  const arrows = options.policy?.arrows;
  if (arrows !== undefined && arrows.length !== nS) throw new InvalidArgumentError('policy', `arrows for rows · cols = ${nS} states`, arrows);
  const decimals = options.decimals === undefined ? (nS <= 400 ? 1 : null) : options.decimals;
  if (decimals !== null && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 6)) throw new InvalidArgumentError('decimals', 'an integer in [0, 6] or null', decimals);
  const cell = options.cellSize ?? Math.max(12, Math.min(56, Math.floor(420 / Math.max(rows, cols))));
  positiveInteger('cellSize', cell);

  const cells = Array.from({ length: nS }, (_, s) => {
    const v = values[s];
    const wall = walls.has(s);
    if (!wall && (typeof v !== 'number' || !Number.isFinite(v))) throw new InvalidArgumentError(`values[${s}]`, 'a finite number (NaN only at wall cells)', v);
    return {
      s,
      row: Math.floor(s / cols),
      col: s % cols,
      value: wall ? null : Math.round((v as number) * 1e6) / 1e6,
      kind: wall ? 'wall' : terminals.has(s) ? 'terminal' : 'state',
      label: wall ? '' : [terminals.has(s) ? 'T' : (arrows?.[s] ?? ''), decimals === null ? '' : (v as number).toFixed(decimals)].filter(Boolean).join(' '),
    };
  });
  // Viridis is dark at the low end: light text there, dark text on the bright half.
  const finite = cells.filter((c) => c.value !== null).map((c) => c.value!);
  const mid = finite.length === 0 ? 0 : (Math.min(...finite) + Math.max(...finite)) / 2;
  const data = cells.map((c) => ({ ...c, ink: c.value !== null && c.value >= mid ? 'black' : 'white' }));
  const x = { field: 'col', type: 'ordinal', title: 'column', axis: cols > 30 ? null : { labelAngle: 0 } };
  const y = { field: 'row', type: 'ordinal', title: 'row', axis: rows > 30 ? null : {} };
  return topLevel({
    title: titleOf(`State values, ${rows}×${cols} grid`, options),
    width: cell * cols,
    height: cell * rows,
    data: { values: data },
    // the cells' viridis scale and the labels' literal ink colours are separate scales
    resolve: { scale: { color: 'independent' } },
    layer: [
      {
        transform: [{ filter: "datum.kind !== 'wall'" }],
        mark: { type: 'rect' },
        encoding: { x, y, color: { field: 'value', type: 'quantitative', title: 'V(s)', scale: { scheme: 'viridis' } } },
      },
      { transform: [{ filter: "datum.kind === 'wall'" }], mark: { type: 'rect', color: '#3a3a3a' }, encoding: { x, y } },
      { transform: [{ filter: "datum.kind === 'terminal'" }], mark: { type: 'rect', fillOpacity: 0, stroke: '#D55E00', strokeWidth: 2.5 }, encoding: { x, y } },
      {
        mark: { type: 'text', fontSize: Math.max(8, Math.min(13, Math.floor(cell / 4))) },
        encoding: {
          x,
          y,
          text: { field: 'label' },
          color: { field: 'ink', type: 'nominal', scale: null },
        },
      },
    ],
  });
}
