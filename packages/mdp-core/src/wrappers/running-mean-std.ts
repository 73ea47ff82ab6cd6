import { InvalidArgumentError, assertInteger } from '../errors.js';

/** Serialisable state of a RunningMeanStd. */
export interface RunningMeanStdState {
  mean: number[];
  var: number[];
  count: number;
}

/**
 * Running mean and variance of vectors, merged batch by batch with Chan et al.'s parallel
 * formula (what Gymnasium's and SB3's `RunningMeanStd` compute). Starts with count ε = 1e-4,
 * mean 0, variance 1, as they do.
 */
export class RunningMeanStd {
  readonly size: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(size = 1, epsilon = 1e-4) {
    this.size = assertInteger('RunningMeanStd.size', size, 1);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Merges one sample. */
  update(x: ArrayLike<number>): void {
    this.updateBatch(x, 1);
  }

  /** Merges `batchSize` samples stored row-major in `xs` (length batchSize·size). */
  updateBatch(xs: ArrayLike<number>, batchSize: number): void {
    if (xs.length !== batchSize * this.size) {
      throw new InvalidArgumentError('xs', `an array of length batchSize·size = ${batchSize * this.size}`, xs.length);
    }
    for (let j = 0; j < this.size; j++) {
      let m = 0;
      for (let b = 0; b < batchSize; b++) m += xs[b * this.size + j]!;
      m /= batchSize;
      let v = 0;
      for (let b = 0; b < batchSize; b++) {
        const d = xs[b * this.size + j]! - m;
        v += d * d;
      }
      v /= batchSize;
      const delta = m - this.mean[j]!;
      const total = this.count + batchSize;
      this.mean[j] = this.mean[j]! + (delta * batchSize) / total;
      const m2 = this.var[j]! * this.count + v * batchSize + (delta * delta * this.count * batchSize) / total;
      this.var[j] = m2 / total;
    }
    this.count += batchSize;
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  setState(state: RunningMeanStdState): void {
    if (state.mean.length !== this.size || state.var.length !== this.size || !(state.count > 0)) {
      throw new InvalidArgumentError('RunningMeanStd state', `mean and var of length ${this.size} and a positive count`, state);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
