/**
 * One minibatch of a PPO update, gathered from the rollout by sample index: observations (also
 * transposed, as the backward pass wants them), actions, advantages — normalised per minibatch
 * (mean 0, std 1, with torch's unbiased std) when asked, as CleanRL does —, return targets and the
 * values at collection time.
 */
import type { RolloutBuffer } from './rollout-buffer.js';

/** The arrays of one minibatch (row-major). */
export interface Minibatch {
  /** Observations [size, obsDim]. */
  x: Float32Array;
  /** Observations transposed [obsDim, size]. */
  xT: Float32Array;
  /** Actions [size, actionDim]. */
  actions: Float64Array;
  /** Advantages [size]. */
  adv: Float64Array;
  /** Return targets [size]. */
  returns: Float64Array;
  /** V_old [size]. */
  oldValues: Float64Array;
}

/** The rollout rows `idx[start .. start + size)` as a {@link Minibatch}. */
export function gatherMinibatch(buf: RolloutBuffer, idx: Int32Array, start: number, size: number, normAdv: boolean): Minibatch {
  const d = buf.obsDim;
  const aw = buf.actionDim;
  const x = new Float32Array(size * d);
  const xT = new Float32Array(size * d);
  const actions = new Float64Array(size * aw);
  const adv = new Float64Array(size);
  const returns = new Float64Array(size);
  const oldValues = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const i = idx[start + k]!;
    for (let j = 0; j < d; j++) {
      const v = buf.observations[i * d + j]!;
      x[k * d + j] = v;
      xT[j * size + k] = v;
    }
    for (let j = 0; j < aw; j++) actions[k * aw + j] = buf.actions[i * aw + j]!;
    adv[k] = buf.advantages[i]!;
    returns[k] = buf.returns[i]!;
    oldValues[k] = buf.values[i]!;
  }
  if (normAdv && size > 1) {
    let mean = 0;
    for (let k = 0; k < size; k++) mean += adv[k]!;
    mean /= size;
    let ss = 0;
    for (let k = 0; k < size; k++) ss += (adv[k]! - mean) ** 2;
    const std = Math.sqrt(ss / (size - 1)); // unbiased, like torch.std()
    for (let k = 0; k < size; k++) adv[k] = (adv[k]! - mean) / (std + 1e-8);
  }
  return { x, xT, actions, adv, returns, oldValues };
}
