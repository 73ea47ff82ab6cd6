/**
 * `@bellman/value-methods/dqn`: Deep Q-Networks on TensorFlow.js (a peer dependency).
 *
 * - {@link DQN}: the agent, with Stable-Baselines3's interface (`learn`, `predict`, `save`, `load`),
 *   Double DQN, hard or Polyak target updates, Huber loss, gradient-norm clipping, ε-greedy
 *   exploration on a linear schedule, all seeded;
 * - {@link dqnPresets}: tuned hyperparameters (CartPole-v1, from rl-zoo's entry with a lower learning rate);
 * - the pieces, each usable and tested alone: {@link ReplayBuffer}, {@link QNetwork},
 *   {@link huberLoss}, {@link tdTargets}, {@link clipByGlobalNorm}, {@link polyakUpdate}.
 *   The ε schedule is the package's shared `linearSchedule` (`src/schedules.ts`).
 *
 * @example
 * ```ts
 * import { make } from '@bellman/mdp-core';
 * import { initBackend } from '@bellman/mdp-core/tf';
 * import { DQN, dqnPresets } from '@bellman/value-methods/dqn';
 *
 * await initBackend();
 * const agent = new DQN(make('CartPole-v1'), { ...dqnPresets.cartpole.config, seed: 0 });
 * await agent.learn({ totalTimesteps: dqnPresets.cartpole.totalTimesteps });
 * ```
 *
 * @packageDocumentation
 */
/** The callback convention (re-exported from mdp-core for convenience). */
export type { CallbackResult } from '@bellman/mdp-core';
export {
  DQN,
  type DQNSpaces,
  type DQNObservation,
  type DQNStepInfo,
  type DQNMetrics,
  type DQNCallbacks,
  type DQNLearnOptions,
  type DQNPredictOptions,
  type DQNSaveOptions,
  type DQNLoadOptions,
  type DQNTrainResult,
} from './dqn.js';
export {
  DQN_DEFAULTS,
  dqnPresets,
  resolveDQNConfig,
  type DQNConfig,
  type DQNOptions,
  type DQNPreset,
  type ResolvedDQNConfig,
} from './config.js';
export {
  ReplayBuffer,
  type ReplayBufferOptions,
  type ReplayBatch,
  type ReplayBufferState,
  type Transition,
} from './replay-buffer.js';
export {
  QNetwork,
  MlpMirror,
  polyakUpdate,
  checkNetArch,
  ACTIVATIONS,
  type Activation,
  type QNetworkOptions,
  type ForwardTrace,
} from './q-network.js';
export { huber, huberDerivative, huberLoss, huberLossGradient, DEFAULT_HUBER_DELTA } from './huber-loss.js';
export { tdTargets, type TdTargetInputs } from './td-target.js';
export { clipByGlobalNorm, CLIP_NORM_EPSILON, type ClippedGradients } from './clip-grad-norm.js';
