import type { Info } from '../env.js';
import type { Space } from '../spaces/space.js';

/** Options of `VectorEnv.reset()`. */
export interface VectorResetOptions {
  /**
   * Seeds the sub-environments like Gymnasium: a number `s` seeds env i with `s + i`; an
   * array gives every env its own seed (its length must be `numEnvs`). Without it every env
   * continues its own random stream (or seeds itself from entropy on first use).
   */
  seed?: number | readonly number[] | undefined;
  /** Passed unchanged to every sub-environment's `reset({ options })`. */
  options?: Record<string, unknown> | undefined;
}

/** What `VectorEnv.reset()` returns: one observation and one info per sub-environment. */
export interface VectorResetResult<O> {
  observations: O[];
  infos: Info[];
}

/**
 * What `VectorEnv.step()` returns. Index i always refers to sub-environment i.
 *
 * Autoreset is SAME_STEP (Gymnasium 1.x `AutoresetMode.SAME_STEP`): when env i ends in this
 * step (`terminated[i]` or `truncated[i]` is 1), it has already been reset, so
 * `observations[i]` / `infos[i]` are those of the new episode, while
 * `finalObservations[i]` / `finalInfos[i]` hold the last observation and info of the episode
 * that ended (use the final observation to bootstrap the value of a truncated episode).
 * For envs that did not end, `finalObservations[i]` and `finalInfos[i]` are `null`.
 */
export interface VectorStepResult<O> {
  observations: O[];
  rewards: Float64Array;
  /** 1 where the episode reached a terminal state in this step, else 0. */
  terminated: Uint8Array;
  /** 1 where the episode was cut short (time limit) in this step, else 0. */
  truncated: Uint8Array;
  infos: Info[];
  finalObservations: (O | null)[];
  finalInfos: (Info | null)[];
}

/**
 * A batch of `numEnvs` copies of one environment stepped together (Gymnasium's `VectorEnv`).
 * Implemented by `SyncVectorEnv` (one thread) and `AsyncVectorEnv` (worker threads); both give
 * identical results for the same seeds and actions.
 *
 * @example
 * const envs = makeVec('CartPole-v1', 4);
 * let { observations } = envs.reset({ seed: 42 });
 * const step = envs.step([0, 1, 0, 1]);
 * envs.close();
 */
export interface VectorEnv<O = unknown, A = unknown> {
  /** Number of sub-environments. */
  readonly numEnvs: number;
  /** Observation space of one sub-environment. */
  readonly singleObservationSpace: Space<O>;
  /** Action space of one sub-environment. */
  readonly singleActionSpace: Space<A>;
  /** Resets every sub-environment (see `VectorResetOptions` for seeding). */
  reset(options?: VectorResetOptions): VectorResetResult<O>;
  /**
   * Steps every sub-environment with its action, resetting those whose episode ends (see
   * `VectorStepResult`). `actions` holds one action per env; for Box action spaces a flat
   * numeric array of `numEnvs × size` numbers is also accepted.
   */
  step(actions: readonly A[] | ArrayLike<number>): VectorStepResult<O>;
  /** Releases the sub-environments (and worker threads); further calls throw. */
  close(): void;
}
