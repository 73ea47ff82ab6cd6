import type { Env } from './env.js';
import { InvalidArgumentError } from './errors.js';
import { DiscreteModelEnv } from './envs/toy-text/discrete-model-env.js';
import { TabularMDP } from './tabular-mdp.js';

/** How many wrapper layers `toTabular` follows before giving up (guards against cycles). */
const MAX_DEPTH = 64;

/**
 * The transition model of a tabular environment, looking through wrappers: follows
 * `env.unwrapped` (or, for wrappers that only expose it, `.env`) down to a `DiscreteModelEnv`
 * (FrozenLake, CliffWalking, Taxi, GridWorld, or one built over any `TabularMDP`) and returns
 * its `model` (not a copy).
 *
 * @throws InvalidArgumentError when no layer is a toy-text/tabular environment.
 *
 * @example
 * ```ts
 * const mdp = toTabular(make('FrozenLake-v1'));
 * mdp.transitions(0, 2);
 * ```
 */
export function toTabular(env: Env): TabularMDP {
  let current: unknown = env;
  const seen = new Set<unknown>();
  for (let depth = 0; depth < MAX_DEPTH && current !== null && typeof current === 'object'; depth++) {
    if (seen.has(current)) break;
    seen.add(current);
    if (current instanceof DiscreteModelEnv) return current.model;
    const layer = current as { model?: unknown; unwrapped?: unknown; env?: unknown };
    if (layer.model instanceof TabularMDP) return layer.model;
    const inner = layer.unwrapped !== undefined && layer.unwrapped !== current ? layer.unwrapped : layer.env;
    current = inner;
  }
  throw new InvalidArgumentError(
    'env',
    'a toy-text/tabular environment with a transition model (FrozenLake, CliffWalking, Taxi, GridWorld or a DiscreteModelEnv), possibly wrapped',
    describeEnv(env),
  );
}

function describeEnv(env: unknown): string {
  if (env === null || typeof env !== 'object') return String(env);
  const spec = (env as { spec?: { id?: unknown } }).spec;
  const name = (env as { constructor?: { name?: unknown } }).constructor?.name;
  const id = spec && typeof spec.id === 'string' ? `<${spec.id}>` : '';
  return `${typeof name === 'string' ? name : 'object'}${id}`;
}
