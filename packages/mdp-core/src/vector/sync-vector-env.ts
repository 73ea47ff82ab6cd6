import type { Env, Info } from '../env.js';
import { EnvStateError, InvalidArgumentError } from '../errors.js';
import { make, type MakeOptions } from '../registry.js';
import type { Space } from '../spaces/space.js';
import {
  type BoxLayout,
  boxLayoutOf,
  allocateStepResult,
  checkNumEnvs,
  checkResetOptions,
  copyObservation,
  expandSeeds,
  spaceKey,
  spaceMismatchMessage,
  splitActions,
} from './utils.js';
import type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector-env.js';

/** Options of `SyncVectorEnv`. */
export interface SyncVectorEnvOptions {
  /**
   * Copy every observation before returning it (default true), so that an environment that
   * reuses its output buffer cannot overwrite observations already handed out.
   */
  copy?: boolean;
}

/**
 * Steps `numEnvs` environments one after the other on the calling thread (Gymnasium's
 * `SyncVectorEnv`), with SAME_STEP autoreset (see `VectorStepResult`). The cheapest choice for
 * fast environments such as CartPole, where a step costs less than a message to a worker.
 *
 * @example
 * const envs = new SyncVectorEnv(Array.from({ length: 4 }, () => () => make('CartPole-v1')));
 * const { observations } = envs.reset({ seed: 0 }); // env i seeded with 0 + i
 * const { rewards, terminated, truncated, finalObservations } = envs.step([1, 0, 1, 0]);
 */
export class SyncVectorEnv<O = unknown, A = unknown> implements VectorEnv<O, A> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<O>;
  readonly singleActionSpace: Space<A>;
  /** The sub-environments, in order (read them, but step them only through this class). */
  readonly envs: readonly Env<O, A>[];
  private readonly copy: boolean;
  private readonly actionBox: BoxLayout | undefined;
  private hasReset = false;
  private closed = false;

  /**
   * @param envFns one factory per sub-environment; each is called once, in order.
   * @param options see `SyncVectorEnvOptions`.
   */
  constructor(envFns: readonly (() => Env<O, A>)[], options: SyncVectorEnvOptions = {}) {
    const factories: readonly (() => Env<O, A>)[] = envFns;
    if (!Array.isArray(envFns) || envFns.length === 0) {
      throw new InvalidArgumentError('envFns', 'a non-empty array of functions () => Env', envFns);
    }
    envFns.forEach((fn, i) => {
      if (typeof fn !== 'function') throw new InvalidArgumentError(`envFns[${i}]`, 'a function () => Env', fn);
    });
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'an object', options);
    this.copy = options.copy ?? true;
    const envs: Env<O, A>[] = [];
    try {
      for (const fn of factories) envs.push(fn());
      const first = envs[0]!;
      const obsKey = spaceKey(first.observationSpace, 'env 0 observationSpace');
      const actKey = spaceKey(first.actionSpace, 'env 0 actionSpace');
      for (let i = 1; i < envs.length; i++) {
        const env = envs[i]!;
        if (spaceKey(env.observationSpace, `env ${i} observationSpace`) !== obsKey) {
          throw new InvalidArgumentError('envFns', spaceMismatchMessage('observation', i, first.observationSpace, env.observationSpace), envFns.length);
        }
        if (spaceKey(env.actionSpace, `env ${i} actionSpace`) !== actKey) {
          throw new InvalidArgumentError('envFns', spaceMismatchMessage('action', i, first.actionSpace, env.actionSpace), envFns.length);
        }
      }
    } catch (error) {
      for (const env of envs) env.close?.();
      throw error;
    }
    this.envs = Object.freeze(envs);
    this.numEnvs = envs.length;
    this.singleObservationSpace = envs[0]!.observationSpace;
    this.singleActionSpace = envs[0]!.actionSpace;
    this.actionBox = boxLayoutOf(this.singleActionSpace);
  }

  reset(options?: VectorResetOptions): VectorResetResult<O> {
    this.assertOpen();
    const { seed, options: envOptions } = checkResetOptions(options);
    const seeds = expandSeeds(seed, this.numEnvs);
    const observations = new Array<O>(this.numEnvs);
    const infos = new Array<Info>(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      const s = seeds[i];
      const resetOptions: { seed?: number; options?: Record<string, unknown> } = {};
      if (s !== undefined) resetOptions.seed = s;
      if (envOptions !== undefined) resetOptions.options = envOptions;
      const r = this.envs[i]!.reset(resetOptions);
      observations[i] = this.copy ? copyObservation(r.observation) : r.observation;
      infos[i] = r.info;
    }
    this.hasReset = true;
    return { observations, infos };
  }

  step(actions: readonly A[] | ArrayLike<number>): VectorStepResult<O> {
    this.assertOpen();
    const list = splitActions<A>(actions, this.numEnvs, this.actionBox);
    if (!this.hasReset) throw new EnvStateError('cannot call step() before reset(): call envs.reset() first');
    const n = this.numEnvs;
    const { observations, rewards, terminated, truncated, infos, finalObservations, finalInfos } = allocateStepResult<O>(n);
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      const r = env.step(list[i]!);
      rewards[i] = r.reward;
      const observation = this.copy ? copyObservation(r.observation) : r.observation;
      if (r.terminated || r.truncated) {
        terminated[i] = r.terminated ? 1 : 0;
        truncated[i] = r.truncated ? 1 : 0;
        finalObservations[i] = observation;
        finalInfos[i] = r.info;
        const next = env.reset();
        observations[i] = this.copy ? copyObservation(next.observation) : next.observation;
        infos[i] = next.info;
      } else {
        observations[i] = observation;
        infos[i] = r.info;
      }
    }
    return { observations, rewards, terminated, truncated, infos, finalObservations, finalInfos };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close?.();
  }

  /** Whether `close()` has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw new EnvStateError('this vector env is closed');
  }
}

/**
 * `numEnvs` copies of a registered environment, each built by `make(id, options)` (so with
 * the registered TimeLimit, OrderEnforcing and env checker), in a `SyncVectorEnv`.
 * Like Gymnasium's `make_vec(id, num_envs, vectorization_mode="sync")`.
 *
 * @example
 * const envs = makeVec('CartPole-v1', 8);
 * envs.reset({ seed: 1 });
 */
export function makeVec<O = unknown, A = unknown>(id: string, numEnvs: number, options: MakeOptions = {}): SyncVectorEnv<O, A> {
  const n = checkNumEnvs(numEnvs);
  return new SyncVectorEnv<O, A>(Array.from({ length: n }, () => () => make<O, A>(id, options)));
}
