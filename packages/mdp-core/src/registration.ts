import type { Env } from './env.js';
import { AcrobotEnv } from './envs/classic-control/acrobot.js';
import { CartPoleEnv } from './envs/classic-control/cartpole.js';
import { MountainCarContinuousEnv } from './envs/classic-control/mountain-car-continuous.js';
import { MountainCarEnv } from './envs/classic-control/mountain-car.js';
import { PendulumEnv } from './envs/classic-control/pendulum.js';
import { CliffWalkingEnv } from './envs/toy-text/cliff-walking.js';
import { FrozenLakeEnv } from './envs/toy-text/frozen-lake.js';
import { GRID_WORLD_SPEC_KEYS, GridWorldEnv, suttonBartoGrid4x4, type GridWorldSpec } from './envs/toy-text/gridworld.js';
import { TaxiEnv } from './envs/toy-text/taxi.js';
import type { EnvSpec } from './registry.js';

/** Observation and action types of the built-in environments, for `make()`'s typed overload. */
export interface BuiltinEnvs {
  'CartPole-v1': Env<Float32Array, number>;
  'Pendulum-v1': Env<Float32Array, Float32Array>;
  'MountainCar-v0': Env<Float32Array, number>;
  'MountainCarContinuous-v0': Env<Float32Array, Float32Array>;
  'Acrobot-v1': Env<Float32Array, number>;
  'FrozenLake-v1': Env<number, number>;
  'FrozenLake8x8-v1': Env<number, number>;
  'CliffWalking-v0': Env<number, number>;
  'Taxi-v3': Env<number, number>;
  'GridWorld-v0': Env<number, number>;
}


/** The environments `make()` knows out of the box (ids, episode caps and thresholds as in Gymnasium 0.29.1). */
export const builtinEnvSpecs: readonly EnvSpec[] = [
  {
    id: 'CartPole-v1',
    entryPoint: () => new CartPoleEnv(),
    maxEpisodeSteps: 500,
    rewardThreshold: 475,
    optionNames: [],
    description: 'Balance a pole on a cart; +1 per step, 2 actions',
  },
  {
    id: 'Pendulum-v1',
    entryPoint: (o) => new PendulumEnv(o),
    maxEpisodeSteps: 200,
    optionNames: ['g'],
    description: 'Swing a pendulum up and hold it; continuous torque in [-2, 2]',
  },
  {
    id: 'MountainCar-v0',
    entryPoint: (o) => new MountainCarEnv(o),
    maxEpisodeSteps: 200,
    rewardThreshold: -110,
    optionNames: ['goalVelocity'],
    description: 'Drive an underpowered car up a hill; −1 per step, 3 actions',
  },
  {
    id: 'MountainCarContinuous-v0',
    entryPoint: (o) => new MountainCarContinuousEnv(o),
    maxEpisodeSteps: 999,
    rewardThreshold: 90,
    optionNames: ['goalVelocity'],
    description: 'Mountain car with a continuous force in [-1, 1]; +100 at the goal minus action cost',
  },
  {
    id: 'Acrobot-v1',
    entryPoint: () => new AcrobotEnv(),
    maxEpisodeSteps: 500,
    rewardThreshold: -100,
    optionNames: [],
    description: 'Swing a two-link arm above a line; −1 per step, 3 torques',
  },
  {
    id: 'FrozenLake-v1',
    entryPoint: (o) => new FrozenLakeEnv(o),
    maxEpisodeSteps: 100,
    rewardThreshold: 0.7,
    defaultOptions: { mapName: '4x4' },
    optionNames: ['desc', 'mapName', 'isSlippery'],
    description: 'Cross a frozen lake to the goal without falling in a hole; slippery by default',
  },
  {
    id: 'FrozenLake8x8-v1',
    entryPoint: (o) => new FrozenLakeEnv(o),
    maxEpisodeSteps: 200,
    rewardThreshold: 0.85,
    defaultOptions: { mapName: '8x8' },
    optionNames: ['desc', 'mapName', 'isSlippery'],
    description: 'FrozenLake on the 8×8 map',
  },
  {
    id: 'CliffWalking-v0',
    entryPoint: () => new CliffWalkingEnv(),
    optionNames: [],
    description: 'Walk along a cliff (S&B Example 6.6); −1 per step, −100 for falling',
  },
  {
    id: 'Taxi-v3',
    entryPoint: () => new TaxiEnv(),
    maxEpisodeSteps: 200,
    rewardThreshold: 8,
    optionNames: [],
    description: 'Pick up a passenger and drop them at the destination (Dietterich 2000)',
  },
  {
    id: 'GridWorld-v0',
    entryPoint: (o) => new GridWorldEnv(Object.keys(o).length > 0 ? (o as unknown as GridWorldSpec) : suttonBartoGrid4x4()),
    maxEpisodeSteps: 1000,
    optionNames: GRID_WORLD_SPEC_KEYS,
    description: 'Configurable gridworld (walls, terminals, teleports, slip, wind); default S&B Example 4.1',
  },
];
