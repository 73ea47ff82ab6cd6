/**
 * What PPO reports while it trains: finished episodes, per-step info for `onStep`, the per-update
 * metrics for `onUpdate` (CleanRL's names), and the statistics of one `train()` call.
 */
import type { PPOLossResult } from './ppo-loss.js';

/** One finished training episode, as reported in callbacks. */
export interface EpisodeRecord {
  /** Env steps taken (all envs) when it ended. */
  globalStep: number;
  /** Undiscounted return (of the env's own rewards, before any normalisation). */
  return: number;
  /** Length in steps. */
  length: number;
}

/** What `onStep` receives after every vector-env step. */
export interface PPOStepInfo {
  /** Env steps taken so far (numEnvs per vector step). */
  globalStep: number;
  /** Episodes that ended in this step. */
  episodes: EpisodeRecord[];
}

/**
 * Metrics passed to `onUpdate`, named as CleanRL logs them. Losses are those of the last
 * minibatch (as CleanRL); `losses/clipfrac` is the mean over all minibatches.
 */
export interface PPOMetrics {
  /** Env steps taken so far. */
  global_step: number;
  /** Iteration number (1-based, counted over the run). */
  iteration: number;
  /** Mean return of the episodes that ended during this rollout (absent when none did). */
  'charts/episodic_return'?: number;
  /** Mean length of the episodes that ended during this rollout (absent when none did). */
  'charts/episodic_length'?: number;
  /** Env steps per second since this `learn()` call started. */
  'charts/SPS': number;
  /** Learning rate used in this update. */
  'charts/learning_rate': number;
  /** Clip ε used in this update. */
  'charts/clip_coef': number;
  /** Clipped surrogate loss −mean(min(r·A, clip(r)·A)). */
  'losses/policy_loss': number;
  /** Value loss (½ squared error, clipped if `clipVloss`). */
  'losses/value_loss': number;
  /** Mean policy entropy. */
  'losses/entropy': number;
  /** mean(−log r) (the naive KL estimator). */
  'losses/old_approx_kl': number;
  /** mean((r − 1) − log r) (the low-variance, non-negative KL estimator). */
  'losses/approx_kl': number;
  /** Fraction of samples with |r − 1| > ε, averaged over the update's minibatches. */
  'losses/clipfrac': number;
  /** 1 − Var(returns − values) / Var(returns) over the rollout. */
  'losses/explained_variance': number;
  /** Global gradient norm before clipping, last minibatch. */
  'losses/grad_norm': number;
  /** max |r − 1| on the first minibatch of the update (0: the ratio starts at exactly 1). */
  'debug/first_minibatch_ratio_dev': number;
  /** Epochs actually run (fewer than `updateEpochs` after a target-KL stop). */
  'debug/epochs': number;
  /** Seconds spent in this iteration on policy inference during the rollout. */
  'time/rollout_inference_s': number;
  /** Seconds spent stepping the envs. */
  'time/env_step_s': number;
  /** Seconds spent in `train()`. */
  'time/train_s': number;
  /** The episodes that ended during this rollout. */
  episodes: EpisodeRecord[];
}

/**
 * What `train()` reports, as CleanRL logs it: the loss terms and KL estimates of the last
 * minibatch (see {@link PPOLossResult}), the clip fraction averaged over all minibatches, the last
 * gradient norm before clipping, max |r − 1| on the first minibatch (0 by construction) and the
 * epochs run.
 */
export interface TrainStats extends Pick<PPOLossResult, 'policyLoss' | 'valueLoss' | 'entropy' | 'oldApproxKl' | 'approxKl' | 'clipfrac'> {
  gradNorm: number;
  firstRatioDev: number;
  epochs: number;
}
