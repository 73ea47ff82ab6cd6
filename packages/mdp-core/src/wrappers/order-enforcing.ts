import type { ResetOptions, ResetResult, StepResult } from '../env.js';
import { EnvStateError } from '../errors.js';
import { Wrapper } from './wrapper.js';

/**
 * Enforces the call order: `step()` before the first `reset()`, or after an episode
 * ended (terminated or truncated) without a new `reset()`, throws EnvStateError.
 */
export class OrderEnforcing<O, A> extends Wrapper<O, A> {
  private hasReset = false;
  private episodeOver = false;

  override reset(options?: ResetOptions): ResetResult<O> {
    const result = this.env.reset(options);
    this.hasReset = true;
    this.episodeOver = false;
    return result;
  }

  override step(action: A): StepResult<O> {
    if (!this.hasReset) throw new EnvStateError('cannot call step() before reset(): call env.reset() first');
    if (this.episodeOver) {
      throw new EnvStateError('cannot call step() after the episode ended (terminated or truncated): call env.reset() first');
    }
    const result = this.env.step(action);
    if (result.terminated || result.truncated) this.episodeOver = true;
    return result;
  }
}
