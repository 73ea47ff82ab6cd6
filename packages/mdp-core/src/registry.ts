import type { Env, EnvSpecInfo } from './env.js';
import { InvalidArgumentError, UnknownEnvError, assertInteger, closestMatch } from './errors.js';
import { PassiveEnvChecker } from './wrappers/passive-env-checker.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';
import { builtinEnvSpecs, type BuiltinEnvs } from './registration.js';

/** How to build one registered environment (Gymnasium's `EnvSpec`). */
export interface EnvSpec<O = unknown, A = unknown> {
  /** `Name-vN`, e.g. `CartPole-v1`. */
  id: string;
  /** Builds the bare environment from its options (defaults merged in). */
  entryPoint: (options: Record<string, unknown>) => Env<O, A>;
  /** Episode cap applied by `make()` through `TimeLimit`. */
  maxEpisodeSteps?: number;
  /** Mean return at which the task counts as solved. */
  rewardThreshold?: number;
  /** Default options passed to `entryPoint` (overridden by `make(id, options)`). */
  defaultOptions?: Record<string, unknown>;
  /** Option names `entryPoint` accepts; `make()` rejects others with a did-you-mean. */
  optionNames?: readonly string[];
  /** One line for listings (`bellman envs`). */
  description?: string;
}

/** Options of `make()` itself; every other key is passed to the environment. */
export interface MakeOptions {
  /** Overrides the registered episode cap; `null` removes the TimeLimit. */
  maxEpisodeSteps?: number | null;
  /** Skip the PassiveEnvChecker (action and observation validation on every step). */
  disableEnvChecker?: boolean;
  /** Skip OrderEnforcing (step before reset / after an episode ended → error). */
  disableOrderEnforcing?: boolean;
  [option: string]: unknown;
}

// One registry per process, shared by every copy of this module (the ESM and CJS builds, a
// worker's import), so a register() call made through one copy is seen by make() in another.
const REGISTRY_KEY = Symbol.for('@bellman/mdp-core/registry');
const registry: Map<string, EnvSpec> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as Map<string, EnvSpec> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = new Map<string, EnvSpec>(builtinEnvSpecs.map((spec) => [spec.id, spec])));
const MAKE_KEYS = ['maxEpisodeSteps', 'disableEnvChecker', 'disableOrderEnforcing'];

const ID_PATTERN = /^(?:[\w.-]+\/)?[\w.:-]+-v\d+$/;

/** Adds an environment to the registry used by `make()`. Re-registering an id replaces it. */
export function register<O, A>(spec: EnvSpec<O, A>): void {
  if (typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id)) {
    throw new InvalidArgumentError('spec.id', 'a string of the form "Name-vN" (e.g. "MyEnv-v0")', spec.id);
  }
  if (typeof spec.entryPoint !== 'function') {
    throw new InvalidArgumentError('spec.entryPoint', 'a function (options) => Env', spec.entryPoint);
  }
  if (spec.maxEpisodeSteps !== undefined) assertInteger('spec.maxEpisodeSteps', spec.maxEpisodeSteps, 1);
  registry.set(spec.id, spec);
}

/** Whether `id` is registered. */
export function isRegistered(id: string): boolean {
  return registry.has(id);
}

/** The registration of `id` (throws UnknownEnvError with a close match when there is one). */
export function envSpec(id: string): EnvSpec {
  const spec = registry.get(id);
  if (!spec) {
    const known = [...registry.keys()].sort();
    throw new UnknownEnvError(id, closestMatch(id, known), known);
  }
  return spec;
}

/** All registered specs, sorted by id. */
export function listEnvs(): EnvSpec[] {
  return [...registry.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Builds a registered environment like `gymnasium.make`: the bare env wrapped in
 * PassiveEnvChecker (validates actions and observations), TimeLimit (the registered
 * episode cap) and OrderEnforcing (outermost, so that stepping after a time-limit
 * truncation without reset is also an error).
 *
 * @example
 * const env = make('FrozenLake-v1', { isSlippery: false });
 */
export function make<K extends keyof BuiltinEnvs>(id: K, options?: MakeOptions): BuiltinEnvs[K];
export function make<O = unknown, A = unknown>(id: string, options?: MakeOptions): Env<O, A>;
export function make<O = unknown, A = unknown>(id: string, options: MakeOptions = {}): Env<O, A> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'an object', options);
  const spec = envSpec(id);
  const envOptions: Record<string, unknown> = { ...spec.defaultOptions };
  for (const [key, value] of Object.entries(options)) {
    if (MAKE_KEYS.includes(key) || value === undefined) continue;
    if (spec.optionNames && !spec.optionNames.includes(key)) {
      const allowed = [...spec.optionNames, ...MAKE_KEYS];
      const close = closestMatch(key, allowed);
      throw new InvalidArgumentError(
        `make("${id}") option "${key}"`,
        `one of ${allowed.join(', ')}${close ? ` (did you mean "${close}"?)` : ''}`,
        value,
      );
    }
    envOptions[key] = value;
  }
  let maxEpisodeSteps: number | undefined = spec.maxEpisodeSteps;
  if (options.maxEpisodeSteps === null) maxEpisodeSteps = undefined;
  else if (options.maxEpisodeSteps !== undefined) maxEpisodeSteps = assertInteger('maxEpisodeSteps', options.maxEpisodeSteps, 1);

  const info: EnvSpecInfo = Object.freeze({
    id,
    maxEpisodeSteps,
    rewardThreshold: spec.rewardThreshold,
    options: Object.freeze({ ...envOptions }),
  });
  const bare = spec.entryPoint(envOptions) as Env<O, A>;
  trySetSpec(bare, info);
  let env: Env<O, A> = bare;
  if (!options.disableEnvChecker) env = new PassiveEnvChecker(env);
  if (maxEpisodeSteps !== undefined) env = new TimeLimit(env, maxEpisodeSteps);
  if (!options.disableOrderEnforcing) env = new OrderEnforcing(env);
  trySetSpec(env, info);
  return env;
}

function trySetSpec(env: Env<unknown, unknown>, info: EnvSpecInfo): void {
  try {
    (env as { spec?: EnvSpecInfo }).spec = info;
  } catch {
    // A custom env may expose a read-only `spec`; the registry entry still has it.
  }
}
