import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { Box } from '../../spaces/box.js';
import { Discrete } from '../../spaces/discrete.js';
import {
  assignState,
  checkConstructorOptions,
  checkResetOptions,
  discreteActionError,
  notResetError,
  numberOption,
  resetBounds,
} from './utils.js';

export interface MountainCarOptions {
  /** Minimum velocity at the goal position for the episode to terminate (default 0). */
  goalVelocity?: number;
}

/**
 * MountainCar-v0 (Moore, 1990): an under-powered car must rock back and forth to climb the
 * right hill. Matches Gymnasium 0.29.1's `MountainCarEnv`.
 *
 * - Observation: `Box` float32 of shape [2]: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 * - Actions: `Discrete(3)`: 0 accelerates left, 1 does nothing, 2 accelerates right.
 * - Dynamics: v ← clip(v + (a − 1)·0.001 − 0.0025·cos(3x), ±0.07); x ← clip(x + v, [-1.2, 0.6]);
 *   hitting the left wall stops the car. Float64 throughout.
 * - Reward: −1 per step.
 * - Termination: x ≥ 0.5 and v ≥ `goalVelocity`. Truncation (200 steps) belongs to `TimeLimit`.
 * - Start state: x uniform in [-0.6, -0.4), v = 0; `reset({ options: { low, high } })` changes
 *   the range of x.
 */
export class MountainCarEnv extends BaseEnv<Float32Array, number> {
  readonly minPosition = -1.2;
  readonly maxPosition = 0.6;
  readonly maxSpeed = 0.07;
  readonly goalPosition = 0.5;
  readonly goalVelocity: number;
  readonly force = 0.001;
  readonly gravity = 0.0025;

  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(3);

  private readonly s = new Float64Array(2);
  private started = false;

  constructor(options?: MountainCarOptions) {
    super();
    const opts = checkConstructorOptions('MountainCarEnv', options, ['goalVelocity']);
    this.goalVelocity = numberOption('MountainCarEnv options.goalVelocity', opts.goalVelocity, 0);
    this.observationSpace = new Box([this.minPosition, -this.maxSpeed], [this.maxPosition, this.maxSpeed], [2], 'float32');
  }

  /**
   * The physical state [position, velocity] in float64, mutable in place. Assigning an array
   * copies its values (and lets `step` run without a prior `reset`).
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(value: ArrayLike<number>) {
    assignState('MountainCarEnv', this.s, value);
    this.started = true;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    const [low, high] = resetBounds('MountainCarEnv', checkResetOptions('MountainCarEnv', options?.options), -0.6, -0.4);
    this.s[0] = this.rng.uniform(low, high);
    this.s[1] = 0;
    this.started = true;
    return { observation: this.getObservation(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) throw discreteActionError(3, action);
    if (!this.started) throw notResetError('MountainCarEnv');
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    velocity += (action - 1) * this.force + Math.cos(3 * position) * -this.gravity;
    velocity = Math.min(Math.max(velocity, -this.maxSpeed), this.maxSpeed);
    position += velocity;
    position = Math.min(Math.max(position, this.minPosition), this.maxPosition);
    if (position === this.minPosition && velocity < 0) velocity = 0;

    const terminated = position >= this.goalPosition && velocity >= this.goalVelocity;
    this.s[0] = position;
    this.s[1] = velocity;
    return { observation: this.getObservation(), reward: -1.0, terminated, truncated: false, info: {} };
  }

  /** The observation of the current `state` (a new float32 array, as `reset` and `step` return). */
  getObservation(): Float32Array {
    const obs = new Float32Array(2);
    obs[0] = this.s[0]!;
    obs[1] = this.s[1]!;
    return obs;
  }
}
