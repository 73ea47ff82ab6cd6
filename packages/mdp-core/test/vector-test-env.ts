/**
 * Deterministic environments for the vector-env tests. The tests import this module, and so
 * do AsyncVectorEnv workers (through the `modules` option), so that both register the same ids.
 *
 * - `CountingEnv-v0`: Box [3] observations (t, sum of actions, noise), Discrete(3) actions,
 *   episodes of 2..11 steps drawn from the env's seeded generator that end terminated or
 *   truncated, plus a TimeLimit of 9 steps; rewards and noise also come from the generator, so
 *   any difference in seeding or autoreset shows in the numbers. Infos: `{ episodeLength }`
 *   on reset, `{ tick }` every third step, `{ t, sum }` at the end of an episode.
 * - `CrashingEnv-v0`: action 1 exits the worker thread, action 2 blocks for 30 s.
 * - `MultiActionEnv-v0`: a MultiDiscrete action space (not supported by AsyncVectorEnv).
 */
import { fileURLToPath } from 'node:url';
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../src/env.js';
import { InvalidArgumentError } from '../src/errors.js';
import { register } from '../src/registry.js';
import { Box, type FloatDType } from '../src/spaces/box.js';
import { Discrete } from '../src/spaces/discrete.js';
import { MultiDiscrete } from '../src/spaces/multi-discrete.js';

/** Path of this module, for `AsyncVectorEnv({ modules: [vectorTestEnvModule] })`. */
export const vectorTestEnvModule = fileURLToPath(import.meta.url);

/** Options of CountingEnv. */
export interface CountingEnvOptions {
  dtype?: 'float32' | 'float64';
  /** Longest episode drawn at reset (before the TimeLimit). */
  maxLength?: number;
}

/** See the module comment. */
export class CountingEnv extends BaseEnv<Float32Array | Float64Array, number> {
  readonly observationSpace: Box<FloatDType>;
  readonly actionSpace = new Discrete(3);
  private readonly maxLength: number;
  private t = 0;
  private sum = 0;
  private length = 0;
  private endKind = 0;

  constructor(options: CountingEnvOptions = {}) {
    super();
    this.observationSpace = new Box(-Infinity, Infinity, [3], options.dtype ?? 'float32');
    this.maxLength = options.maxLength ?? 11;
  }

  private observation(noise: number): Float32Array | Float64Array {
    const Ctor = this.observationSpace.dtype === 'float32' ? Float32Array : Float64Array;
    return Ctor.of(this.t, this.sum, noise);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array | Float64Array> {
    this.seed(options?.seed);
    if (options?.options?.fail === true) throw new Error('CountingEnv was asked to fail in reset');
    this.t = 0;
    this.sum = 0;
    this.length = 2 + this.rng.integer(this.maxLength - 1);
    this.endKind = this.rng.integer(2);
    return { observation: this.observation(this.rng.random()), info: { episodeLength: this.length } };
  }

  step(action: number): StepResult<Float32Array | Float64Array> {
    if (!this.actionSpace.contains(action)) throw new InvalidArgumentError('CountingEnv action', 'one of 0, 1, 2', action);
    this.t += 1;
    this.sum += action;
    const reward = action + this.rng.random();
    const ended = this.t >= this.length;
    const info = ended ? { t: this.t, sum: this.sum } : this.t % 3 === 0 ? { tick: this.t } : {};
    return {
      observation: this.observation(this.rng.random()),
      reward,
      terminated: ended && this.endKind === 0,
      truncated: ended && this.endKind === 1,
      info,
    };
  }
}

/** See the module comment. */
export class CrashingEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Discrete(3);

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    return { observation: Float32Array.of(0), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (action === 1) process.exit(7);
    if (action === 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
    return { observation: Float32Array.of(0), reward: 0, terminated: false, truncated: false, info: {} };
  }
}

/** See the module comment. */
export class MultiActionEnv extends BaseEnv<Float32Array, Int32Array> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new MultiDiscrete([2, 2]);

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    return { observation: Float32Array.of(0), info: {} };
  }

  step(): StepResult<Float32Array> {
    return { observation: Float32Array.of(0), reward: 0, terminated: false, truncated: false, info: {} };
  }
}

register({
  id: 'CountingEnv-v0',
  entryPoint: (o) => new CountingEnv(o as CountingEnvOptions),
  maxEpisodeSteps: 9,
  optionNames: ['dtype', 'maxLength'],
});
register({ id: 'CrashingEnv-v0', entryPoint: () => new CrashingEnv() });
register({ id: 'MultiActionEnv-v0', entryPoint: () => new MultiActionEnv() });
