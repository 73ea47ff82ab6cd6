import type { Env, StepResult } from '../env.js';
import { InvalidArgumentError } from '../errors.js';
import { Box, type FloatArray, type FloatDType } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from './wrapper.js';

/**
 * Clips continuous actions into the env's Box bounds before stepping, so a policy can
 * output unbounded (e.g. Gaussian) actions. The wrapper's action space is the unbounded
 * Box of the same shape.
 */
export class ClipAction<O> extends Wrapper<O, FloatArray, O, FloatArray | number[]> {
  private readonly box: Box<FloatDType>;
  private readonly unbounded: Box<FloatDType>;

  constructor(env: Env<O, FloatArray>) {
    super(env);
    if (!(env.actionSpace instanceof Box)) {
      throw new InvalidArgumentError('env.actionSpace', 'a Box space for ClipAction', env.actionSpace.toString());
    }
    this.box = env.actionSpace as Box<FloatDType>;
    this.unbounded = new Box(-Infinity, Infinity, this.box.shape, this.box.dtype);
  }

  override get actionSpace(): Space<FloatArray | number[]> {
    return this.unbounded;
  }

  override step(action: FloatArray | number[]): StepResult<O> {
    if (action.length !== this.box.size) {
      throw new InvalidArgumentError('action', `an array of length ${this.box.size}`, action);
    }
    return this.env.step(this.box.clip(action));
  }
}
