import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { assertInteger } from '../errors.js';
import { Wrapper } from './wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps: the step that reaches the limit
 * returns `truncated: true` (and keeps `terminated` as the env said).
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  readonly maxEpisodeSteps: number;
  /** Steps taken in the current episode. */
  elapsedSteps = 0;

  constructor(env: Env<O, A>, maxEpisodeSteps: number) {
    super(env);
    this.maxEpisodeSteps = assertInteger('maxEpisodeSteps', maxEpisodeSteps, 1);
  }

  override reset(options?: ResetOptions): ResetResult<O> {
    this.elapsedSteps = 0;
    return this.env.reset(options);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps && !result.truncated) {
      return { ...result, truncated: true };
    }
    return result;
  }
}
