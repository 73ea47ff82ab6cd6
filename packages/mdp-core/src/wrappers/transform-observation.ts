import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { InvalidArgumentError } from '../errors.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from './wrapper.js';

/** Applies `fn` to every observation; pass the new `observationSpace` when `fn` changes it. */
export class TransformObservation<O, A, WO> extends Wrapper<O, A, WO, A> {
  private readonly space: Space<WO> | undefined;

  constructor(
    env: Env<O, A>,
    private readonly fn: (observation: O) => WO,
    observationSpace?: Space<WO>,
  ) {
    super(env);
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', 'a function (observation) => observation', fn);
    this.space = observationSpace;
  }

  override get observationSpace(): Space<WO> {
    return this.space ?? (this.env.observationSpace as unknown as Space<WO>);
  }

  override reset(options?: ResetOptions): ResetResult<WO> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.fn(observation), info };
  }

  override step(action: A): StepResult<WO> {
    const result = this.env.step(action);
    return { ...result, observation: this.fn(result.observation) };
  }
}
