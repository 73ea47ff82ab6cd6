import type { Info } from '../../env.js';
import { assertInteger, assertKnownKeys } from '../../errors.js';
import { TabularMDPBuilder, type TabularMDP } from '../../tabular-mdp.js';
import { DiscreteModelEnv } from './discrete-model-env.js';

/** Taxi actions (Gymnasium's order). */
export const TaxiAction = { SOUTH: 0, NORTH: 1, EAST: 2, WEST: 3, PICKUP: 4, DROPOFF: 5 } as const;

/** Gymnasium 0.29.1's Taxi map: `|` is a wall between two cells, `:` a passage. */
export const TAXI_MAP: readonly string[] = [
  '+---------+',
  '|R: | : :G|',
  '| : | : : |',
  '| : : : : |',
  '| | : | : |',
  '|Y| : |B: |',
  '+---------+',
];

/** The four pick-up / drop-off locations `[row, col]`: 0 Red, 1 Green, 2 Yellow, 3 Blue. */
export const TAXI_LOCATIONS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 4],
  [4, 0],
  [4, 3],
];

const N = 5;

/** Taxi state index `((row * 5 + col) * 5 + passLoc) * 4 + destIdx` (Gymnasium's `encode`). */
export function taxiEncode(row: number, col: number, passLoc: number, destIdx: number): number {
  return ((row * 5 + col) * 5 + passLoc) * 4 + destIdx;
}

/** Inverse of {@link taxiEncode}: `[row, col, passLoc, destIdx]` (Gymnasium's `decode`). */
export function taxiDecode(s: number): [row: number, col: number, passLoc: number, destIdx: number] {
  const destIdx = s % 4;
  s = Math.floor(s / 4);
  const passLoc = s % 5;
  s = Math.floor(s / 5);
  const col = s % 5;
  const row = Math.floor(s / 5);
  return [row, col, passLoc, destIdx];
}

/** Whether the map has a passage east of (row, col) (no wall and not the border). */
function canGoEast(row: number, col: number): boolean {
  return TAXI_MAP[1 + row]![2 * col + 2] === ':';
}

/** Whether the map has a passage west of (row, col). */
function canGoWest(row: number, col: number): boolean {
  return TAXI_MAP[1 + row]![2 * col] === ':';
}

function locationIndex(row: number, col: number): number {
  return TAXI_LOCATIONS.findIndex(([r, c]) => r === row && c === col);
}

/**
 * The Taxi-v3 transition model, built exactly as Gymnasium 0.29.1 does (500 states, 6 actions,
 * one deterministic outcome each; −1 per step, −10 for an illegal pick-up or drop-off, +20 and
 * termination for delivering at the destination; dropping the passenger at another colored
 * location puts them there for −1). The start distribution is uniform over the 300 states with
 * the passenger waiting at a location other than the destination.
 */
export function taxiMDP(): TabularMDP {
  const nS = 500;
  const builder = new TabularMDPBuilder(nS, 6, { capacity: nS * 6 });
  const initial = new Float64Array(nS);
  // States are visited in increasing order by this loop nesting, as the builder requires.
  for (let row = 0; row < N; row++) {
    for (let col = 0; col < N; col++) {
      const here = locationIndex(row, col);
      for (let passIdx = 0; passIdx < 5; passIdx++) {
        for (let destIdx = 0; destIdx < 4; destIdx++) {
          const state = taxiEncode(row, col, passIdx, destIdx);
          if (passIdx < 4 && passIdx !== destIdx) initial[state] = 1;
          for (let action = 0; action < 6; action++) {
            let newRow = row;
            let newCol = col;
            let newPass = passIdx;
            let reward = -1;
            let terminated = false;
            if (action === 0) newRow = Math.min(row + 1, N - 1);
            else if (action === 1) newRow = Math.max(row - 1, 0);
            else if (action === 2) {
              if (canGoEast(row, col)) newCol = Math.min(col + 1, N - 1);
            } else if (action === 3) {
              if (canGoWest(row, col)) newCol = Math.max(col - 1, 0);
            } else if (action === 4) {
              if (passIdx < 4 && here === passIdx) newPass = 4;
              else reward = -10;
            } else if (passIdx === 4 && here === destIdx) {
              newPass = destIdx;
              terminated = true;
              reward = 20;
            } else if (passIdx === 4 && here !== -1) {
              newPass = here;
            } else {
              reward = -10;
            }
            builder.add(state, action, 1, taxiEncode(newRow, newCol, newPass, destIdx), reward, terminated);
          }
        }
      }
    }
  }
  let total = 0;
  for (let s = 0; s < nS; s++) total += initial[s]!;
  for (let s = 0; s < nS; s++) initial[s]! /= total;
  return builder.build({ initialStateDistribution: initial });
}

/**
 * Taxi-v3 (Gymnasium 0.29.1; Dietterich 2000): drive to the passenger, pick them up, and drop
 * them off at their destination on a 5×5 grid with walls.
 *
 * Actions 0 SOUTH, 1 NORTH, 2 EAST, 3 WEST, 4 PICKUP, 5 DROPOFF. `info` holds `prob` and
 * `action_mask` (a `Uint8Array` of 6, 1 where the action changes the state, as Gymnasium's
 * `action_mask`). The registered time limit (200) comes from the `TimeLimit` wrapper.
 *
 * @example
 * ```ts
 * const env = new TaxiEnv();
 * const { observation, info } = env.reset({ seed: 42 });
 * const [row, col, passLoc, destIdx] = env.decode(observation);
 * ```
 */
export class TaxiEnv extends DiscreteModelEnv {
  /** @param options none (accepted for symmetry with `make()`; unknown keys are rejected). */
  constructor(options: Record<string, never> = {}) {
    assertKnownKeys('Taxi options', options, []);
    super(taxiMDP());
  }

  /** State index of (taxi row, taxi col, passenger location 0–4, destination 0–3). */
  encode(row: number, col: number, passLoc: number, destIdx: number): number {
    assertInteger('row', row, 0, 4);
    assertInteger('col', col, 0, 4);
    assertInteger('passLoc', passLoc, 0, 4);
    assertInteger('destIdx', destIdx, 0, 3);
    return taxiEncode(row, col, passLoc, destIdx);
  }

  /** `[row, col, passLoc, destIdx]` of a state index in [0, 500). */
  decode(s: number): [row: number, col: number, passLoc: number, destIdx: number] {
    assertInteger('state', s, 0, 499);
    return taxiDecode(s);
  }

  /** Gymnasium's `action_mask(state)`: 1 for each action that changes the state. */
  actionMask(state: number): Uint8Array {
    const [row, col, passLoc, destIdx] = this.decode(state);
    const mask = new Uint8Array(6);
    if (row < 4) mask[0] = 1;
    if (row > 0) mask[1] = 1;
    if (col < 4 && canGoEast(row, col)) mask[2] = 1;
    if (col > 0 && canGoWest(row, col)) mask[3] = 1;
    const here = locationIndex(row, col);
    if (passLoc < 4 && here === passLoc) mask[4] = 1;
    if (passLoc === 4 && (here === destIdx || here !== -1)) mask[5] = 1;
    return mask;
  }

  protected override resetInfo(state: number): Info {
    return { prob: 1, action_mask: this.actionMask(state) };
  }

  protected override stepInfo(prob: number, next: number): Info {
    return { prob, action_mask: this.actionMask(next) };
  }
}
