import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { Box } from '../../spaces/box.js';
import {
  assignState,
  checkConstructorOptions,
  checkResetOptions,
  notResetError,
  numberOption,
  resetBounds,
  scalarBoxAction,
} from './utils.js';

export interface MountainCarContinuousOptions {
  /** Minimum velocity at the goal position for the episode to terminate (default 0). */
  goalVelocity?: number;
}

/**
 * MountainCarContinuous-v0: the mountain car with a continuous engine force, matching
 * Gymnasium 0.29.1's `Continuous_MountainCarEnv`.
 *
 * - Observation: `Box` float32 of shape [2]: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 * - Actions: `Box(-1, 1, [1], float32)`: the force, clipped into [-1, 1] and scaled by 0.0015.
 *   The value is used at the precision given (as numpy does).
 * - Dynamics: v ← clip(v + f·0.0015 − 0.0025·cos(3x), ±0.07); x ← clip(x + v, [-1.2, 0.6]);
 *   hitting the left wall stops the car. As in Gymnasium, the state is stored as float32 after
 *   every step (the update itself runs in float64).
 * - Reward: −0.1·a² for the unclipped action a, plus 100 on the step that reaches the goal.
 * - Termination: x ≥ 0.45 and v ≥ `goalVelocity`. Truncation (999 steps) belongs to `TimeLimit`.
 * - Start state: x uniform in [-0.6, -0.4), v = 0; `reset({ options: { low, high } })` changes
 *   the range of x.
 */
export class MountainCarContinuousEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly minAction = -1.0;
  readonly maxAction = 1.0;
  readonly minPosition = -1.2;
  readonly maxPosition = 0.6;
  readonly maxSpeed = 0.07;
  readonly goalPosition = 0.45;
  readonly goalVelocity: number;
  readonly power = 0.0015;

  readonly observationSpace: Box;
  readonly actionSpace: Box;

  private readonly s = new Float64Array(2);
  private started = false;

  constructor(options?: MountainCarContinuousOptions) {
    super();
    const opts = checkConstructorOptions('MountainCarContinuousEnv', options, ['goalVelocity']);
    this.goalVelocity = numberOption('MountainCarContinuousEnv options.goalVelocity', opts.goalVelocity, 0);
    this.observationSpace = new Box([this.minPosition, -this.maxSpeed], [this.maxPosition, this.maxSpeed], [2], 'float32');
    this.actionSpace = new Box(this.minAction, this.maxAction, [1], 'float32');
  }

  /**
   * The physical state [position, velocity], mutable in place: float64 storage holding
   * float32 values after each step, like Gymnasium. Assigning an array copies its values
   * (and lets `step` run without a prior `reset`).
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(value: ArrayLike<number>) {
    assignState('MountainCarContinuousEnv', this.s, value);
    this.started = true;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    const [low, high] = resetBounds(
      'MountainCarContinuousEnv',
      checkResetOptions('MountainCarContinuousEnv', options?.options),
      -0.6,
      -0.4,
    );
    this.s[0] = this.rng.uniform(low, high);
    this.s[1] = 0;
    this.started = true;
    return { observation: this.getObservation(), info: {} };
  }

  step(action: Float32Array | Float64Array | readonly number[]): StepResult<Float32Array> {
    const a = scalarBoxAction(action, this.minAction, this.maxAction);
    if (!this.started) throw notResetError('MountainCarContinuousEnv');
    let position = this.s[0]!;
    let velocity = this.s[1]!;
    const force = Math.min(Math.max(a, this.minAction), this.maxAction);

    velocity += force * this.power - 0.0025 * Math.cos(3 * position);
    if (velocity > this.maxSpeed) velocity = this.maxSpeed;
    if (velocity < -this.maxSpeed) velocity = -this.maxSpeed;
    position += velocity;
    if (position > this.maxPosition) position = this.maxPosition;
    if (position < this.minPosition) position = this.minPosition;
    if (position === this.minPosition && velocity < 0) velocity = 0;

    const terminated = position >= this.goalPosition && velocity >= this.goalVelocity;
    const reward = (terminated ? 100.0 : 0) - a * a * 0.1;

    // Gymnasium keeps the state as a float32 array between steps.
    this.s[0] = Math.fround(position);
    this.s[1] = Math.fround(velocity);
    return { observation: this.getObservation(), reward, terminated, truncated: false, info: {} };
  }

  /** The observation of the current `state` (a new float32 array, as `reset` and `step` return). */
  getObservation(): Float32Array {
    const obs = new Float32Array(2);
    obs[0] = this.s[0]!;
    obs[1] = this.s[1]!;
    return obs;
  }
}
