/**
 * `@bellman/ppo`: Proximal Policy Optimization on TensorFlow.js.
 *
 * @packageDocumentation
 */
export { clippedSurrogate, clippedSurrogateLoss, type ClippedSurrogateTerms } from './clipped-surrogate.js';
export { valueLoss, valueLossTensor, type ValueLossOptions } from './value-loss.js';
export {
  categoricalLogProb,
  categoricalEntropy,
  categoricalEntropyRow,
  oneHotValues,
  logSoftmaxRow,
  sampleCategorical,
  argmax,
} from './distributions/categorical.js';
export {
  gaussianLogProb,
  gaussianEntropy,
  gaussianLogProbRow,
  gaussianEntropyRow,
  sampleGaussian,
} from './distributions/diagonal-gaussian.js';
export { clipGradNorm } from './clip-grad-norm.js';
export { Adam, type AdamOptions, type AdamState } from './adam.js';
export { Mlp, type Activation, type LayerSlice, type MlpActivations } from './mlp.js';
export {
  ppoLoss,
  headLogProbs,
  headWidth,
  actionWidth,
  type PolicyHead,
  type PPOLossBatch,
  type PPOLossOptions,
  type PPOLossGradients,
  type PPOLossResult,
} from './ppo-loss.js';
export {
  PPO_DEFAULTS,
  PPO_PRESETS,
  resolvePPOConfig,
  type PPOConfig,
  type PPOOptions,
  type PPOPresetName,
} from './config.js';
export { ActorCritic, type ActorCriticOptions, type ActBatchOut, type BatchEvaluation } from './policy.js';
export { RolloutBuffer, type RolloutBufferOptions } from './rollout-buffer.js';
export type { CallbackResult } from '@bellman/mdp-core';
export { PPO, type PPOCallbacks, type LearnOptions, type PPOLoadOptions } from './ppo.js';
export type { PPOMetrics, PPOStepInfo, EpisodeRecord, TrainStats } from './metrics.js';
export { EnvIO, headFor, type EnvIOOptions, type EnvIOState } from './env-io.js';
