import type { Env, StepResult } from '../env.js';
import { InvalidArgumentError } from '../errors.js';
import { Wrapper } from './wrapper.js';

/** Applies `fn` to every reward (e.g. clipping: `r => Math.max(-10, Math.min(10, r))`). */
export class TransformReward<O, A> extends Wrapper<O, A> {
  constructor(
    env: Env<O, A>,
    private readonly fn: (reward: number) => number,
  ) {
    super(env);
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'a function (reward) => number', fn);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    return { ...result, reward: this.fn(result.reward) };
  }
}
