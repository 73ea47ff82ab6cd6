import { Rng } from './rng.js';
import type { Space } from './spaces/space.js';

/** Extra information returned by `reset` and `step` (Gymnasium's `info` dict). */
export type Info = Record<string, unknown>;

export interface ResetOptions {
  /** Reseeds the environment's generator; without it the stream continues (or is seeded from entropy on first use). */
  seed?: number;
  /** Environment-specific reset options (e.g. Gymnasium's `low`/`high` for classic control). */
  options?: Record<string, unknown>;
}

export interface ResetResult<O> {
  observation: O;
  info: Info;
}

export interface StepResult<O> {
  observation: O;
  reward: number;
  /** The episode reached a terminal state of the MDP (no bootstrapping past it). */
  terminated: boolean;
  /** The episode was cut short (time limit, out of bounds): the next state's value still counts. */
  truncated: boolean;
  info: Info;
}

/**
 * An environment with Gymnasium semantics: `reset({ seed })` starts an episode,
 * `step(action)` advances it. Implement this interface directly or extend `BaseEnv`.
 */
export interface Env<O = unknown, A = unknown> {
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  /** Registration data when created by `make()`. */
  readonly spec?: EnvSpecInfo | undefined;
  reset(options?: ResetOptions): ResetResult<O>;
  step(action: A): StepResult<O>;
  close?(): void;
  /** The innermost environment below any wrappers. */
  readonly unwrapped?: Env<unknown, unknown>;
}

/** What `make()` records on an environment it builds. */
export interface EnvSpecInfo {
  readonly id: string;
  readonly maxEpisodeSteps?: number | undefined;
  readonly rewardThreshold?: number | undefined;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Observation type of an environment. */
export type ObsOf<E> = E extends Env<infer O, unknown> ? O : never;
/** Action type of an environment. */
export type ActOf<E> = E extends Env<unknown, infer A> ? A : never;

/**
 * Convenience base class: holds the seeded generator (`this.rng`, Gymnasium's `np_random`).
 * Subclasses call `this.seed(options?.seed)` at the start of `reset`.
 */
export abstract class BaseEnv<O, A> implements Env<O, A> {
  abstract readonly observationSpace: Space<O>;
  abstract readonly actionSpace: Space<A>;
  spec?: EnvSpecInfo | undefined;
  private generator: Rng | undefined;

  /** The environment's generator; seeded from entropy if used before any seeded reset. */
  get rng(): Rng {
    return (this.generator ??= Rng.fromEntropy());
  }

  /** Reseeds the generator when `seed` is given (call first thing in `reset`). */
  protected seed(seed: number | undefined): void {
    if (seed !== undefined) this.generator = new Rng(seed);
  }

  abstract reset(options?: ResetOptions): ResetResult<O>;
  abstract step(action: A): StepResult<O>;

  close(): void {}

  get unwrapped(): Env<unknown, unknown> {
    return this;
  }

  toString(): string {
    return this.spec ? `<${this.constructor.name}<${this.spec.id}>>` : `<${this.constructor.name}>`;
  }
}

/** The innermost environment below any wrappers. */
export function unwrap<T = Env<unknown, unknown>>(env: Env<unknown, unknown>): T {
  return (env.unwrapped ?? env) as T;
}
