/**
 * PPO (@bellman/ppo) behind the trainer's `Algorithm` interface.
 *
 * The trainer builds the vector env itself (`numEnvs` copies of `make(env, envOptions)`, each
 * wrapped in `ClipAction` for Box actions — what `new PPO(envId)` does, plus env options), so
 * creating and loading an agent see the same envs.
 *
 * Pausing: PPO's callbacks are synchronous. When `onUpdate` returns a promise (the trainer has
 * asynchronous work, e.g. a checkpoint), the adapter stops `learn()` after that update, awaits
 * the promise and calls `learn({ totalTimesteps: remaining, resetNumTimesteps: false })`, which
 * continues with the same learning-rate and clip horizon (SB3 semantics).
 */
import { Box, ClipAction, SyncVectorEnv, make, makeVec, type Env, type EvaluationResult, type VectorEnv } from '@bellman/mdp-core';
import type { PPO as PPOClass, PPOMetrics } from '@bellman/ppo';
import { UsageError, toCliError } from '../errors.js';
import type { TrainConfig } from '../config/schema.js';
import { envInfo } from './env-info.js';
import type { Algorithm, AlgorithmFactory, MetricsRow, UpdateVerdict } from './types.js';

/** The parts of PPO's API the adapter uses beyond what every version has (save/load, numTimesteps). */
interface PPOExtras {
  numTimesteps?: number;
  save?: (dir: string) => Promise<void>;
}
interface PPOStatics {
  load?: (dir: string, options: { env?: VectorEnv<unknown, unknown> | string }) => Promise<PPOClass>;
}

function buildEnvs(config: TrainConfig, numEnvs: number): VectorEnv<unknown, unknown> {
  const probe = make(config.env, config.envOptions);
  const continuous = probe.actionSpace instanceof Box;
  probe.close?.();
  if (!continuous) return makeVec(config.env, numEnvs, config.envOptions);
  return new SyncVectorEnv(
    Array.from({ length: numEnvs }, () => () => new ClipAction(make<unknown, Float32Array>(config.env, config.envOptions))),
  );
}

function evalEnv(config: TrainConfig): Env<unknown, unknown> {
  const env = make(config.env, config.envOptions);
  return env.actionSpace instanceof Box ? (new ClipAction(env as Env<unknown, Float32Array>)) : env;
}

/** PPO's metrics as a row: numbers only (the `episodes` list goes). */
export function ppoRow(m: PPOMetrics): MetricsRow {
  const row: MetricsRow = { global_step: m.global_step };
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number') row[k] = v;
  return row;
}

class PPOAlgorithm implements Algorithm {
  readonly algo = 'ppo' as const;
  readonly lossKeys = ['losses/policy_loss', 'losses/value_loss', 'losses/entropy', 'losses/approx_kl'];
  readonly totalTimesteps: number;

  constructor(
    private readonly agent: PPOClass,
    private readonly envs: VectorEnv<unknown, unknown>,
    private readonly config: TrainConfig,
  ) {
    // PPO trains in whole iterations of numEnvs · numSteps steps.
    const batch = agent.config.numEnvs * agent.config.numSteps;
    this.totalTimesteps = Math.max(1, Math.floor(config.steps / batch)) * batch;
  }

  get numTimesteps(): number {
    const a = this.agent as PPOClass & PPOExtras;
    return a.numTimesteps ?? a.globalStep;
  }

  async learn(onUpdate: (row: MetricsRow) => UpdateVerdict): Promise<'done' | 'stopped'> {
    for (;;) {
      const remaining = this.totalTimesteps - this.numTimesteps;
      if (remaining <= 0) return 'done';
      let pending: Promise<boolean | void> | undefined;
      let stopped = false;
      const options = {
        totalTimesteps: remaining,
        resetNumTimesteps: false,
        callbacks: {
          onUpdate: (m: PPOMetrics) => {
            const verdict = onUpdate(ppoRow(m));
            if (verdict === false) {
              stopped = true;
              return false;
            }
            if (verdict instanceof Promise) {
              pending = verdict;
              return false;
            }
            return true;
          },
        },
      };
      // learn() is synchronous in older @bellman/ppo versions and asynchronous in newer ones.
      await (this.agent.learn as (o: typeof options) => unknown)(options);
      if (pending !== undefined) {
        if ((await pending) === false) return 'stopped';
        continue;
      }
      if (stopped) return 'stopped';
      // learn() returned without a stop: the budget is used up (or it ran its last iteration).
      if (this.numTimesteps >= this.totalTimesteps) return 'done';
    }
  }

  async save(dir: string): Promise<void> {
    const save = (this.agent as PPOClass & PPOExtras).save;
    if (typeof save !== 'function') {
      throw new Error('this version of @bellman/ppo has no save(): PPO checkpoints need PPO.save/PPO.load');
    }
    await save.call(this.agent, dir);
  }

  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult {
    const env = evalEnv(this.config);
    try {
      return this.agent.evaluate(env, episodes, options);
    } finally {
      env.close?.();
    }
  }

  resolvedParams(): Record<string, unknown> {
    const { seed: _seed, ...rest } = this.agent.config;
    return { ...rest, hiddenSizes: [...rest.hiddenSizes] };
  }

  dispose(): void {
    this.agent.dispose();
    this.envs.close();
  }
}

export const ppoFactory: AlgorithmFactory = {
  needsBackend: true,
  checkEnv(envId, envOptions) {
    const info = envInfo(envId, envOptions);
    if (info.observationKind !== 'Box') return `PPO needs a Box observation space (vectors); ${envId} has ${info.observationSpace}`;
    if (info.actionKind === 'other') return `PPO needs a Discrete or Box action space; ${envId} has ${info.actionSpace}`;
    return undefined;
  },
  async create(config) {
    const { PPO, resolvePPOConfig } = await import('@bellman/ppo');
    let resolved;
    try {
      resolved = resolvePPOConfig({ ...(config.params as object), seed: config.seed });
    } catch (error) {
      throw toCliError(error, 'params.');
    }
    const envs = buildEnvs(config, resolved.numEnvs);
    try {
      return new PPOAlgorithm(new PPO(envs, { ...(config.params as object), seed: config.seed }), envs, config);
    } catch (error) {
      envs.close();
      throw toCliError(error, 'params.');
    }
  },
  async load(dir, config) {
    const { PPO } = await import('@bellman/ppo');
    const load = (PPO as unknown as PPOStatics).load;
    if (typeof load !== 'function') {
      throw new UsageError('this version of @bellman/ppo has no PPO.load(): PPO runs cannot be resumed or evaluated from a checkpoint yet');
    }
    const numEnvs = (config.params.numEnvs as number | undefined) ?? 1;
    const envs = buildEnvs(config, numEnvs);
    try {
      const agent = await load.call(PPO, dir, { env: envs });
      return new PPOAlgorithm(agent, envs, config);
    } catch (error) {
      envs.close();
      throw toCliError(error);
    }
  },
};
