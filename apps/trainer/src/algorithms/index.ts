/** The algorithm adapters, by name. */
import type { AlgoName } from '../config/schema.js';
import { dqnFactory } from './dqn.js';
import { ppoFactory } from './ppo.js';
import { qLearningFactory, sarsaFactory } from './tabular.js';
import type { AlgorithmFactory } from './types.js';
import { valueIterationFactory } from './value-iteration.js';

export const ALGORITHMS: Record<AlgoName, AlgorithmFactory> = {
  ppo: ppoFactory,
  dqn: dqnFactory,
  'q-learning': qLearningFactory,
  sarsa: sarsaFactory,
  'value-iteration': valueIterationFactory,
};

export type { Algorithm, AlgorithmFactory, MetricsRow, UpdateVerdict, ValueGrid } from './types.js';
