import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { InvalidArgumentError, assertNumber } from '../errors.js';
import { Box, type FloatArray } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { RunningMeanStd } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

/**
 * Normalises Box observations to roughly zero mean and unit variance with running
 * statistics: (x − mean) / sqrt(var + ε). The statistics update on every observation while
 * `training` is true; set it to false to freeze them for evaluation. The observation space
 * becomes an unbounded float32 Box of the same shape.
 */
export class NormalizeObservation<A> extends Wrapper<FloatArray, A, Float32Array, A> {
  readonly rms: RunningMeanStd;
  training = true;
  private readonly epsilon: number;
  private readonly space: Box;

  constructor(env: Env<FloatArray, A>, options: { epsilon?: number } = {}) {
    super(env);
    if (!(env.observationSpace instanceof Box)) {
      throw new InvalidArgumentError('env.observationSpace', 'a Box space for NormalizeObservation', env.observationSpace.toString());
    }
    this.epsilon = assertNumber('epsilon', options.epsilon ?? 1e-8, 0);
    this.rms = new RunningMeanStd(env.observationSpace.size);
    this.space = new Box(-Infinity, Infinity, env.observationSpace.shape, 'float32');
  }

  override get observationSpace(): Space<Float32Array> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<Float32Array> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.normalize(observation), info };
  }

  override step(action: A): StepResult<Float32Array> {
    const result = this.env.step(action);
    return { ...result, observation: this.normalize(result.observation) };
  }

  /** Updates the statistics (when training) and returns the normalised copy of `x`. */
  normalize(x: ArrayLike<number>): Float32Array {
    if (this.training) this.rms.update(x);
    const out = new Float32Array(this.rms.size);
    for (let i = 0; i < out.length; i++) out[i] = (x[i]! - this.rms.mean[i]!) / Math.sqrt(this.rms.var[i]! + this.epsilon);
    return out;
  }
}
