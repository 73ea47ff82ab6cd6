import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { Box } from '../../spaces/box.js';
import { Discrete } from '../../spaces/discrete.js';
import {
  assignState,
  checkConstructorOptions,
  checkResetOptions,
  discreteActionError,
  notResetError,
  resetBounds,
} from './utils.js';

/** Acrobot takes no construction options (an empty object is accepted). */
export type AcrobotOptions = Record<string, never>;

const PI = Math.PI;

/** `x` brought into [m, M] by adding or removing whole periods (M − m), as the reference does. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  // Far outside the range the step-by-step loop would take too long (or never end).
  if (!(Math.abs(x) < 1e6)) return Number.isFinite(x) ? x - Math.floor((x - m) / diff) * diff : x;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/**
 * Acrobot-v1 (Sutton, 1996): a two-link pendulum actuated at the middle joint must swing its
 * tip above a line one link length over the pivot. Matches Gymnasium 0.29.1's `AcrobotEnv`
 * with the book dynamics (Sutton & Barto), one fourth-order Runge-Kutta step over
 * `dt = 0.2` s and no torque noise.
 *
 * - Observation: `Box` float32 of shape [6]: [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2], bounds
 *   ±[1, 1, 1, 1, 4π, 9π]. θ1 = 0 points the first link down; θ2 is relative to the first link.
 * - Actions: `Discrete(3)`: torque −1, 0 or +1 on the middle joint.
 * - Dynamics: after integration the angles are wrapped into [-π, π] and the velocities
 *   clipped to ±4π and ±9π; the state is float64 (float32 values right after a reset, as in
 *   Gymnasium).
 * - Reward: −1 per step, 0 on the terminating step.
 * - Termination: −cos θ1 − cos(θ1 + θ2) > 1. Truncation (500 steps) belongs to `TimeLimit`.
 * - Start state: each of θ1, θ2, θ̇1, θ̇2 uniform in [-0.1, 0.1), rounded to float32;
 *   `reset({ options: { low, high } })` changes the range.
 */
export class AcrobotEnv extends BaseEnv<Float32Array, number> {
  /** Integration step in seconds. */
  readonly dt = 0.2;
  readonly linkLength1 = 1.0;
  readonly linkLength2 = 1.0;
  readonly linkMass1 = 1.0;
  readonly linkMass2 = 1.0;
  /** Position of the centre of mass of link 1 along it. */
  readonly linkComPos1 = 0.5;
  readonly linkComPos2 = 0.5;
  /** Moment of inertia of both links. */
  readonly linkMoi = 1.0;
  readonly maxVel1 = 4 * PI;
  readonly maxVel2 = 9 * PI;
  readonly availTorque: readonly number[] = Object.freeze([-1.0, 0.0, 1.0]);
  readonly torqueNoiseMax = 0.0;
  /** Gravity used by the dynamics. */
  readonly gravity = 9.8;
  /** Which equations of motion are used (Gymnasium's default, the book's). */
  readonly bookOrNips = 'book' as const;

  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(3);

  private readonly s = new Float64Array(4);
  private started = false;
  // Runge-Kutta stage derivatives, reused across steps.
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);

  constructor(options?: AcrobotOptions) {
    super();
    checkConstructorOptions('AcrobotEnv', options, []);
    const high = [1, 1, 1, 1, this.maxVel1, this.maxVel2];
    this.observationSpace = new Box(
      high.map((v) => -v),
      high,
      [6],
      'float32',
    );
  }

  /**
   * The physical state [θ1, θ2, θ̇1, θ̇2] in float64, mutable in place. Assigning an array
   * copies its values (and lets `step` run without a prior `reset`).
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(value: ArrayLike<number>) {
    assignState('AcrobotEnv', this.s, value);
    this.started = true;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    const [low, high] = resetBounds('AcrobotEnv', checkResetOptions('AcrobotEnv', options?.options), -0.1, 0.1);
    const rng = this.rng;
    for (let i = 0; i < 4; i++) this.s[i] = Math.fround(rng.uniform(low, high));
    this.started = true;
    return { observation: this.getObservation(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1 && action !== 2) throw discreteActionError(3, action);
    if (!this.started) throw notResetError('AcrobotEnv');
    const torque = this.availTorque[action]!;
    const s = this.s;
    const { k1, k2, k3, k4 } = this;

    // One classical Runge-Kutta step over [0, dt]; the torque is held constant.
    const dt = this.dt - 0;
    const dt2 = dt / 2.0;
    const y0 = s[0]!;
    const y1 = s[1]!;
    const y2 = s[2]!;
    const y3 = s[3]!;
    this.dsdt(k1, y0, y1, y2, y3, torque);
    this.dsdt(k2, y0 + dt2 * k1[0]!, y1 + dt2 * k1[1]!, y2 + dt2 * k1[2]!, y3 + dt2 * k1[3]!, torque);
    this.dsdt(k3, y0 + dt2 * k2[0]!, y1 + dt2 * k2[1]!, y2 + dt2 * k2[2]!, y3 + dt2 * k2[3]!, torque);
    this.dsdt(k4, y0 + dt * k3[0]!, y1 + dt * k3[1]!, y2 + dt * k3[2]!, y3 + dt * k3[3]!, torque);
    const h = dt / 6.0;
    const n0 = y0 + h * (k1[0]! + 2 * k2[0]! + 2 * k3[0]! + k4[0]!);
    const n1 = y1 + h * (k1[1]! + 2 * k2[1]! + 2 * k3[1]! + k4[1]!);
    const n2 = y2 + h * (k1[2]! + 2 * k2[2]! + 2 * k3[2]! + k4[2]!);
    const n3 = y3 + h * (k1[3]! + 2 * k2[3]! + 2 * k3[3]! + k4[3]!);

    s[0] = wrap(n0, -PI, PI);
    s[1] = wrap(n1, -PI, PI);
    s[2] = Math.min(Math.max(n2, -this.maxVel1), this.maxVel1);
    s[3] = Math.min(Math.max(n3, -this.maxVel2), this.maxVel2);

    const terminated = -Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0;
    return { observation: this.getObservation(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: {} };
  }

  /** Time derivative of the state under `torque` (book equations), written into `out`. */
  private dsdt(out: Float64Array, theta1: number, theta2: number, dtheta1: number, dtheta2: number, torque: number): void {
    const m1 = this.linkMass1;
    const m2 = this.linkMass2;
    const l1 = this.linkLength1;
    const lc1 = this.linkComPos1;
    const lc2 = this.linkComPos2;
    const I1 = this.linkMoi;
    const I2 = this.linkMoi;
    const g = this.gravity;
    // Grouping follows the reference's left-to-right evaluation so results agree to the last bit.
    const cos2 = Math.cos(theta2);
    const sin2 = Math.sin(theta2);
    const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + I1 + I2;
    const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + I2;
    const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - PI / 2.0);
    const phi1 =
      -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2 -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2 +
      (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - PI / 2) +
      phi2;
    const ddtheta2 =
      (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
    const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
  }

  /** The observation of the current `state` (a new float32 array, as `reset` and `step` return). */
  getObservation(): Float32Array {
    const s = this.s;
    const obs = new Float32Array(6);
    obs[0] = Math.cos(s[0]!);
    obs[1] = Math.sin(s[0]!);
    obs[2] = Math.cos(s[1]!);
    obs[3] = Math.sin(s[1]!);
    obs[4] = s[2]!;
    obs[5] = s[3]!;
    return obs;
  }
}
