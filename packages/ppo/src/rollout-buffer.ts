/**
 * Storage for one PPO rollout: `numSteps × numEnvs` transitions in typed arrays, time-major
 * (index `t * numEnvs + e`, like CleanRL's `(num_steps, num_envs)` tensors), allocated once and
 * reused every iteration.
 */
import { InvalidArgumentError } from '@bellman/mdp-core';

/** Sizes of a {@link RolloutBuffer}. */
export interface RolloutBufferOptions {
  /** Steps per env per rollout. */
  numSteps: number;
  /** Number of envs. */
  numEnvs: number;
  /** Flat observation size. */
  obsDim: number;
  /** 1 for discrete actions (the index), d for continuous ones. */
  actionDim: number;
}

/** One rollout of transitions (see the module comment). Fields are public typed arrays. */
export class RolloutBuffer {
  /** Steps per env per rollout. */
  readonly numSteps: number;
  /** Number of envs. */
  readonly numEnvs: number;
  /** Flat observation size. */
  readonly obsDim: number;
  /** Numbers per stored action. */
  readonly actionDim: number;
  /** numSteps · numEnvs. */
  readonly size: number;
  /** s_t, size × obsDim. */
  readonly observations: Float32Array;
  /** a_t as sampled (unclipped for continuous actions), size × actionDim. */
  readonly actions: Float32Array;
  /** log π_old(a_t|s_t). */
  readonly logProbs: Float64Array;
  /** r_t. */
  readonly rewards: Float64Array;
  /** V_old(s_t). */
  readonly values: Float64Array;
  /** 1 where step t reached a terminal state. */
  readonly terminated: Uint8Array;
  /** 1 where step t was truncated (time limit). */
  readonly truncated: Uint8Array;
  /** V_old of the final observation where step t was truncated (else 0). */
  readonly finalValues: Float64Array;
  /** GAE advantages (filled by the caller). */
  readonly advantages: Float64Array;
  /** Return targets advantages + values (filled by the caller). */
  readonly returns: Float64Array;
  /** Steps stored so far in this rollout (0..numSteps). */
  step = 0;

  constructor(options: RolloutBufferOptions) {
    const { numSteps, numEnvs, obsDim, actionDim } = options;
    for (const [k, v] of Object.entries(options)) {
      if (!Number.isInteger(v) || (v as number) < 1) throw new InvalidArgumentError(k, 'a positive integer', v);
    }
    this.numSteps = numSteps;
    this.numEnvs = numEnvs;
    this.obsDim = obsDim;
    this.actionDim = actionDim;
    this.size = numSteps * numEnvs;
    this.observations = new Float32Array(this.size * obsDim);
    this.actions = new Float32Array(this.size * actionDim);
    this.logProbs = new Float64Array(this.size);
    this.rewards = new Float64Array(this.size);
    this.values = new Float64Array(this.size);
    this.terminated = new Uint8Array(this.size);
    this.truncated = new Uint8Array(this.size);
    this.finalValues = new Float64Array(this.size);
    this.advantages = new Float64Array(this.size);
    this.returns = new Float64Array(this.size);
  }

  /** Starts a new rollout (keeps the memory). */
  reset(): void {
    this.step = 0;
    this.finalValues.fill(0);
  }

  /** Whether `numSteps` steps have been stored. */
  get full(): boolean {
    return this.step >= this.numSteps;
  }
}
