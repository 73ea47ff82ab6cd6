/**
 * PPO hyperparameters. Defaults are CleanRL's `ppo.py`; the `zoo` preset is rl-baselines3-zoo's
 * tuned CartPole-v1 setting. Every field is checked by {@link resolvePPOConfig}, whose errors name it.
 */
import { InvalidArgumentError, assertInteger, assertKnownKeys, assertNumber } from '@bellman/mdp-core';

/** Every PPO setting, resolved (no field missing). */
export interface PPOConfig {
  /** Adam learning rate at the start of training. Default 2.5e-4. */
  learningRate: number;
  /** Anneal the learning rate linearly to 0 over the iterations of `learn()`. Default true. */
  annealLr: boolean;
  /** Number of parallel environments (when PPO builds the vector env from an id). Default 4. */
  numEnvs: number;
  /** Steps per environment per rollout. Default 128 (batch = numEnvs · numSteps = 512). */
  numSteps: number;
  /** Discount factor γ ∈ [0, 1]. Default 0.99. */
  gamma: number;
  /** GAE λ ∈ [0, 1]. Default 0.95. */
  gaeLambda: number;
  /** Minibatches per epoch; must divide the batch size. Default 4. */
  numMinibatches: number;
  /** Passes over the batch per update (K epochs). Default 4. */
  updateEpochs: number;
  /** Normalise advantages per minibatch (mean 0, std 1). Default true. */
  normAdv: boolean;
  /** Surrogate clipping ε. Default 0.2. */
  clipCoef: number;
  /** Anneal ε linearly to 0 like the learning rate (SB3's `lin_0.2`). Default false. */
  annealClip: boolean;
  /** Clip the value loss around the old values with the same ε. Default true. */
  clipVloss: boolean;
  /** Entropy bonus coefficient. Default 0.01. */
  entCoef: number;
  /** Value loss coefficient. Default 0.5. */
  vfCoef: number;
  /** Clip the global gradient norm to this value. Default 0.5. */
  maxGradNorm: number;
  /** Stop the epochs of an update early when approx KL exceeds this; `null` never stops. Default null. */
  targetKl: number | null;
  /** Adam's ε. Default 1e-5. */
  adamEpsilon: number;
  /** Hidden layer widths of both the actor and the critic (separate networks). Default [64, 64]. */
  hiddenSizes: readonly number[];
  /** Hidden activation. Default 'tanh'. */
  activation: 'tanh' | 'relu';
  /**
   * Train the critic on a worker thread while the actor trains on the calling one (separate
   * networks only; Node.js only). Same results, about half the time per step on two free cores.
   * Default false.
   */
  parallelCritic: boolean;
  /** One shared trunk for actor and critic (heads on its last layer) instead of two networks. Default false. */
  shareTrunk: boolean;
  /** Normalise observations with running mean / variance over all envs (SB3's VecNormalize). Default false. */
  normalizeObservation: boolean;
  /** Clip normalised observations to ±this. Default 10. */
  clipObservation: number;
  /** Scale rewards by the running std of the discounted return (Gymnasium's NormalizeReward). Default false. */
  normalizeReward: boolean;
  /** Clip scaled rewards to ±this. Default 10. */
  clipReward: number;
  /** Initial log σ of the Gaussian policy (continuous actions only). Default 0. */
  initLogStd: number;
  /** Seed of the network init, the env resets, action sampling and minibatch shuffling. Default 1. */
  seed: number;
}

/** Partial settings accepted by the PPO constructor, optionally on top of a named preset. */
export type PPOOptions = Partial<PPOConfig> & {
  /** Named preset applied before the other fields (default `'cleanrl'`). */
  preset?: PPOPresetName;
};

/** CleanRL `ppo.py` defaults. */
export const PPO_DEFAULTS: Readonly<PPOConfig> = Object.freeze({
  learningRate: 2.5e-4,
  annealLr: true,
  numEnvs: 4,
  numSteps: 128,
  gamma: 0.99,
  gaeLambda: 0.95,
  numMinibatches: 4,
  updateEpochs: 4,
  normAdv: true,
  clipCoef: 0.2,
  annealClip: false,
  clipVloss: true,
  entCoef: 0.01,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
  adamEpsilon: 1e-5,
  hiddenSizes: Object.freeze([64, 64]),
  activation: 'tanh',
  shareTrunk: false,
  parallelCritic: false,
  normalizeObservation: false,
  clipObservation: 10,
  normalizeReward: false,
  clipReward: 10,
  initLogStd: 0,
  seed: 1,
});

/** Names of the presets in {@link PPO_PRESETS}. */
export type PPOPresetName = 'cleanrl' | 'zoo' | 'cartpole-fast' | 'pendulum';

/**
 * Named presets (changes on top of {@link PPO_DEFAULTS}):
 * - `cleanrl`: CleanRL `ppo.py` as is.
 * - `zoo`: rl-baselines3-zoo CartPole-v1 — 8 envs × 32 steps, one minibatch of 256, 20 epochs,
 *   γ 0.98, λ 0.8, lr 1e-3 and ε 0.2 both annealed, no entropy bonus, and (SB3's default
 *   `clip_range_vf = None`) no value clipping.
 * - `cartpole-fast`: `zoo` with half the epochs (10) at twice the learning rate (2e-3), and the
 *   critic on a worker thread: about as sample-efficient on CartPole-v1, half the gradient steps.
 * - `pendulum`: for Pendulum-v1 (after rl-zoo's setting, which relies on gSDE; tuned here without
 *   it) — 4 envs × 512 steps, 32 minibatches of 64, 10 epochs, γ 0.95, λ 0.9, lr 1e-3 annealed, no
 *   entropy bonus, no value clipping, observations and rewards normalised.
 */
export const PPO_PRESETS: Readonly<Record<PPOPresetName, Readonly<Partial<PPOConfig>>>> = Object.freeze({
  cleanrl: Object.freeze({}),
  zoo: Object.freeze({
    numEnvs: 8,
    numSteps: 32,
    numMinibatches: 1,
    updateEpochs: 20,
    gamma: 0.98,
    gaeLambda: 0.8,
    learningRate: 1e-3,
    annealLr: true,
    clipCoef: 0.2,
    annealClip: true,
    entCoef: 0,
    clipVloss: false,
  }),
  'cartpole-fast': Object.freeze({
    numEnvs: 8,
    numSteps: 32,
    numMinibatches: 1,
    updateEpochs: 10,
    gamma: 0.98,
    gaeLambda: 0.8,
    learningRate: 2e-3,
    annealLr: true,
    clipCoef: 0.2,
    annealClip: true,
    entCoef: 0,
    clipVloss: false,
    parallelCritic: true,
  }),
  pendulum: Object.freeze({
    numEnvs: 4,
    numSteps: 512,
    numMinibatches: 32,
    updateEpochs: 10,
    gamma: 0.95,
    gaeLambda: 0.9,
    learningRate: 1e-3,
    annealLr: true,
    entCoef: 0,
    clipVloss: false,
    normalizeObservation: true,
    normalizeReward: true,
  }),
});

const KEYS = [...Object.keys(PPO_DEFAULTS), 'preset'];

function assertBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(field, 'true or false', value);
  return value;
}

/**
 * Merges `options` over its preset over the defaults and validates every field.
 * Throws `InvalidArgumentError` naming the first bad field.
 */
export function resolvePPOConfig(options: PPOOptions = {}): PPOConfig {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('PPO options', 'an object', options);
  assertKnownKeys('PPO options', options, KEYS);
  const presetName = options.preset ?? 'cleanrl';
  const preset = PPO_PRESETS[presetName];
  if (preset === undefined) throw new InvalidArgumentError('preset', `one of ${Object.keys(PPO_PRESETS).join(', ')}`, presetName);
  const { preset: _preset, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<PPOConfig>;
  const c: PPOConfig = { ...PPO_DEFAULTS, ...preset, ...defined };

  assertNumber('learningRate', c.learningRate, Number.MIN_VALUE);
  assertBoolean('annealLr', c.annealLr);
  assertInteger('numEnvs', c.numEnvs, 1);
  assertInteger('numSteps', c.numSteps, 1);
  assertNumber('gamma', c.gamma, 0, 1);
  assertNumber('gaeLambda', c.gaeLambda, 0, 1);
  assertInteger('numMinibatches', c.numMinibatches, 1);
  assertInteger('updateEpochs', c.updateEpochs, 1);
  assertBoolean('normAdv', c.normAdv);
  assertNumber('clipCoef', c.clipCoef, 0);
  assertBoolean('annealClip', c.annealClip);
  assertBoolean('clipVloss', c.clipVloss);
  assertNumber('entCoef', c.entCoef, 0);
  assertNumber('vfCoef', c.vfCoef, 0);
  assertNumber('maxGradNorm', c.maxGradNorm, Number.MIN_VALUE);
  if (c.targetKl !== null) assertNumber('targetKl', c.targetKl, Number.MIN_VALUE);
  assertNumber('adamEpsilon', c.adamEpsilon, 0);
  if (!Array.isArray(c.hiddenSizes) || c.hiddenSizes.length === 0) {
    throw new InvalidArgumentError('hiddenSizes', 'a non-empty array of positive integers', c.hiddenSizes);
  }
  c.hiddenSizes.forEach((h, i) => assertInteger(`hiddenSizes[${i}]`, h, 1));
  if (c.activation !== 'tanh' && c.activation !== 'relu') throw new InvalidArgumentError('activation', "'tanh' or 'relu'", c.activation);
  assertBoolean('shareTrunk', c.shareTrunk);
  assertBoolean('parallelCritic', c.parallelCritic);
  if (c.parallelCritic && c.shareTrunk) throw new InvalidArgumentError('parallelCritic', 'false when shareTrunk is true (a shared trunk cannot be split)', true);
  assertBoolean('normalizeObservation', c.normalizeObservation);
  assertNumber('clipObservation', c.clipObservation, Number.MIN_VALUE);
  assertBoolean('normalizeReward', c.normalizeReward);
  assertNumber('clipReward', c.clipReward, Number.MIN_VALUE);
  assertNumber('initLogStd', c.initLogStd);
  assertInteger('seed', c.seed, 0);
  const batch = c.numEnvs * c.numSteps;
  if (batch % c.numMinibatches !== 0) {
    throw new InvalidArgumentError('numMinibatches', `a divisor of the batch size numEnvs · numSteps = ${batch}`, c.numMinibatches);
  }
  if (c.numMinibatches > batch) throw new InvalidArgumentError('numMinibatches', `at most the batch size ${batch}`, c.numMinibatches);
  return { ...c, hiddenSizes: Object.freeze(Array.from(c.hiddenSizes as readonly number[])) };
}
