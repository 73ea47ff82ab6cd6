import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../../env.js';
import { Box } from '../../spaces/box.js';
import { Discrete } from '../../spaces/discrete.js';
import {
  FLOAT32_MAX,
  assignState,
  checkConstructorOptions,
  checkResetOptions,
  discreteActionError,
  notResetError,
  resetBounds,
} from './utils.js';

/** CartPole takes no construction options (an empty object is accepted). */
export type CartPoleOptions = Record<string, never>;

/**
 * CartPole-v1, the cart-pole balancing task of Barto, Sutton & Anderson (1983), matching
 * Gymnasium 0.29.1's `CartPoleEnv` step for step.
 *
 * - Observation: `Box` float32 of shape [4]: cart position, cart velocity, pole angle (rad),
 *   pole angular velocity; bounds ±[4.8, float32 max, 0.4189, float32 max].
 * - Actions: `Discrete(2)`: 0 pushes the cart left, 1 pushes it right (force 10 N).
 * - Dynamics: explicit Euler with `tau = 0.02` s on the float64 `state`.
 * - Reward: +1 for every step, the terminating one included; 0 for steps taken after
 *   termination without a reset (Gymnasium's `steps_beyond_terminated` behaviour, no warning).
 * - Termination: |x| > 2.4 or |θ| > 12° (0.2094 rad). Truncation (500 steps) belongs to `TimeLimit`.
 * - Start state: each component uniform in [-0.05, 0.05); `reset({ options: { low, high } })`
 *   changes that range.
 */
export class CartPoleEnv extends BaseEnv<Float32Array, number> {
  readonly gravity = 9.8;
  readonly masscart = 1.0;
  readonly masspole = 0.1;
  readonly totalMass = this.masspole + this.masscart;
  /** Half the pole's length. */
  readonly length = 0.5;
  readonly polemassLength = this.masspole * this.length;
  readonly forceMag = 10.0;
  /** Seconds between state updates. */
  readonly tau = 0.02;
  readonly kinematicsIntegrator = 'euler' as const;
  /** Pole angle beyond which the episode terminates (12°). */
  readonly thetaThresholdRadians = (12 * 2 * Math.PI) / 360;
  /** Cart position beyond which the episode terminates. */
  readonly xThreshold = 2.4;

  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(2);

  private readonly s = new Float64Array(4);
  private started = false;
  /** null until the pole falls; then the number of steps taken after the terminating one. */
  private stepsBeyondTerminated: number | null = null;

  constructor(options?: CartPoleOptions) {
    super();
    checkConstructorOptions('CartPoleEnv', options, []);
    const high = [this.xThreshold * 2, FLOAT32_MAX, this.thetaThresholdRadians * 2, FLOAT32_MAX];
    this.observationSpace = new Box(
      high.map((v) => -v),
      high,
      [4],
      'float32',
    );
  }

  /**
   * The physical state [x, ẋ, θ, θ̇] in float64, mutable in place. Assigning an array copies
   * its values (and lets `step` run without a prior `reset`).
   */
  get state(): Float64Array {
    return this.s;
  }

  set state(value: ArrayLike<number>) {
    assignState('CartPoleEnv', this.s, value);
    this.started = true;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    const [low, high] = resetBounds('CartPoleEnv', checkResetOptions('CartPoleEnv', options?.options), -0.05, 0.05);
    const rng = this.rng;
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = rng.uniform(low, high);
    this.stepsBeyondTerminated = null;
    this.started = true;
    return { observation: this.getObservation(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action !== 0 && action !== 1) throw discreteActionError(2, action);
    if (!this.started) throw notResetError('CartPoleEnv');
    const s = this.s;
    let x = s[0]!;
    let xDot = s[1]!;
    let theta = s[2]!;
    let thetaDot = s[3]!;

    const force = action === 1 ? this.forceMag : -this.forceMag;
    const cosTheta = Math.cos(theta);
    const sinTheta = Math.sin(theta);
    // Same operation order as the reference, so the float64 results agree bit for bit
    // (up to the platform's sin/cos).
    const temp = (force + this.polemassLength * (thetaDot * thetaDot) * sinTheta) / this.totalMass;
    const thetaAcc =
      (this.gravity * sinTheta - cosTheta * temp) /
      (this.length * (4.0 / 3.0 - (this.masspole * (cosTheta * cosTheta)) / this.totalMass));
    const xAcc = temp - (this.polemassLength * thetaAcc * cosTheta) / this.totalMass;

    x = x + this.tau * xDot;
    xDot = xDot + this.tau * xAcc;
    theta = theta + this.tau * thetaDot;
    thetaDot = thetaDot + this.tau * thetaAcc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;

    const terminated =
      x < -this.xThreshold || x > this.xThreshold || theta < -this.thetaThresholdRadians || theta > this.thetaThresholdRadians;

    let reward = 1.0;
    if (terminated) {
      if (this.stepsBeyondTerminated === null) {
        this.stepsBeyondTerminated = 0;
      } else {
        this.stepsBeyondTerminated++;
        reward = 0.0;
      }
    }
    return { observation: this.getObservation(), reward, terminated, truncated: false, info: {} };
  }

  /** The observation of the current `state` (a new float32 array, as `reset` and `step` return). */
  getObservation(): Float32Array {
    const s = this.s;
    const obs = new Float32Array(4);
    obs[0] = s[0]!;
    obs[1] = s[1]!;
    obs[2] = s[2]!;
    obs[3] = s[3]!;
    return obs;
  }
}
