import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { assertNumber } from '../errors.js';
import { RunningMeanStd } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

/**
 * Scales rewards so that the discounted return has roughly unit variance (Gymnasium's
 * NormalizeReward, "reward scaling" in the PPO implementation details): a running
 * discounted return G ← γ·G·(1 − terminated) + r feeds running statistics, and each reward
 * is divided by sqrt(var(G) + ε). Rewards are not centred.
 */
export class NormalizeReward<O, A> extends Wrapper<O, A> {
  readonly rms = new RunningMeanStd(1);
  training = true;
  readonly gamma: number;
  private readonly epsilon: number;
  private discountedReturn = 0;

  constructor(env: Env<O, A>, options: { gamma?: number; epsilon?: number } = {}) {
    super(env);
    this.gamma = assertNumber('gamma', options.gamma ?? 0.99, 0, 1);
    this.epsilon = assertNumber('epsilon', options.epsilon ?? 1e-8, 0);
  }

  override reset(options?: ResetOptions): ResetResult<O> {
    this.discountedReturn = 0;
    return this.env.reset(options);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.discountedReturn = this.discountedReturn * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.training) this.rms.update([this.discountedReturn]);
    const reward = result.reward / Math.sqrt(this.rms.var[0]! + this.epsilon);
    if (result.terminated || result.truncated) this.discountedReturn = 0;
    return { ...result, reward };
  }
}
