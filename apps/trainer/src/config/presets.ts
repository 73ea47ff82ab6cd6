/**
 * Named hyperparameter sets per algorithm. PPO's and DQN's come from their packages
 * (`PPO_PRESETS`, `dqnPresets`), loaded lazily because those packages load TensorFlow.js.
 */
import type { AlgoName } from './schema.js';

export interface Preset {
  name: string;
  /** One line for `bellman presets`. */
  description: string;
  /** Hyperparameters the preset sets (under the user's `params`). */
  params: Record<string, unknown>;
  /** Training budget in env steps the preset was tuned for, when it has one. */
  steps?: number;
}

/** The preset used when none is given. */
export const DEFAULT_PRESET: Record<AlgoName, string> = {
  ppo: 'zoo',
  dqn: 'cartpole',
  'q-learning': 'default',
  sarsa: 'default',
  'value-iteration': 'default',
};

/** Budget when the preset has none: env steps (value iteration: the maximum number of sweeps). */
export const DEFAULT_STEPS: Record<AlgoName, number> = {
  ppo: 100_000,
  dqn: 100_000,
  'q-learning': 50_000,
  sarsa: 50_000,
  'value-iteration': 10_000,
};

/** Updates per metrics row by default (tabular methods: episodes per row). */
export const DEFAULT_LOG_INTERVAL: Record<AlgoName, number> = {
  ppo: 1,
  dqn: 1,
  'q-learning': 100,
  sarsa: 100,
  'value-iteration': 1,
};

const PPO_NOTES: Record<string, { description: string; steps?: number }> = {
  cleanrl: { description: "CleanRL ppo.py's defaults (4 envs x 128 steps, lr 2.5e-4 annealed)", steps: 500_000 },
  zoo: { description: 'rl-baselines3-zoo CartPole-v1 (8 envs x 32 steps, 20 epochs, lr 1e-3 and clip annealed)', steps: 100_000 },
  'cartpole-fast': { description: 'zoo with 10 epochs at lr 2e-3 and the critic on a worker thread (fastest CartPole-v1 solve)', steps: 100_000 },
  pendulum: { description: 'Pendulum-v1 (4 envs x 512 steps, 10 epochs, gamma 0.95, lambda 0.9, normalised observations and rewards)', steps: 100_000 },
};

/** The presets of `algo`, by name. */
export async function presetsFor(algo: AlgoName): Promise<Map<string, Preset>> {
  const out = new Map<string, Preset>();
  switch (algo) {
    case 'ppo': {
      const { PPO_PRESETS } = await import('@bellman/ppo');
      for (const [name, params] of Object.entries(PPO_PRESETS)) {
        const note = PPO_NOTES[name];
        out.set(name, {
          name,
          description: note?.description ?? `PPO preset "${name}" from @bellman/ppo`,
          params: { ...(params as Record<string, unknown>) },
          ...(note?.steps === undefined ? {} : { steps: note.steps }),
        });
      }
      break;
    }
    case 'dqn': {
      const { dqnPresets } = await import('@bellman/value-methods/dqn');
      out.set('sb3', { name: 'sb3', description: "Stable-Baselines3's DQN defaults", params: {} });
      for (const [name, preset] of Object.entries(dqnPresets)) {
        out.set(name, {
          name,
          description: `tuned for ${preset.envId} (rl-baselines3-zoo, lr 1e-3)`,
          params: JSON.parse(JSON.stringify(preset.config)) as Record<string, unknown>,
          steps: preset.totalTimesteps,
        });
      }
      break;
    }
    case 'q-learning':
    case 'sarsa':
      out.set('default', { name: 'default', description: 'value-methods defaults (alpha 0.1, epsilon 0.1)', params: {} });
      break;
    case 'value-iteration':
      out.set('default', { name: 'default', description: 'value-methods defaults (theta 1e-6, in-place sweeps)', params: {} });
      break;
  }
  return out;
}
