import type { Env, Info } from './env.js';
import { BellmanError, describeValue } from './errors.js';
import { Box } from './spaces/box.js';
import type { Space } from './spaces/space.js';
import { Rng } from './rng.js';

/** Options of `checkEnv`. */
export interface CheckEnvOptions {
  /** Steps to roll out for the type and determinism checks (default 200). */
  steps?: number;
  /** Seed used for the determinism checks (default 0). */
  seed?: number;
  /** Also require that an action outside the action space throws (default true). */
  rejectsInvalidActions?: boolean;
  /** Also require that different seeds give different first observations (default false: some envs start deterministically). */
  seedChangesStart?: boolean;
}

/** Thrown by `checkEnv` with every failed check listed. */
export class EnvCheckError extends BellmanError {
  override name = 'EnvCheckError';
  constructor(readonly failures: readonly string[]) {
    super(`environment check failed:\n- ${failures.join('\n- ')}`);
  }
}

/** The result of a passing `checkEnv`: non-fatal observations about the environment. */
export interface CheckEnvReport {
  warnings: string[];
  stepsChecked: number;
  episodesEnded: number;
}

interface Transition {
  observation: unknown;
  reward: number;
  terminated: boolean;
  truncated: boolean;
}

/**
 * Gymnasium-style conformance check (after `gymnasium.utils.env_checker.check_env`):
 * spaces are Space objects with a JSON form; `reset` returns `{ observation, info }` with
 * the observation in the observation space; `step` returns a finite reward, boolean flags,
 * an info object and in-space observations; seeding is deterministic (the same seed and
 * actions replay the same trajectory); optionally, invalid actions are rejected.
 * Throws EnvCheckError listing every failure; returns warnings otherwise. Never prints.
 */
export function checkEnv<O, A>(env: Env<O, A>, options: CheckEnvOptions = {}): CheckEnvReport {
  const steps = options.steps ?? 200;
  const seed = options.seed ?? 0;
  const failures: string[] = [];
  const warnings: string[] = [];

  for (const [name, space] of [
    ['observationSpace', env.observationSpace],
    ['actionSpace', env.actionSpace],
  ] as const) {
    if (!isSpace(space)) {
      failures.push(`${name} is not a Space: ${describeValue(space)}`);
    } else {
      try {
        JSON.stringify(space.toJSON());
      } catch (e) {
        failures.push(`${name}.toJSON() failed: ${(e as Error).message}`);
      }
      if (space instanceof Box && !space.isBounded && name === 'actionSpace') {
        warnings.push('actionSpace is an unbounded Box: policies usually expect finite bounds');
      }
    }
  }
  if (failures.length > 0) throw new EnvCheckError(failures);

  // Space sampling respects contains().
  const sampler = new Rng(seed);
  for (let i = 0; i < 20; i++) {
    const a = env.actionSpace.sample(sampler);
    if (!env.actionSpace.contains(a)) {
      failures.push(`actionSpace.sample() returned ${describeValue(a)}, which actionSpace.contains() rejects`);
      break;
    }
  }

  const rollout = (): { first: unknown; transitions: Transition[]; ended: number } => {
    const actionRng = new Rng(seed + 1);
    const reset = env.reset({ seed });
    checkResetResult(reset, env.observationSpace, failures);
    const transitions: Transition[] = [];
    let ended = 0;
    for (let t = 0; t < steps; t++) {
      const action = env.actionSpace.sample(actionRng);
      const result = env.step(action);
      checkStepResult(result, env.observationSpace, failures, t);
      transitions.push({
        observation: result.observation,
        reward: result.reward,
        terminated: result.terminated,
        truncated: result.truncated,
      });
      if (result.terminated || result.truncated) {
        ended++;
        const again = env.reset();
        checkResetResult(again, env.observationSpace, failures);
      }
    }
    return { first: reset.observation, transitions, ended };
  };

  let report: CheckEnvReport = { warnings, stepsChecked: 0, episodesEnded: 0 };
  try {
    const a = rollout();
    const b = rollout();
    if (!deepEqual(a.first, b.first)) {
      failures.push(`reset({ seed: ${seed} }) twice gave different observations: ${describeValue(a.first)} vs ${describeValue(b.first)}`);
    }
    const n = Math.min(a.transitions.length, b.transitions.length);
    for (let i = 0; i < n; i++) {
      if (!deepEqual(a.transitions[i], b.transitions[i])) {
        failures.push(`the same seed and actions diverged at step ${i}: ${describeValue(a.transitions[i])} vs ${describeValue(b.transitions[i])}`);
        break;
      }
    }
    if (options.seedChangesStart) {
      const other = env.reset({ seed: seed + 12345 }).observation;
      if (deepEqual(other, a.first)) failures.push(`reset with seeds ${seed} and ${seed + 12345} gave the same observation`);
    }
    if (a.ended === 0) warnings.push(`no episode ended within ${steps} random steps`);
    report = { warnings, stepsChecked: a.transitions.length, episodesEnded: a.ended };
  } catch (e) {
    failures.push(`rollout threw: ${(e as Error).message}`);
  }

  if (options.rejectsInvalidActions ?? true) {
    for (const bad of invalidActions(env.actionSpace)) {
      env.reset({ seed });
      let threw = false;
      try {
        env.step(bad as A);
      } catch {
        threw = true;
      }
      if (!threw) failures.push(`step(${describeValue(bad)}) with an action outside ${env.actionSpace.toString()} did not throw`);
    }
  }

  if (failures.length > 0) throw new EnvCheckError(failures);
  return report;
}

function isSpace(x: unknown): x is Space<unknown> {
  const s = x as Partial<Space<unknown>> | null | undefined;
  return !!s && typeof s.sample === 'function' && typeof s.contains === 'function' && typeof s.toJSON === 'function' && Array.isArray(s.shape);
}

function checkResetResult(result: unknown, space: Space<unknown>, failures: string[]): void {
  const r = result as { observation?: unknown; info?: Info } | undefined;
  if (!r || typeof r !== 'object' || !('observation' in r)) {
    failures.push(`reset() must return { observation, info }; got ${describeValue(result)}`);
    return;
  }
  if (!space.contains(r.observation)) failures.push(`reset() observation ${describeValue(r.observation)} is not in ${space.toString()}`);
  if (typeof r.info !== 'object' || r.info === null) failures.push(`reset() info must be an object; got ${describeValue(r.info)}`);
}

function checkStepResult(result: unknown, space: Space<unknown>, failures: string[], t: number): void {
  const r = result as Partial<Transition> & { info?: unknown };
  if (!r || typeof r !== 'object') {
    failures.push(`step() must return an object; got ${describeValue(result)}`);
    return;
  }
  if (!space.contains(r.observation)) failures.push(`step ${t}: observation ${describeValue(r.observation)} is not in ${space.toString()}`);
  if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) failures.push(`step ${t}: reward must be a finite number; got ${describeValue(r.reward)}`);
  if (typeof r.terminated !== 'boolean') failures.push(`step ${t}: terminated must be a boolean; got ${describeValue(r.terminated)}`);
  if (typeof r.truncated !== 'boolean') failures.push(`step ${t}: truncated must be a boolean; got ${describeValue(r.truncated)}`);
  if (typeof r.info !== 'object' || r.info === null) failures.push(`step ${t}: info must be an object; got ${describeValue(r.info)}`);
}

function invalidActions(space: Space<unknown>): unknown[] {
  const json = space.toJSON();
  switch (json.type) {
    case 'Discrete':
      return [json.start - 1, json.start + json.n, 0.5 + json.start, Number.NaN, 'a'];
    case 'Box':
      return [new Array(json.low.length + 1).fill(0), new Array(json.low.length).fill(Number.NaN)];
    case 'MultiDiscrete':
      return [json.nvec.map((n) => n)];
    default:
      return [];
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
