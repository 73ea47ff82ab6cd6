/**
 * @bellman/value-methods: value-based reinforcement learning on @bellman/mdp-core.
 * Dynamic programming (Bellman backups on TabularMDP), Monte Carlo and the TD family.
 * DQN lives behind the `@bellman/value-methods/dqn` subpath (TensorFlow.js peer).
 */
export * from './dp/index.js';
export * from './monte-carlo/index.js';
export * from './td/index.js';
export {
  constantSchedule,
  linearSchedule,
  exponentialSchedule,
  scheduleValue,
  scheduleUnit,
  validateSchedule,
  ALPHA_RANGE,
  EPSILON_RANGE,
  type ScheduleSpec,
  type ScheduleLike,
  type ScheduleUnit,
  type ConstantScheduleSpec,
  type LinearScheduleSpec,
  type ExponentialScheduleSpec,
  type ScheduleRange,
} from './schedules.js';
export {
  emptyLearningCurve,
  learningCurveRecords,
  averageLearningCurves,
  movingAverage,
  rmsError,
  type LearningCurve,
  type LearningCurveRecord,
} from './learning-curve.js';
export {
  TabularAgent,
  TabularControlAgent,
  TabularPredictionAgent,
  resolveTabularEnv,
  DEFAULT_MAX_STEPS_PER_EPISODE,
  type TabularEnvInput,
  type TabularAgentConfig,
  type TabularControlConfig,
  type TabularPredictionConfig,
  type EpisodeStats,
  type LearnOptions,
  type TabularAgentState,
} from './tabular-agent.js';
export {
  randomWalkMDP,
  randomWalkEnv,
  randomWalkTrueValues,
  randomWalkStates,
  RandomWalkAction,
  type RandomWalkOptions,
} from './examples/random-walk.js';
