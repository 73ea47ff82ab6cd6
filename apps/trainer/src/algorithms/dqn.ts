/**
 * DQN (@bellman/value-methods/dqn) behind the trainer's `Algorithm` interface.
 *
 * DQN awaits promises returned by its callbacks, so the trainer's asynchronous work
 * (checkpoints) runs inside `onUpdate` without leaving `learn()`: an uninterrupted run is one
 * `learn()` call. Checkpoints include the replay buffer. A resumed DQN continues with the same
 * weights, optimiser state, replay buffer, counters, generators and ε schedule, but — like SB3 —
 * starts a fresh episode, so it is not bit-identical to an uninterrupted run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePolicy, type Env, type EvaluationResult } from '@bellman/mdp-core';
import type { DQN as DQNClass, DQNMetrics } from '@bellman/value-methods/dqn';
import { UsageError, toCliError } from '../errors.js';
import { writeFileAtomic } from '../run/atomic.js';
import type { TrainConfig } from '../config/schema.js';
import { envInfo, makeEnv } from './env-info.js';
import { metricsRow, type Algorithm, type AlgorithmFactory, type MetricsRow, type UpdateVerdict } from './types.js';

type Agent = DQNClass<ArrayLike<number>>;

/** The adapter's own state next to DQN's files. */
const ADAPTER_FILE = 'trainer-dqn.json';

function readUpdates(dir: string): number {
  const file = join(dir, ADAPTER_FILE);
  let updates: unknown;
  try {
    updates = (JSON.parse(readFileSync(file, 'utf8')) as { updates?: unknown }).updates;
  } catch (error) {
    throw new UsageError(`checkpoint ${dir} is incomplete or corrupt: cannot read ${file} (${(error as Error).message})`);
  }
  if (typeof updates !== 'number' || !Number.isSafeInteger(updates) || updates < 0) {
    throw new UsageError(`checkpoint file ${file} is corrupt: "updates" is not a count`);
  }
  return updates;
}

class DQNAlgorithm implements Algorithm {
  readonly algo = 'dqn' as const;
  readonly lossKeys = ['losses/td_loss', 'losses/q_values'];
  readonly totalTimesteps: number;
  /** Training phases so far (every `logInterval`-th becomes a metrics row). */
  private updates: number;

  constructor(
    private readonly agent: Agent,
    private readonly env: Env<ArrayLike<number>, number>,
    private readonly config: TrainConfig,
    updates = 0,
  ) {
    this.totalTimesteps = config.steps;
    this.updates = updates;
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
      resetNumTimesteps: this.agent.numTimesteps === 0,
      callbacks: {
        onUpdate: async (m: DQNMetrics) => {
          this.updates++;
          if (this.updates % this.config.logInterval !== 0) return true;
          const row = metricsRow(m);
          if ((await onUpdate(row)) === false) {
            stopped = true;
            return false;
          }
          return true;
        },
      },
    });
    return stopped ? 'stopped' : 'done';
  }

  async save(dir: string): Promise<void> {
    await this.agent.save(dir, { includeReplayBuffer: true });
    writeFileAtomic(join(dir, ADAPTER_FILE), JSON.stringify({ updates: this.updates }));
  }

  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult {
    const env = makeEnv(this.config.env, this.config.envOptions) as Env<ArrayLike<number>, number>;
    const agent = this.agent;
    const eps = agent.config.explorationFinalEps;
    try {
      // Stochastic evaluation draws ε-greedy actions from the evaluation's own generator, so it
      // never touches the agent's exploration stream.
      return evaluatePolicy(
        env,
        (obs, rng) =>
          !options.deterministic && rng.random() < eps ? agent.actionStart + rng.integer(agent.numActions) : agent.predict(obs, { deterministic: true }),
        { episodes, seed: options.seed },
      );
    } finally {
      env.close?.();
    }
  }

  resolvedParams(): Record<string, unknown> {
    const { seed: _seed, ...rest } = this.agent.config;
    return { ...rest, netArch: [...rest.netArch] };
  }

  dispose(): void {
    this.agent.dispose();
    this.env.close?.();
  }
}

export const dqnFactory: AlgorithmFactory = {
  needsBackend: true,
  checkEnv(envId, envOptions) {
    const info = envInfo(envId, envOptions);
    if (info.actionKind !== 'Discrete') return `DQN needs a Discrete action space; ${envId} has ${info.actionSpace}`;
    if (info.observationKind !== 'Box') return `DQN needs a Box observation space (vectors); ${envId} has ${info.observationSpace}`;
    return undefined;
  },
  async create(config) {
    const { DQN } = await import('@bellman/value-methods/dqn');
    const env = makeEnv(config.env, config.envOptions) as Env<ArrayLike<number>, number>;
    try {
      return new DQNAlgorithm(new DQN<ArrayLike<number>>(env, { ...(config.params as object), seed: config.seed }), env, config);
    } catch (error) {
      env.close?.();
      throw toCliError(error, 'params.');
    }
  },
  async load(dir, config) {
    const { DQN } = await import('@bellman/value-methods/dqn');
    const env = makeEnv(config.env, config.envOptions) as Env<ArrayLike<number>, number>;
    try {
      const updates = readUpdates(dir);
      return new DQNAlgorithm(await DQN.load<ArrayLike<number>>(dir, { env }), env, config, updates);
    } catch (error) {
      env.close?.();
      throw toCliError(error);
    }
  },
};
