/**
 * PPO (@bellman/ppo) behind the trainer's `Algorithm` interface.
 *
 * PPO builds its vector env from an env id (with env options baked into a derived id, see
 * `envIdWithOptions`), so that `PPO.load` rebuilds the envs and restores their state: a resumed
 * run continues bit for bit. PPO awaits promises returned by its callbacks, so checkpoints are
 * written inside `onUpdate` and an uninterrupted run is one `learn()` call.
 */
import { make, type EvaluationResult } from '@bellman/mdp-core';
import type { PPO as PPOClass, PPOMetrics } from '@bellman/ppo';
import { toCliError } from '../errors.js';
import type { TrainConfig } from '../config/schema.js';
import { envIdWithOptions, envInfo } from './env-info.js';
import { metricsRow, type Algorithm, type AlgorithmFactory, type MetricsRow, type UpdateVerdict } from './types.js';

class PPOAlgorithm implements Algorithm {
  readonly algo = 'ppo' as const;
  readonly lossKeys = ['losses/policy_loss', 'losses/value_loss', 'losses/entropy', 'losses/approx_kl'];
  readonly totalTimesteps: number;

  constructor(
    private readonly agent: PPOClass,
    private readonly config: TrainConfig,
  ) {
    // PPO trains in whole iterations of numEnvs · numSteps steps (at least one).
    const batch = agent.batchSize;
    this.totalTimesteps = Math.max(1, Math.floor(config.steps / batch)) * batch;
  }

  get numTimesteps(): number {
    return this.agent.numTimesteps;
  }

  async learn(onUpdate: (row: MetricsRow) => UpdateVerdict): Promise<'done' | 'stopped'> {
    const remaining = this.totalTimesteps - this.agent.numTimesteps;
    if (remaining <= 0) return 'done';
    let stopped = false;
    await this.agent.learn({
      totalTimesteps: remaining,
      // A new agent starts its run here; a loaded one continues toward the same total.
      resetNumTimesteps: this.agent.numTimesteps === 0,
      callbacks: {
        onUpdate: async (m: PPOMetrics) => {
          if ((await onUpdate(metricsRow(m))) === false) {
            stopped = true;
            return false;
          }
          return true;
        },
      },
    });
    return stopped && this.agent.numTimesteps < this.totalTimesteps ? 'stopped' : 'done';
  }

  save(dir: string): Promise<void> {
    return this.agent.save(dir);
  }

  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult {
    const env = make(this.config.env, this.config.envOptions);
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
  }
}

export const ppoFactory: AlgorithmFactory = {
  needsBackend: true,
  checkEnv(envId, envOptions) {
    const info = envInfo(envId, envOptions);
    if (info.observationKind === 'other') return `PPO needs a Box or Discrete observation space; ${envId} has ${info.observationSpace}`;
    if (info.actionKind === 'other' && !info.actionSpace.startsWith('MultiDiscrete')) {
      return `PPO needs a Discrete, MultiDiscrete or Box action space; ${envId} has ${info.actionSpace}`;
    }
    return undefined;
  },
  async create(config) {
    const { PPO } = await import('@bellman/ppo');
    try {
      return new PPOAlgorithm(new PPO(envIdWithOptions(config.env, config.envOptions), { ...config.params, seed: config.seed }), config);
    } catch (error) {
      throw toCliError(error, 'params.');
    }
  },
  async load(dir, config) {
    const { PPO } = await import('@bellman/ppo');
    envIdWithOptions(config.env, config.envOptions); // registers the derived id the checkpoint names
    try {
      return new PPOAlgorithm(await PPO.load(dir), config);
    } catch (error) {
      throw toCliError(error);
    }
  },
};
