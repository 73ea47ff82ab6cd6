/**
 * The boundary between a vector env and PPO's networks, in both directions:
 *
 * - observations: flattened (`Box`) or one-hot (`Discrete`, as SB3 does), then — with
 *   `normalizeObservation` — standardised by running statistics over all envs and clipped
 *   (SB3's `VecNormalize`, CleanRL's `NormalizeObservation` + clip);
 * - rewards: with `normalizeReward`, divided by the running std of each env's discounted return
 *   and clipped (Gymnasium's `NormalizeReward` + clip); the raw reward still feeds episode returns;
 * - actions: indices shifted by `Discrete.start`, continuous samples clipped to the `Box` (the
 *   rollout keeps them unclipped), `MultiDiscrete` as integer vectors.
 */
import {
  Box,
  Discrete,
  InvalidArgumentError,
  MultiDiscrete,
  RunningMeanStd,
  type RunningMeanStdState,
  type Space,
  type VectorEnv,
  type VectorStepResult,
} from '@bellman/mdp-core';
import type { PolicyHead } from './ppo-loss.js';

type FloatArray = Float32Array | Float64Array;

/** The normalisation settings (from `PPOConfig`). */
export interface EnvIOOptions {
  normalizeObservation: boolean;
  clipObservation: number;
  normalizeReward: boolean;
  clipReward: number;
  gamma: number;
}

/** Running statistics, for checkpoints. */
export interface EnvIOState {
  obsRms: RunningMeanStdState | null;
  returnRms: RunningMeanStdState | null;
  /** Per-env discounted return behind reward scaling. */
  discountedReturns: number[];
}

/** The policy head for an action space. */
export function headFor(space: Space<unknown>): PolicyHead {
  if (space instanceof Discrete) return { kind: 'categorical', n: space.n };
  if (space instanceof MultiDiscrete) return { kind: 'multi-categorical', nvec: Array.from(space.nvec) };
  if (space instanceof Box) return { kind: 'gaussian', dim: space.size };
  throw new InvalidArgumentError('action space', 'Discrete, MultiDiscrete or Box', String(space));
}

function obsSizeOf(space: Space<unknown>): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return space.n; // one-hot, like SB3
  throw new InvalidArgumentError('observation space', 'a Box or Discrete space', String(space));
}

/** Observation, reward and action conversion for one vector env (see the module comment). */
export class EnvIO {
  /** Flat observation size (the network input). */
  readonly obsDim: number;
  /** The action distribution. */
  readonly head: PolicyHead;
  /** Running mean / variance of observations, or null. */
  readonly obsRms: RunningMeanStd | null;
  /** Running variance of discounted returns, or null. */
  readonly returnRms: RunningMeanStd | null;
  /** The envs' current observations as raw numbers, numEnvs × obsDim. */
  readonly raw: Float64Array;
  /** The same as network input (normalised when asked). */
  readonly input: Float32Array;
  private readonly obsSpace: Space<unknown>;
  private readonly actSpace: Space<unknown>;
  private readonly numEnvs: number;
  private readonly discountedReturn: Float64Array;
  private readonly clipped: Float64Array;

  constructor(
    private readonly envs: VectorEnv<unknown, unknown>,
    private readonly options: EnvIOOptions,
  ) {
    this.obsSpace = envs.singleObservationSpace;
    this.actSpace = envs.singleActionSpace;
    this.obsDim = obsSizeOf(this.obsSpace);
    this.head = headFor(this.actSpace);
    this.numEnvs = envs.numEnvs;
    this.obsRms = options.normalizeObservation ? new RunningMeanStd(this.obsDim) : null;
    this.returnRms = options.normalizeReward ? new RunningMeanStd(1) : null;
    this.raw = new Float64Array(this.numEnvs * this.obsDim);
    this.input = new Float32Array(this.numEnvs * this.obsDim);
    this.discountedReturn = new Float64Array(this.numEnvs);
    this.clipped = new Float64Array(this.numEnvs * (this.actSpace instanceof Box ? this.actSpace.size : 0));
  }

  /** The observation and action spaces as JSON (to check a checkpoint against an env). */
  spacesJSON(): { observation: unknown; action: unknown } {
    return { observation: this.obsSpace.toJSON(), action: this.actSpace.toJSON() };
  }

  /** Writes observation `o` as raw numbers (one-hot for Discrete spaces) at `offset`. */
  encode(o: unknown, target: FloatArray, offset: number): void {
    if (this.obsSpace instanceof Discrete) {
      target.fill(0, offset, offset + this.obsDim);
      target[offset + (o as number) - this.obsSpace.start] = 1;
      return;
    }
    const arr = o as ArrayLike<number>;
    for (let k = 0; k < this.obsDim; k++) target[offset + k] = arr[k]!;
  }

  /** Network input for raw observations, with the current statistics (which it does not update). */
  normalize(raw: ArrayLike<number>, rawOffset: number, out: Float32Array, outOffset: number): void {
    const rms = this.obsRms;
    const d = this.obsDim;
    if (rms === null) {
      for (let k = 0; k < d; k++) out[outOffset + k] = raw[rawOffset + k]!;
      return;
    }
    const clip = this.options.clipObservation;
    for (let k = 0; k < d; k++) {
      const z = (raw[rawOffset + k]! - rms.mean[k]!) / Math.sqrt(rms.var[k]! + 1e-8);
      out[outOffset + k] = z < -clip ? -clip : z > clip ? clip : z;
    }
  }

  /** Takes the envs' new observations: raw copy, statistics update, network input. */
  observe(observations: readonly unknown[]): void {
    const d = this.obsDim;
    for (let e = 0; e < this.numEnvs; e++) this.encode(observations[e], this.raw, e * d);
    this.obsRms?.updateBatch(this.raw, this.numEnvs);
    this.refreshInput();
  }

  /** Recomputes `input` from `raw` (after restoring both from a checkpoint). */
  refreshInput(): void {
    for (let e = 0; e < this.numEnvs; e++) this.normalize(this.raw, e * this.obsDim, this.input, e * this.obsDim);
  }

  /** Resets the envs with `seed` and takes their observations. */
  reset(seed: number): void {
    this.observe(this.envs.reset({ seed }).observations);
  }

  /** The reward PPO learns from for env `e`'s raw reward `r` (scaled when asked). */
  scaleReward(e: number, r: number, done: boolean): number {
    if (this.returnRms === null) return r;
    const { gamma, clipReward } = this.options;
    this.discountedReturn[e] = this.discountedReturn[e]! * gamma + r;
    this.returnRms.update([this.discountedReturn[e]]);
    if (done) this.discountedReturn[e] = 0;
    const scaled = r / Math.sqrt(this.returnRms.var[0]! + 1e-8);
    return scaled < -clipReward ? -clipReward : scaled > clipReward ? clipReward : scaled;
  }

  /** Steps the envs with the policy's actions (numEnvs × action width, as sampled). */
  step(actions: Float64Array): VectorStepResult<unknown> {
    const n = this.numEnvs;
    const space = this.actSpace;
    if (space instanceof Discrete) {
      const list = new Array<number>(n);
      for (let e = 0; e < n; e++) list[e] = space.start + actions[e]!;
      return this.envs.step(list);
    }
    const width = actions.length / n;
    const list: (Float32Array | Int32Array)[] = [];
    for (let e = 0; e < n; e++) {
      const row = actions.subarray(e * width, e * width + width);
      list.push(space instanceof Box ? Float32Array.from(this.clip(row, this.clipped.subarray(e * width, e * width + width))) : Int32Array.from(row));
    }
    return this.envs.step(list);
  }

  /** One action as the env takes it (for `predict`). */
  envAction(action: Float64Array): number | Float64Array | Int32Array {
    const space = this.actSpace;
    if (space instanceof Discrete) return space.start + action[0]!;
    if (space instanceof Box) return this.clip(action, new Float64Array(action.length));
    return Int32Array.from(action);
  }

  private clip(values: ArrayLike<number>, out: Float64Array): Float64Array {
    const { low, high } = this.actSpace as Box;
    for (let k = 0; k < out.length; k++) {
      const v = values[k]!;
      out[k] = v < low[k]! ? low[k]! : v > high[k]! ? high[k]! : v;
    }
    return out;
  }

  /** The running statistics, for checkpoints. */
  getState(): EnvIOState {
    return { obsRms: this.obsRms?.getState() ?? null, returnRms: this.returnRms?.getState() ?? null, discountedReturns: Array.from(this.discountedReturn) };
  }

  /** Restores statistics from {@link getState}. */
  setState(state: EnvIOState): void {
    if (state.obsRms !== null) this.obsRms?.setState(state.obsRms);
    if (state.returnRms !== null) this.returnRms?.setState(state.returnRms);
    this.discountedReturn.set(state.discountedReturns);
  }
}
