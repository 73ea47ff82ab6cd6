import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { EnvOutputError, InvalidArgumentError, describeValue } from '../errors.js';
import type { Space } from '../spaces/space.js';
import { Wrapper } from './wrapper.js';

/** Throws EnvOutputError if `x` holds a NaN or ±Infinity anywhere (typed arrays, arrays, records). */
export function assertFiniteObservation(x: unknown, where: string): void {
  if (!allFinite(x)) {
    throw new EnvOutputError(`${where} returned an observation with NaN or Infinity: ${describeValue(x)}`);
  }
}

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (x instanceof Float32Array || x instanceof Float64Array) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
    return true;
  }
  if (Array.isArray(x)) return x.every(allFinite);
  if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x)) return Object.values(x).every(allFinite);
  return true;
}

/**
 * Validates every interaction (applied by `make()` unless `disableEnvChecker`):
 * actions must belong to the action space; observations must be finite, and the first
 * ones after construction must belong to the observation space; rewards must be finite
 * numbers and the flags booleans. Cheap enough to leave on: finiteness is a loop over
 * the observation, containment of actions a bounds check.
 */
export class PassiveEnvChecker<O, A> extends Wrapper<O, A> {
  private checkedReset = false;
  private checkedStep = false;

  constructor(env: Env<O, A>) {
    super(env);
    assertIsSpace(env.observationSpace, 'observationSpace');
    assertIsSpace(env.actionSpace, 'actionSpace');
  }

  override reset(options?: ResetOptions): ResetResult<O> {
    const result = this.env.reset(options);
    if (!result || typeof result !== 'object' || !('observation' in result)) {
      throw new EnvOutputError(`${this.name()}.reset() must return { observation, info }; got ${describeValue(result)}`);
    }
    assertFiniteObservation(result.observation, `${this.name()}.reset()`);
    if (!this.checkedReset) {
      this.checkObservationInSpace(result.observation, 'reset()');
      this.checkedReset = true;
    }
    return result;
  }

  override step(action: A): StepResult<O> {
    if (!this.env.actionSpace.contains(action)) {
      throw new InvalidArgumentError('action', `an element of the action space ${this.env.actionSpace.toString()}`, action);
    }
    const result = this.env.step(action);
    const where = `${this.name()}.step()`;
    assertFiniteObservation(result.observation, where);
    if (typeof result.reward !== 'number' || !Number.isFinite(result.reward)) {
      throw new EnvOutputError(`${where} returned a reward that is not a finite number: ${describeValue(result.reward)}`);
    }
    if (typeof result.terminated !== 'boolean' || typeof result.truncated !== 'boolean') {
      throw new EnvOutputError(
        `${where} must return boolean terminated and truncated; got ${describeValue(result.terminated)}, ${describeValue(result.truncated)}`,
      );
    }
    if (!this.checkedStep) {
      this.checkObservationInSpace(result.observation, 'step()');
      this.checkedStep = true;
    }
    return result;
  }

  private checkObservationInSpace(observation: unknown, call: string): void {
    if (!this.env.observationSpace.contains(observation)) {
      throw new EnvOutputError(
        `${this.name()}.${call} returned an observation outside its observation space ${this.env.observationSpace.toString()}: ${describeValue(observation)}`,
      );
    }
  }

  private name(): string {
    return this.env.spec?.id ?? this.env.constructor.name;
  }
}

function assertIsSpace(space: unknown, field: string): asserts space is Space<unknown> {
  const s = space as Partial<Space<unknown>> | undefined;
  if (!s || typeof s.contains !== 'function' || typeof s.sample !== 'function') {
    throw new InvalidArgumentError(`env.${field}`, 'a Space (Discrete, Box, MultiDiscrete, Dict or custom)', space);
  }
}
