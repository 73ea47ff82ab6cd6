export { DiscreteModelEnv } from './discrete-model-env.js';
export {
  FrozenLakeEnv,
  FrozenLakeAction,
  FROZEN_LAKE_MAPS,
  frozenLakeMDP,
  generateRandomMap,
  validateFrozenLakeMap,
  type FrozenLakeOptions,
} from './frozen-lake.js';
export { CliffWalkingEnv, CliffWalkingAction, cliffWalkingMDP } from './cliff-walking.js';
export { TaxiEnv, TaxiAction, TAXI_MAP, TAXI_LOCATIONS, taxiMDP, taxiEncode, taxiDecode } from './taxi.js';
export {
  GridWorldEnv,
  GridAction,
  gridWorldMDP,
  suttonBartoGrid4x4,
  suttonBartoGrid5x5,
  windyGridWorld,
  cliffWalkingSpec,
  type GridWorldSpec,
  type Cell,
} from './gridworld.js';
