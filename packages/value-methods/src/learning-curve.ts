import { InvalidArgumentError, assertInteger } from '@bellman/mdp-core';

/**
 * Learning curves: what every tabular agent's `learn()` returns.
 *
 * The shape is columnar, one plain array per quantity, index i = the i-th episode of the call:
 *
 * ```ts
 * { episode: [1, 2, 3], return: [-120, -87, -40], length: [120, 87, 40] }
 * ```
 *
 * - `episode`: 1-based episode number over the agent's lifetime (a second `learn()` call goes on
 *   counting where the first stopped);
 * - `return`: undiscounted episodic return Σ_t R_{t+1} (SB3/CleanRL's `episodic_return`), whatever
 *   γ the agent learns with;
 * - `length`: number of steps in the episode (`episodic_length`).
 *
 * Plain arrays serialise with `JSON.stringify` and go to @bellman/viz as they are; use
 * {@link learningCurveRecords} for the row form (one object per episode) that Vega-Lite's
 * `data.values` takes.
 */
export interface LearningCurve {
  /** Episode number (1-based, over the agent's lifetime). */
  episode: number[];
  /** Undiscounted return of each episode. */
  return: number[];
  /** Steps in each episode. */
  length: number[];
}

/** One episode as a row (Vega-Lite's `data.values`), with SB3/CleanRL metric names. */
export interface LearningCurveRecord {
  episode: number;
  episodic_return: number;
  episodic_length: number;
}

/** An empty curve. */
export function emptyLearningCurve(): LearningCurve {
  return { episode: [], return: [], length: [] };
}

/** The row form of a curve: `[{ episode, episodic_return, episodic_length }, …]`. */
export function learningCurveRecords(curve: LearningCurve): LearningCurveRecord[] {
  checkCurve('curve', curve);
  return curve.episode.map((episode, i) => ({
    episode,
    episodic_return: curve.return[i]!,
    episodic_length: curve.length[i]!,
  }));
}

/**
 * The element-wise mean of several curves of equal length (e.g. one run per seed, as in Sutton &
 * Barto's figures, which average 100 or more runs). Episode numbers come from the first curve.
 */
export function averageLearningCurves(curves: readonly LearningCurve[]): LearningCurve {
  if (curves === null || typeof curves !== 'object' || typeof curves.length !== 'number' || curves.length === 0) {
    throw new InvalidArgumentError('curves', 'a non-empty array of learning curves', curves);
  }
  const first = curves[0]!;
  curves.forEach((c, i) => checkCurve(`curves[${i}]`, c, first.episode.length));
  const n = first.episode.length;
  const ret = new Array<number>(n).fill(0);
  const len = new Array<number>(n).fill(0);
  for (const c of curves) {
    for (let i = 0; i < n; i++) {
      ret[i] = ret[i]! + c.return[i]!;
      len[i] = len[i]! + c.length[i]!;
    }
  }
  return {
    episode: first.episode.slice(),
    return: ret.map((x) => x / curves.length),
    length: len.map((x) => x / curves.length),
  };
}

/**
 * Trailing moving average over `window` points: out[i] = mean(values[max(0, i − window + 1) … i])
 * (the first points average what is available), for smoothing noisy returns.
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  assertInteger('window', window, 1);
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/**
 * Root-mean-square error sqrt((1/|I|) Σ_{i∈I} (estimate[i] − target[i])²) over the indices I
 * (all indices when omitted), e.g. Sutton & Barto's Figure 6.2 error over the non-terminal states.
 */
export function rmsError(estimate: ArrayLike<number>, target: ArrayLike<number>, indices?: ArrayLike<number>): number {
  if (estimate.length !== target.length) {
    throw new InvalidArgumentError('target', `an array of the same length as estimate (${estimate.length})`, `length ${target.length}`);
  }
  let sum = 0;
  const n = indices === undefined ? estimate.length : indices.length;
  if (n === 0) throw new InvalidArgumentError('indices', 'a non-empty list of indices', indices);
  for (let k = 0; k < n; k++) {
    const i = indices === undefined ? k : indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= estimate.length) {
      throw new InvalidArgumentError(`indices[${k}]`, `an integer in [0, ${estimate.length - 1}]`, i);
    }
    const d = estimate[i]! - target[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum / n);
}

function checkCurve(field: string, curve: LearningCurve, length?: number): void {
  if (
    curve === null ||
    typeof curve !== 'object' ||
    !Array.isArray(curve.episode) ||
    !Array.isArray(curve.return) ||
    !Array.isArray(curve.length) ||
    curve.return.length !== curve.episode.length ||
    curve.length.length !== curve.episode.length
  ) {
    throw new InvalidArgumentError(field, 'a learning curve { episode: number[], return: number[], length: number[] } with equal lengths', curve);
  }
  if (length !== undefined && curve.episode.length !== length) {
    throw new InvalidArgumentError(field, `a curve of ${length} episodes (like curves[0])`, `${curve.episode.length} episodes`);
  }
}
