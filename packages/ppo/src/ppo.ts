/**
 * Proximal Policy Optimization (Schulman et al., 2017), following CleanRL's `ppo.py` with the
 * interface of Stable-Baselines3: `new PPO(envOrId, config)`, `learn({ totalTimesteps, callbacks })`,
 * `predict(obs, { deterministic })`, `evaluate(env, episodes)`.
 *
 * What `learn()` does, per iteration, until `totalTimesteps` env steps have been taken:
 *  1. Anneal the learning rate (and, if asked, the clip ε) linearly: frac = 1 − (iteration − 1) / iterations.
 *  2. `collectRollouts()`: `numSteps` steps of all `numEnvs` envs. Each step the policy samples
 *     actions and records log π_old(a|s) and V_old(s); the vector env steps (SAME_STEP autoreset);
 *     for every truncated episode, V_old of its final observation is stored to bootstrap it.
 *     Then GAE(γ, λ) gives advantages and return targets.
 *  3. `train()`: `updateEpochs` passes over the batch in `numMinibatches` shuffled minibatches.
 *     Per minibatch: advantages normalised (mean 0, std 1), ratio r = exp(log π − log π_old),
 *     loss = clipped surrogate − entCoef · entropy + vfCoef · value loss, gradient clipped to
 *     `maxGradNorm`, one Adam step. After each epoch, stop early if approx KL > `targetKl`.
 *  4. `onUpdate(metrics)` with CleanRL's metric names.
 * Any callback returning `false` stops training.
 *
 * Needs a TensorFlow.js backend with gradients: `await initBackend()` from `@bellman/mdp-core/tf` first.
 */
import * as tf from '@tensorflow/tfjs';
import {
  Box,
  ClipAction,
  Discrete,
  InvalidArgumentError,
  Rng,
  SyncVectorEnv,
  assertInteger,
  evaluatePolicy,
  gae,
  make,
  makeVec,
  type Env,
  type EvaluationResult,
  type Space,
  type VectorEnv,
} from '@bellman/mdp-core';
import { clippedSurrogateLoss } from './clipped-surrogate.js';
import { clipGradNorm } from './clip-grad-norm.js';
import { resolvePPOConfig, type PPOConfig, type PPOOptions } from './config.js';
import { categoricalEntropy, categoricalLogProb, oneHotValues } from './distributions/categorical.js';
import { gaussianEntropy, gaussianLogProb } from './distributions/diagonal-gaussian.js';
import { ActorCritic, type ActBatchOut } from './policy.js';
import { RolloutBuffer } from './rollout-buffer.js';
import { valueLossTensor } from './value-loss.js';

/** One finished training episode, as reported in callbacks. */
export interface EpisodeRecord {
  /** Env steps taken (all envs) when it ended. */
  globalStep: number;
  /** Undiscounted return. */
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
  /** Iteration number (1-based). */
  iteration: number;
  /** Mean return of the episodes that ended during this rollout (absent when none did). */
  'charts/episodic_return'?: number;
  /** Mean length of the episodes that ended during this rollout (absent when none did). */
  'charts/episodic_length'?: number;
  /** Env steps per second since `learn()` started. */
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
  /** max |r − 1| on the first minibatch of the update (0: the ratio starts at exactly 1). */
  'debug/first_minibatch_ratio_dev': number;
  /** Epochs actually run (fewer than `updateEpochs` after a target-KL stop). */
  'debug/epochs': number;
  /** Seconds spent in this iteration on policy inference during the rollout. */
  'time/rollout_inference_s': number;
  /** Seconds spent stepping the envs. */
  'time/env_step_s': number;
  /** Seconds spent in GAE. */
  'time/gae_s': number;
  /** Seconds spent in `train()`. */
  'time/train_s': number;
  /** The episodes that ended during this rollout. */
  episodes: EpisodeRecord[];
}

/** Callbacks of `learn()`; any returning `false` stops training. */
export interface PPOCallbacks {
  /** After every vector-env step. */
  onStep?: (info: PPOStepInfo) => boolean | void;
  /** After a rollout is collected and GAE computed, before `train()`. */
  onRolloutEnd?: (info: { globalStep: number; iteration: number }) => boolean | void;
  /** After every update, with the metrics. */
  onUpdate?: (metrics: PPOMetrics) => boolean | void;
}

/** Options of `learn()`. */
export interface LearnOptions {
  /** Env steps to take; the number of iterations is ⌊totalTimesteps / (numEnvs · numSteps)⌋ (at least 1). */
  totalTimesteps: number;
  /** See {@link PPOCallbacks}. */
  callbacks?: PPOCallbacks | undefined;
}

/** What `train()` reports (numbers are those CleanRL logs). */
export interface TrainStats {
  /** Last minibatch's policy loss. */
  policyLoss: number;
  /** Last minibatch's value loss. */
  valueLoss: number;
  /** Last minibatch's mean entropy. */
  entropy: number;
  /** Last minibatch's mean(−log r). */
  oldApproxKl: number;
  /** Last minibatch's mean((r − 1) − log r). */
  approxKl: number;
  /** Mean clip fraction over all minibatches. */
  clipfrac: number;
  /** max |r − 1| on the first minibatch (0 by construction). */
  firstRatioDev: number;
  /** Epochs run. */
  epochs: number;
}

type Obs = ArrayLike<number> | number;

function flatSize(space: Space<unknown>, what: string): number {
  if (!(space instanceof Box)) throw new InvalidArgumentError(what, 'a Box space', String(space));
  return space.size;
}

/** PPO agent (see the module comment). Call `dispose()` when done. */
export class PPO {
  /** The resolved configuration. */
  readonly config: PPOConfig;
  /** The vector env PPO steps. */
  readonly envs: VectorEnv<unknown, unknown>;
  /** The actor-critic being trained. */
  readonly policy: ActorCritic;
  /** Env steps taken so far. */
  globalStep = 0;
  private readonly ownsEnvs: boolean;
  private readonly obsDim: number;
  private readonly discrete: Discrete | undefined;
  private readonly box: Box<'float32' | 'float64'> | undefined;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly actRng: Rng;
  private readonly shuffleRng: Rng;
  private readonly predictRng: Rng;
  private readonly buffer: RolloutBuffer;
  private readonly obs: Float32Array;
  private readonly act: ActBatchOut;
  private readonly episodeReturn: Float64Array;
  private readonly episodeLength: Float64Array;
  private readonly finalObs: Float32Array;
  private started = false;
  private timing = { inference: 0, env: 0, gae: 0 };
  private pendingEpisodes: EpisodeRecord[] = [];

  /**
   * @param env a vector env (continuous actions must then be clipped by the env itself), or a
   *   registered env id: PPO builds `numEnvs` copies with `makeVec` (wrapping each in `ClipAction`
   *   for Box actions).
   * @param options config fields and/or a preset name (see `PPOConfig`).
   */
  constructor(env: VectorEnv<unknown, unknown> | string, options: PPOOptions = {}) {
    let config = resolvePPOConfig(options);
    let actionBox: Box<'float32' | 'float64'> | undefined;
    if (typeof env === 'string') {
      const probe = make(env);
      const space = probe.actionSpace;
      probe.close?.();
      if (space instanceof Box) {
        actionBox = space as Box<'float32' | 'float64'>;
        this.envs = new SyncVectorEnv(
          Array.from({ length: config.numEnvs }, () => () => new ClipAction(make<unknown, Float32Array>(env))),
        );
      } else {
        this.envs = makeVec(env, config.numEnvs);
      }
      this.ownsEnvs = true;
    } else {
      if (env === null || typeof env !== 'object' || typeof env.step !== 'function') {
        throw new InvalidArgumentError('env', 'a VectorEnv or a registered env id', env);
      }
      this.envs = env;
      this.ownsEnvs = false;
      if (env.numEnvs !== config.numEnvs) config = resolvePPOConfig({ ...options, numEnvs: env.numEnvs });
    }
    this.config = config;
    this.obsDim = flatSize(this.envs.singleObservationSpace, 'observation space');
    const space = this.envs.singleActionSpace;
    if (space instanceof Discrete) this.discrete = space;
    else if (space instanceof Box) this.box = actionBox ?? (space as Box<'float32' | 'float64'>);
    else throw new InvalidArgumentError('action space', 'Discrete or Box', String(space));

    const rng = new Rng(config.seed);
    const initRng = rng.split();
    this.actRng = rng.split();
    this.shuffleRng = rng.split();
    this.predictRng = rng.split();
    const action = this.discrete !== undefined ? { kind: 'discrete' as const, n: this.discrete.n } : { kind: 'continuous' as const, dim: this.box!.size };
    this.policy = new ActorCritic({
      obsDim: this.obsDim,
      action,
      hiddenSizes: config.hiddenSizes,
      activation: config.activation,
      initLogStd: config.initLogStd,
      rng: initRng,
    });
    this.optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, config.adamEpsilon);
    const n = config.numEnvs;
    const actionDim = action.kind === 'discrete' ? 1 : action.dim;
    this.buffer = new RolloutBuffer({ numSteps: config.numSteps, numEnvs: n, obsDim: this.obsDim, actionDim });
    this.obs = new Float32Array(n * this.obsDim);
    this.finalObs = new Float32Array(this.obsDim);
    this.act = { actions: new Float64Array(n * actionDim), logProbs: new Float64Array(n), values: new Float64Array(n) };
    this.episodeReturn = new Float64Array(n);
    this.episodeLength = new Float64Array(n);
  }

  /** The rollout buffer of the last `collectRollouts()` (read it; PPO overwrites it every iteration). */
  get rollout(): RolloutBuffer {
    return this.buffer;
  }

  /** numEnvs · numSteps. */
  get batchSize(): number {
    return this.config.numEnvs * this.config.numSteps;
  }

  private setObs(target: Float32Array, offset: number, o: unknown): void {
    if (typeof o === 'number') {
      target[offset] = o;
      return;
    }
    const arr = o as ArrayLike<number>;
    for (let k = 0; k < this.obsDim; k++) target[offset + k] = arr[k]!;
  }

  private envActions(): number[] | Float64Array {
    const n = this.config.numEnvs;
    if (this.discrete !== undefined) {
      const out = new Array<number>(n);
      for (let e = 0; e < n; e++) out[e] = this.discrete.start + this.act.actions[e]!;
      return out;
    }
    return this.act.actions;
  }

  /**
   * Runs `numSteps` steps of every env with the current policy, fills the rollout buffer and
   * computes GAE. Returns false when `onStep` asked to stop (the buffer is then incomplete).
   */
  collectRollouts(callbacks: PPOCallbacks = {}): boolean {
    const c = this.config;
    const n = c.numEnvs;
    const d = this.obsDim;
    const buf = this.buffer;
    if (!this.started) {
      const { observations } = this.envs.reset({ seed: c.seed });
      observations.forEach((o, e) => this.setObs(this.obs, e * d, o));
      this.started = true;
    }
    buf.reset();
    let proceed = true;
    for (let t = 0; t < c.numSteps; t++) {
      const base = t * n;
      buf.observations.set(this.obs, base * d);
      let t0 = performance.now();
      this.policy.actBatch(this.obs, n, this.actRng, false, this.act);
      this.timing.inference += performance.now() - t0;
      buf.actions.set(this.act.actions, base * buf.actionDim);
      buf.logProbs.set(this.act.logProbs, base);
      buf.values.set(this.act.values, base);

      t0 = performance.now();
      const step = this.envs.step(this.envActions());
      this.timing.env += performance.now() - t0;
      this.globalStep += n;
      const episodes: EpisodeRecord[] = [];
      for (let e = 0; e < n; e++) {
        const i = base + e;
        buf.rewards[i] = step.rewards[e]!;
        buf.terminated[i] = step.terminated[e]!;
        buf.truncated[i] = step.truncated[e]!;
        this.episodeReturn[e] = this.episodeReturn[e]! + step.rewards[e]!;
        this.episodeLength[e] = this.episodeLength[e]! + 1;
        if (step.terminated[e] === 1 || step.truncated[e] === 1) {
          if (step.truncated[e] === 1 && step.terminated[e] !== 1) {
            this.setObs(this.finalObs, 0, step.finalObservations[e]);
            const t1 = performance.now();
            buf.finalValues[i] = this.policy.value(this.finalObs);
            this.timing.inference += performance.now() - t1;
          }
          episodes.push({ globalStep: this.globalStep, return: this.episodeReturn[e]!, length: this.episodeLength[e]! });
          this.episodeReturn[e] = 0;
          this.episodeLength[e] = 0;
        }
        this.setObs(this.obs, e * d, step.observations[e]);
      }
      buf.step = t + 1;
      if (episodes.length > 0) this.pendingEpisodes.push(...episodes);
      if (callbacks.onStep?.({ globalStep: this.globalStep, episodes }) === false) {
        proceed = false;
        break;
      }
    }
    if (!proceed) return false;

    const t0 = performance.now();
    const lastValue = new Float64Array(n);
    for (let e = 0; e < n; e++) lastValue[e] = this.policy.value(this.obs, e * d);
    this.timing.inference += performance.now() - t0;
    const t1 = performance.now();
    gae({
      rewards: buf.rewards,
      values: buf.values,
      terminated: buf.terminated,
      truncated: buf.truncated,
      finalValues: buf.finalValues,
      lastValue,
      gamma: c.gamma,
      lambda: c.gaeLambda,
      numEnvs: n,
      out: { advantages: buf.advantages, returns: buf.returns },
    });
    this.timing.gae += performance.now() - t1;
    return true;
  }

  /** Minibatch tensors for the given sample indices (the caller disposes them). */
  private minibatch(idx: Int32Array, start: number, size: number, oldLogProbs: Float32Array) {
    const buf = this.buffer;
    const d = this.obsDim;
    const ad = buf.actionDim;
    const obs = new Float32Array(size * d);
    const actions = new Float32Array(size * ad);
    const oldLogp = new Float32Array(size);
    const adv = new Float32Array(size);
    const ret = new Float32Array(size);
    const val = new Float32Array(size);
    for (let k = 0; k < size; k++) {
      const i = idx[start + k]!;
      obs.set(buf.observations.subarray(i * d, i * d + d), k * d);
      actions.set(buf.actions.subarray(i * ad, i * ad + ad), k * ad);
      oldLogp[k] = oldLogProbs[i]!;
      adv[k] = buf.advantages[i]!;
      ret[k] = buf.returns[i]!;
      val[k] = buf.values[i]!;
    }
    if (this.config.normAdv && size > 1) {
      let mean = 0;
      for (let k = 0; k < size; k++) mean += adv[k]!;
      mean /= size;
      let ss = 0;
      for (let k = 0; k < size; k++) ss += (adv[k]! - mean) ** 2;
      const std = Math.sqrt(ss / (size - 1)); // unbiased, like torch.std()
      for (let k = 0; k < size; k++) adv[k] = (adv[k]! - mean) / (std + 1e-8);
    }
    const actionT =
      this.discrete !== undefined
        ? tf.tensor2d(oneHotValues(actions, this.discrete.n), [size, this.discrete.n])
        : tf.tensor2d(actions, [size, ad]);
    return {
      obs: tf.tensor2d(obs, [size, d]),
      actions: actionT,
      oldLogp: tf.tensor1d(oldLogp),
      adv: tf.tensor1d(adv),
      ret: tf.tensor1d(ret),
      val: tf.tensor1d(val),
    };
  }

  private logProbAndEntropy(actorOut: tf.Tensor2D, actions: tf.Tensor2D): { logp: tf.Tensor1D; entropy: tf.Scalar } {
    if (this.discrete !== undefined) {
      return { logp: categoricalLogProb(actorOut, actions), entropy: tf.mean<tf.Scalar>(categoricalEntropy(actorOut)) };
    }
    const logStd = this.policy.logStd as unknown as tf.Tensor1D;
    return { logp: gaussianLogProb(actorOut, logStd, actions), entropy: gaussianEntropy(logStd) };
  }

  /**
   * The PPO update on the current rollout buffer (see the module comment).
   *
   * log π_old is recomputed here with the tfjs network, minibatch by minibatch in the order of the
   * first epoch, so the first minibatch's ratio is exactly 1 (the rollout's float64 values differ
   * from float32 tfjs ones in the last bits).
   *
   * @param clipCoef ε for this update (default the configured one).
   */
  train(clipCoef = this.config.clipCoef): TrainStats {
    const c = this.config;
    const B = this.buffer.size;
    const mb = B / c.numMinibatches;
    const vars = this.policy.trainableVariables;
    const oldLogProbs = new Float32Array(B);
    let perm = this.shuffleRng.permutation(B);
    for (let start = 0; start < B; start += mb) {
      const batch = this.minibatch(perm, start, mb, oldLogProbs);
      const logp = tf.tidy(() => {
        const { actorOut } = this.policy.forward(batch.obs);
        return this.logProbAndEntropy(actorOut, batch.actions).logp;
      });
      const values = logp.dataSync();
      for (let k = 0; k < mb; k++) oldLogProbs[perm[start + k]!] = values[k]!;
      logp.dispose();
      tf.dispose(batch);
    }

    let clipfracSum = 0;
    let clipfracCount = 0;
    let last: Float32Array | Float64Array | Int32Array | Uint8Array = new Float32Array(7);
    let firstRatioDev = Number.NaN;
    let epochs = 0;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      if (epoch > 0) perm = this.shuffleRng.permutation(B);
      epochs++;
      for (let start = 0; start < B; start += mb) {
        const batch = this.minibatch(perm, start, mb, oldLogProbs);
        const aux = tf.tidy(() => {
          let stats: tf.Tensor | undefined;
          const { grads } = tf.variableGrads(() => {
            const { actorOut, values } = this.policy.forward(batch.obs);
            const { logp, entropy } = this.logProbAndEntropy(actorOut, batch.actions);
            const logratio = tf.sub(logp, batch.oldLogp);
            const ratio = tf.exp(logratio);
            const pgLoss = clippedSurrogateLoss(ratio as tf.Tensor1D, batch.adv, clipCoef);
            const vLoss = valueLossTensor(values, batch.val, batch.ret, { clipCoef: c.clipVloss ? clipCoef : null });
            const loss = tf.add<tf.Scalar>(tf.sub(pgLoss, tf.mul(c.entCoef, entropy)), tf.mul(c.vfCoef, vLoss));
            const dev = tf.abs(tf.sub(ratio, 1));
            stats = tf.keep(
              tf.stack([
                pgLoss,
                vLoss,
                entropy,
                tf.mean(tf.neg(logratio)),
                tf.mean(tf.sub(tf.sub(ratio, 1), logratio)),
                tf.mean(tf.cast(tf.greater(dev, clipCoef), 'float32')),
                tf.max(dev),
              ]),
            );
            return loss;
          }, vars);
          const list = vars.map((v) => grads[v.name]!);
          const clipped = clipGradNorm(list, c.maxGradNorm);
          this.optimizer.applyGradients(vars.map((v, k) => ({ name: v.name, tensor: clipped.grads[k]! })));
          return stats!;
        });
        last = aux.dataSync();
        aux.dispose();
        tf.dispose(batch);
        if (Number.isNaN(firstRatioDev)) firstRatioDev = last[6]!;
        clipfracSum += last[5]!;
        clipfracCount++;
      }
      if (c.targetKl !== null && last[4]! > c.targetKl) break;
    }
    this.policy.syncMirror();
    return {
      policyLoss: last[0]!,
      valueLoss: last[1]!,
      entropy: last[2]!,
      oldApproxKl: last[3]!,
      approxKl: last[4]!,
      clipfrac: clipfracSum / clipfracCount,
      firstRatioDev,
      epochs,
    };
  }

  /** Explained variance of the rollout's values against the return targets (NaN if var(returns) = 0). */
  private explainedVariance(): number {
    const { returns, values, size } = this.buffer;
    let my = 0;
    let md = 0;
    for (let i = 0; i < size; i++) {
      my += returns[i]!;
      md += returns[i]! - values[i]!;
    }
    my /= size;
    md /= size;
    let vy = 0;
    let vd = 0;
    for (let i = 0; i < size; i++) {
      vy += (returns[i]! - my) ** 2;
      const diff = returns[i]! - values[i]! - md;
      vd += diff * diff;
    }
    return vy === 0 ? Number.NaN : 1 - vd / vy;
  }

  /** Trains for `totalTimesteps` env steps (see the module comment). */
  learn(options: LearnOptions): this {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('learn options', 'an object { totalTimesteps, callbacks? }', options);
    const total = assertInteger('totalTimesteps', options.totalTimesteps, 1);
    const callbacks = options.callbacks ?? {};
    const c = this.config;
    const iterations = Math.max(1, Math.floor(total / this.batchSize));
    const startTime = performance.now();
    const startStep = this.globalStep;
    for (let iteration = 1; iteration <= iterations; iteration++) {
      const frac = 1 - (iteration - 1) / iterations;
      const lr = c.annealLr ? frac * c.learningRate : c.learningRate;
      (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
      const clipCoef = c.annealClip ? frac * c.clipCoef : c.clipCoef;
      this.timing = { inference: 0, env: 0, gae: 0 };
      this.pendingEpisodes = [];

      if (!this.collectRollouts(callbacks)) break;
      if (callbacks.onRolloutEnd?.({ globalStep: this.globalStep, iteration }) === false) break;

      const t0 = performance.now();
      const stats = this.train(clipCoef);
      const trainS = (performance.now() - t0) / 1e3;
      const episodes = this.pendingEpisodes;
      const metrics: PPOMetrics = {
        global_step: this.globalStep,
        iteration,
        'charts/SPS': (this.globalStep - startStep) / ((performance.now() - startTime) / 1e3),
        'charts/learning_rate': lr,
        'charts/clip_coef': clipCoef,
        'losses/policy_loss': stats.policyLoss,
        'losses/value_loss': stats.valueLoss,
        'losses/entropy': stats.entropy,
        'losses/old_approx_kl': stats.oldApproxKl,
        'losses/approx_kl': stats.approxKl,
        'losses/clipfrac': stats.clipfrac,
        'losses/explained_variance': this.explainedVariance(),
        'debug/first_minibatch_ratio_dev': stats.firstRatioDev,
        'debug/epochs': stats.epochs,
        'time/rollout_inference_s': this.timing.inference / 1e3,
        'time/env_step_s': this.timing.env / 1e3,
        'time/gae_s': this.timing.gae / 1e3,
        'time/train_s': trainS,
        episodes,
      };
      if (episodes.length > 0) {
        metrics['charts/episodic_return'] = episodes.reduce((a, e) => a + e.return, 0) / episodes.length;
        metrics['charts/episodic_length'] = episodes.reduce((a, e) => a + e.length, 0) / episodes.length;
      }
      if (callbacks.onUpdate?.(metrics) === false) break;
    }
    return this;
  }

  /**
   * The action for one observation: sampled from π(·|obs) or, with `deterministic`, its mode
   * (argmax for discrete actions, the mean clipped to the action bounds for continuous ones).
   */
  predict(obs: Obs, options: { deterministic?: boolean } = {}): number | Float64Array {
    return this.actOne(obs, this.predictRng, options.deterministic ?? false);
  }

  private actOne(obs: Obs, rng: Rng, deterministic: boolean): number | Float64Array {
    const x = new Float32Array(this.obsDim);
    this.setObs(x, 0, obs);
    const out: ActBatchOut = {
      actions: new Float64Array(this.buffer.actionDim),
      logProbs: new Float64Array(1),
      values: new Float64Array(1),
    };
    this.policy.actBatch(x, 1, rng, deterministic, out);
    if (this.discrete !== undefined) return this.discrete.start + out.actions[0]!;
    return Float64Array.from(this.box!.clip(out.actions));
  }

  /**
   * Runs the policy for `episodes` episodes on `env` with mdp-core's `evaluatePolicy`
   * (deterministic by default) and reports the returns.
   */
  evaluate(env: Env<unknown, unknown>, episodes: number, options: { seed?: number; deterministic?: boolean } = {}): EvaluationResult {
    const deterministic = options.deterministic ?? true;
    return evaluatePolicy(env, (obs, rng) => this.actOne(obs as Obs, rng, deterministic), { episodes, seed: options.seed ?? 0 });
  }

  /** Releases the network variables and optimiser state, and closes envs PPO created. */
  dispose(): void {
    this.policy.dispose();
    this.optimizer.dispose();
    if (this.ownsEnvs) this.envs.close();
  }
}
