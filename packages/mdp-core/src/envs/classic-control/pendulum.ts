import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { Box } from '../../spaces/box.js';
import {
  assignState,
  checkConstructorOptions,
  checkResetOptions,
  notResetError,
  numberOption,
  scalarBoxAction,
} from './utils.js';

export interface PendulumOptions {
  /** Acceleration of gravity in m/s² (default 10.0). */
  g?: number;
}

/** Gymnasium's default sampling half-ranges: θ in [-π, π], θ̇ in [-1, 1]. */
const DEFAULT_X = Math.PI;
const DEFAULT_Y = 1.0;

/** `x` wrapped into [-π, π) with a floored modulo (numpy's `%` on floats). */
function angleNormalize(x: number): number {
  const a = x + Math.PI;
  const b = 2 * Math.PI;
  let m = a % b;
  if (m !== 0) {
    if (m < 0) m += b;
  } else {
    m = 0;
  }
  return m - Math.PI;
}

/**
 * Pendulum-v1, the inverted-pendulum swing-up task, matching Gymnasium 0.29.1's `PendulumEnv`.
 *
 * - Observation: `Box` float32 of shape [3]: [cos θ, sin θ, θ̇] with bounds ±[1, 1, 8]
 *   (θ = 0 is upright).
 * - Actions: `Box(-2, 2, [1], float32)`: the torque, clipped into [-2, 2] before use. The value
 *   is used at the precision given (a Float32Array holds float32 values, a number array float64),
 *   as numpy does.
 * - Reward: −(θ̂² + 0.1·θ̇² + 0.001·u²) with θ̂ the angle normalised to [-π, π) and u the clipped
 *   torque, computed on the state before the update; in [-16.27, 0].
 * - Termination: never. Truncation (200 steps) belongs to `TimeLimit`.
 * - Start state: θ uniform in [-π, π), θ̇ uniform in [-1, 1); `reset({ options: { x_init, y_init } })`
 *   changes the half-ranges.
 */
export class PendulumEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly maxSpeed = 8;
  readonly maxTorque = 2.0;
  readonly dt = 0.05;
  readonly g: number;
  readonly m = 1.0;
  readonly l = 1.0;

  readonly observationSpace: Box;
  readonly actionSpace: Box;

  /** Torque applied by the last step (clipped), or undefined right after a reset. */
  lastU: number | undefined;

  private readonly s = new Float64Array(2);
  private started = false;

  constructor(options?: PendulumOptions) {
    super();
    const opts = checkConstructorOptions('PendulumEnv', options, ['g']);
    this.g = numberOption('PendulumEnv options.g', opts.g, 10.0);
    this.observationSpace = new Box([-1, -1, -this.maxSpeed], [1, 1, this.maxSpeed], [3], 'float32');
    this.actionSpace = new Box(-this.maxTorque, this.maxTorque, [1], 'float32');
  }

  /**
   * The physical state [θ, θ̇] in float64, mutable in place. Assigning an array copies its
   * values (and lets `step` run without a prior `reset`).
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(value: ArrayLike<number>) {
    assignState('PendulumEnv', this.s, value);
    this.started = true;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    const opts = checkResetOptions('PendulumEnv', options?.options);
    let x = DEFAULT_X;
    let y = DEFAULT_Y;
    if (opts !== undefined) {
      x = numberOption('PendulumEnv.reset options.x_init', opts.x_init, DEFAULT_X);
      y = numberOption('PendulumEnv.reset options.y_init', opts.y_init, DEFAULT_Y);
    }
    const rng = this.rng;
    this.s[0] = rng.uniform(-x, x);
    this.s[1] = rng.uniform(-y, y);
    this.lastU = undefined;
    this.started = true;
    return { observation: this.getObservation(), info: {} };
  }

  step(action: Float32Array | Float64Array | readonly number[]): StepResult<Float32Array> {
    const raw = scalarBoxAction(action, -this.maxTorque, this.maxTorque);
    if (!this.started) throw notResetError('PendulumEnv');
    const s = this.s;
    const th = s[0]!;
    const thdot = s[1]!;
    const g = this.g;
    const m = this.m;
    const l = this.l;
    const dt = this.dt;

    const u = Math.min(Math.max(raw, -this.maxTorque), this.maxTorque);
    this.lastU = u;
    const an = angleNormalize(th);
    const costs = an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);

    let newthdot = thdot + (((3 * g) / (2 * l)) * Math.sin(th) + (3.0 / (m * (l * l))) * u) * dt;
    newthdot = Math.min(Math.max(newthdot, -this.maxSpeed), this.maxSpeed);
    const newth = th + newthdot * dt;
    s[0] = newth;
    s[1] = newthdot;
    return { observation: this.getObservation(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  /** The observation of the current `state` (a new float32 array, as `reset` and `step` return). */
  getObservation(): Float32Array {
    const obs = new Float32Array(3);
    obs[0] = Math.cos(this.s[0]!);
    obs[1] = Math.sin(this.s[0]!);
    obs[2] = this.s[1]!;
    return obs;
  }
}
