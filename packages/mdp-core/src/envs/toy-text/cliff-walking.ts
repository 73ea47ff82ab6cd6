import { assertKnownKeys } from '../../errors.js';
import { TabularMDPBuilder, type TabularMDP } from '../../tabular-mdp.js';
import { DiscreteModelEnv } from './discrete-model-env.js';

/** CliffWalking actions (Gymnasium's order). */
export const CliffWalkingAction = { UP: 0, RIGHT: 1, DOWN: 2, LEFT: 3 } as const;

const ROWS = 4;
const COLS = 12;
const START = 3 * COLS; // (3, 0) = 36
const GOAL = ROWS * COLS - 1; // (3, 11) = 47

/**
 * The CliffWalking-v0 transition model, built exactly as Gymnasium 0.29.1 does: every one of the
 * 48 cells (cliff and goal included) gets one deterministic outcome per action; moves are clamped
 * to the 4×12 grid; landing on the cliff (row 3, columns 1–10) gives −100 and returns to the start
 * (3, 0) without terminating; any other move gives −1 and terminates iff it lands on the goal (3, 11).
 * The start state is always 36.
 */
export function cliffWalkingMDP(): TabularMDP {
  const nS = ROWS * COLS;
  const builder = new TabularMDPBuilder(nS, 4, { capacity: nS * 4 });
  const deltas = [
    [-1, 0],
    [0, 1],
    [1, 0],
    [0, -1],
  ] as const;
  for (let s = 0; s < nS; s++) {
    const row = Math.floor(s / COLS);
    const col = s % COLS;
    for (let a = 0; a < 4; a++) {
      const [dr, dc] = deltas[a]!;
      const nr = Math.min(Math.max(row + dr, 0), ROWS - 1);
      const nc = Math.min(Math.max(col + dc, 0), COLS - 1);
      const ns = nr * COLS + nc;
      if (nr === ROWS - 1 && nc >= 1 && nc <= COLS - 2) builder.add(s, a, 1, START, -100, false);
      else builder.add(s, a, 1, ns, -1, ns === GOAL);
    }
  }
  const initial = new Float64Array(nS);
  initial[START] = 1;
  return builder.build({ initialStateDistribution: initial });
}

/**
 * CliffWalking-v0 (Gymnasium 0.29.1; Sutton & Barto Example 6.6): walk from (3, 0) to (3, 11)
 * along a 4×12 grid whose bottom row between them is a cliff.
 *
 * State `row * 12 + col`; actions 0 UP, 1 RIGHT, 2 DOWN, 3 LEFT. Each step gives −1; stepping
 * into the cliff gives −100 and sends the agent back to the start (the episode goes on); reaching
 * the goal terminates. `info.prob` is always 1.
 *
 * @example
 * ```ts
 * const env = new CliffWalkingEnv();
 * env.reset({ seed: 0 }); // observation 36
 * env.step(CliffWalkingAction.RIGHT); // { observation: 36, reward: -100, terminated: false, … }
 * ```
 */
export class CliffWalkingEnv extends DiscreteModelEnv {
  /** Grid shape `[rows, cols]` = `[4, 12]`. */
  readonly shape: readonly [number, number] = [ROWS, COLS];
  /** The start state (36). */
  readonly startState: number = START;

  /** @param options none (accepted for symmetry with `make()`; unknown keys are rejected). */
  constructor(options: Record<string, never> = {}) {
    assertKnownKeys('CliffWalking options', options, []);
    super(cliffWalkingMDP());
  }
}
