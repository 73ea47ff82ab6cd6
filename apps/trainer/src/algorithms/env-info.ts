/**
 * What the CLI needs to know about an environment: its spaces (for compatibility checks and
 * `bellman envs`) and, for grid worlds, their shape (for value heatmaps).
 */
import { createHash } from 'node:crypto';
import { Box, Discrete, envSpec, isRegistered, make, register, unwrap, type Env } from '@bellman/mdp-core';
import { toCliError } from '../errors.js';

export type SpaceKind = 'Discrete' | 'Box' | 'other';

export interface EnvInfo {
  id: string;
  observationSpace: string;
  actionSpace: string;
  observationKind: SpaceKind;
  actionKind: SpaceKind;
  /** Whether the env samples a tabular model (value iteration can solve it). */
  tabular: boolean;
}

/** A space for listings: Box bounds are dropped when they make the text long. */
export function shortSpace(space: unknown): string {
  const text = String(space);
  if (space instanceof Box && text.length > 32) return `Box(shape [${space.shape.join(', ')}], ${space.dtype})`;
  return text;
}

function kind(space: unknown): SpaceKind {
  if (space instanceof Discrete) return 'Discrete';
  if (space instanceof Box) return 'Box';
  return 'other';
}

/** Builds the env (validating `id` and `options`; errors become UsageErrors). */
export function makeEnv(id: string, options: Record<string, unknown>): Env<unknown, unknown> {
  try {
    return make(id, options);
  } catch (error) {
    throw toCliError(error, 'envOptions: ');
  }
}

/** Spaces of `id`, built once. */
export function envInfo(id: string, options: Record<string, unknown> = {}): EnvInfo {
  const env = makeEnv(id, options);
  try {
    const inner = unwrap<{ model?: unknown }>(env);
    return {
      id,
      observationSpace: shortSpace(env.observationSpace),
      actionSpace: shortSpace(env.actionSpace),
      observationKind: kind(env.observationSpace),
      actionKind: kind(env.actionSpace),
      tabular: typeof inner.model === 'object' && inner.model !== null,
    };
  } finally {
    env.close?.();
  }
}

/** `[rows, cols]` of a grid environment (FrozenLake, CliffWalking, GridWorld), else undefined. */
export function gridShape(env: Env<unknown, unknown>): [number, number] | undefined {
  const inner = unwrap<{ nrow?: unknown; ncol?: unknown; rows?: unknown; cols?: unknown; shape?: unknown }>(env);
  if (typeof inner.nrow === 'number' && typeof inner.ncol === 'number') return [inner.nrow, inner.ncol];
  if (typeof inner.rows === 'number' && typeof inner.cols === 'number') return [inner.rows, inner.cols];
  if (Array.isArray(inner.shape) && inner.shape.length === 2 && inner.shape.every((x) => typeof x === 'number')) {
    return [inner.shape[0] as number, inner.shape[1] as number];
  }
  return undefined;
}

/**
 * A registered id that builds `id` with `options` (the id itself when there are none), for
 * libraries that make their envs from an id (PPO rebuilds and restores its vector env from the
 * saved id). The derived id, `trainer.<hash>/<id>`, depends only on `id` and `options`, so a
 * later process registers the same one.
 */
export function envIdWithOptions(id: string, options: Record<string, unknown>): string {
  const keys = Object.keys(options).sort();
  if (keys.length === 0) return id;
  const canonical = JSON.stringify(keys.map((k) => [k, options[k]]));
  const derived = `trainer.${createHash('sha256').update(`${id}\n${canonical}`).digest('hex').slice(0, 12)}/${id}`;
  if (!isRegistered(derived)) {
    const spec = envSpec(id);
    const { maxEpisodeSteps, disableEnvChecker: _c, disableOrderEnforcing: _o, ...envOptions } = options;
    const { maxEpisodeSteps: registeredCap, ...rest } = spec;
    const cap = maxEpisodeSteps === undefined ? registeredCap : maxEpisodeSteps === null ? undefined : (maxEpisodeSteps as number);
    register({ ...rest, id: derived, defaultOptions: { ...spec.defaultOptions, ...envOptions }, ...(cap === undefined ? {} : { maxEpisodeSteps: cap }) });
  }
  return derived;
}
