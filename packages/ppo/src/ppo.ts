/**
 * Proximal Policy Optimization (Schulman et al., 2017), following CleanRL's `ppo.py` with the
 * interface of Stable-Baselines3: `new PPO(envOrId, config)`, `learn({ totalTimesteps, callbacks })`,
 * `predict(obs, { deterministic })`, `evaluate(env, episodes)`, `save(dir)`, `PPO.load(dir)`.
 *
 * What `learn()` does, per iteration, until the step budget is spent:
 *  1. Anneal the learning rate (and, if asked, the clip ε) linearly over the run:
 *     frac = 1 − (iteration − 1) / iterations.
 *  2. `collectRollouts()`: `numSteps` steps of all `numEnvs` envs. Each step the policy samples
 *     actions and records log π_old(a|s) and V_old(s); continuous actions are clipped to the action
 *     space for the env but stored unclipped; the vector env steps (same-step autoreset); for every
 *     truncated episode, V_old of its final observation is kept to bootstrap it (CleanRL does not,
 *     and loses Pendulum because of it). Observations and rewards are normalised first when asked.
 *     Then GAE(γ, λ) gives advantages and return targets.
 *  3. `train()`: `updateEpochs` passes over the batch in `numMinibatches` shuffled minibatches.
 *     Per minibatch: advantages normalised (mean 0, std 1), ratio r = exp(log π − log π_old),
 *     loss = clipped surrogate − entCoef · entropy + vfCoef · value loss (see `ppo-loss.ts`),
 *     gradient clipped to global norm `maxGradNorm`, one Adam step. After each epoch, stop early
 *     if approx KL > `targetKl`.
 *  4. `onUpdate(metrics)` with CleanRL's metric names.
 * Any callback returning `false` stops training (after the current step or update).
 *
 * Needs a TensorFlow.js backend: `await initBackend()` from `@bellman/mdp-core/tf` first.
 */
import * as tf from '@tensorflow/tfjs';
import {
  InvalidArgumentError,
  Rng,
  assertInteger,
  assertKnownKeys,
  evaluatePolicy,
  gae,
  makeVec,
  restoreEnvState,
  snapshotEnvState,
  stopRequested,
  type CallbackResult,
  type Env,
  type EnvState,
  type EvaluationResult,
  type RngState,
  type VectorEnv,
} from '@bellman/mdp-core';
import { CheckpointError, loadTensors, saveTensors } from '@bellman/mdp-core/tf';
import { Adam } from './adam.js';
import { clipGradNorm } from './clip-grad-norm.js';
import { resolvePPOConfig, type PPOConfig, type PPOOptions } from './config.js';
import { ParallelCritic } from './parallel-critic.js';
import { ActorCritic, type ActBatchOut } from './policy.js';
import { EnvIO, type EnvIOState } from './env-io.js';
import type { EpisodeRecord, PPOMetrics, PPOStepInfo, TrainStats } from './metrics.js';
import { headLogProbs, ppoLoss, type PolicyHead, type PPOLossResult } from './ppo-loss.js';
import { gatherMinibatch, type Minibatch } from './minibatch.js';
import { RolloutBuffer } from './rollout-buffer.js';

/** Callbacks of `learn()`; any returning `false` stops training. */
export interface PPOCallbacks {
  /** After every vector-env step. */
  onStep?: ((info: PPOStepInfo) => CallbackResult) | undefined;
  /** After a rollout is collected and GAE computed, before `train()`. */
  onRolloutEnd?: ((info: { globalStep: number; iteration: number }) => CallbackResult) | undefined;
  /** After every update, with the metrics. */
  onUpdate?: ((metrics: PPOMetrics) => CallbackResult) | undefined;
}

/** Options of `learn()`. */
export interface LearnOptions {
  /**
   * Env steps to take. The run has ⌊totalTimesteps / (numEnvs · numSteps)⌋ iterations (at least
   * 1), over which the learning rate (and ε) anneal.
   */
  totalTimesteps: number;
  /** See {@link PPOCallbacks}. */
  callbacks?: PPOCallbacks | undefined;
  /**
   * Start a new run (SB3's default): the step counter and the annealing restart. With `false`, the
   * call continues the current run, whose target becomes `numTimesteps + totalTimesteps` — e.g.
   * after a callback stopped it, or after `PPO.load` — exactly as if it had never stopped (when the
   * first call and this one target the same total).
   */
  resetNumTimesteps?: boolean | undefined;
}

/** Options of {@link PPO.load}. */
export interface PPOLoadOptions {
  /**
   * The vector env to continue on (its spaces must match), or an env id. Default: the saved env id
   * (when the agent was built from one), with the saved env state restored.
   */
  env?: VectorEnv<unknown, unknown> | string | undefined;
}

const FORMAT = 'bellman-ppo';
const VERSION = 1;
/** learn() yields to the event loop at most this often (ms), so timers, signals and I/O can run. */
const YIELD_EVERY_MS = 50;

interface SavedMeta {
  format: typeof FORMAT;
  version: typeof VERSION;
  config: PPOConfig;
  envId: string | null;
  spaces: { observation: unknown; action: unknown };
  state: {
    numTimesteps: number;
    iteration: number;
    runIterations: number;
    adamStep: number;
    rng: { act: RngState; shuffle: RngState; predict: RngState };
    /** Observation / reward statistics. */
    io: EnvIOState;
    started: boolean;
    /** The current (raw) observations and episode counters of every env. */
    observations: number[];
    episodeReturn: number[];
    episodeLength: number[];
    /** The vector env's own state, when it can be snapshot (`snapshotEnvState`). */
    env: EnvState | null;
  };
}

/** Whether a callback asked to stop (awaiting only asynchronous results). */
async function shouldStop(result: CallbackResult): Promise<boolean> {
  const verdict = stopRequested(result);
  return verdict === true || (verdict !== false && (await verdict));
}

function isVectorEnv(x: unknown): x is VectorEnv<unknown, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { step?: unknown }).step === 'function' && typeof (x as { numEnvs?: unknown }).numEnvs === 'number';
}

/** PPO agent (see the module comment). Call `dispose()` when done. */
export class PPO {
  /** The resolved configuration. */
  readonly config: PPOConfig;
  /** The vector env PPO steps. */
  readonly envs: VectorEnv<unknown, unknown>;
  /** The registered id the envs were made from (null for a vector env passed in). */
  readonly envId: string | null;
  /** The actor-critic being trained. */
  readonly policy: ActorCritic;
  /** The action distribution. */
  readonly head: PolicyHead;
  /** Observation, reward and action conversion between the envs and the networks. */
  readonly io: EnvIO;
  /** Env steps taken in the current run. */
  numTimesteps = 0;
  private readonly ownsEnvs: boolean;
  private readonly obsDim: number;
  private readonly adam: Adam;
  private readonly actRng: Rng;
  private readonly shuffleRng: Rng;
  private readonly predictRng: Rng;
  private readonly buffer: RolloutBuffer;
  private readonly act: ActBatchOut;
  private readonly episodeReturn: Float64Array;
  private readonly episodeLength: Float64Array;
  /** Inputs of the batched value pass: the rollout, the next observations, final observations. */
  private readonly valueInput: Float32Array;
  private readonly grad: Float32Array;
  private critic: ParallelCritic | undefined;
  private paramsVersion = 0;
  private iteration = 0;
  private runIterations = 0;
  private started = false;
  private disposed = false;
  private timing = { inference: 0, env: 0 };
  private pendingEpisodes: EpisodeRecord[] = [];

  /**
   * @param env a vector env, or a registered env id (PPO builds `numEnvs` copies with `makeVec`).
   * @param options config fields and/or a preset name (see `PPOConfig`).
   */
  constructor(env: VectorEnv<unknown, unknown> | string, options: PPOOptions = {}) {
    let config = resolvePPOConfig(options);
    if (typeof env === 'string') {
      this.envs = makeVec(env, config.numEnvs);
      this.envId = env;
      this.ownsEnvs = true;
    } else {
      if (!isVectorEnv(env)) throw new InvalidArgumentError('env', 'a VectorEnv or a registered env id', env);
      this.envs = env;
      this.envId = null;
      this.ownsEnvs = false;
      if (env.numEnvs !== config.numEnvs) config = resolvePPOConfig({ ...options, numEnvs: env.numEnvs });
    }
    this.config = config;
    try {
      this.io = new EnvIO(this.envs, config);
      this.obsDim = this.io.obsDim;
      this.head = this.io.head;
    } catch (error) {
      if (this.ownsEnvs) this.envs.close();
      throw error;
    }

    const rng = new Rng(config.seed);
    const initRng = rng.split();
    this.actRng = rng.split();
    this.shuffleRng = rng.split();
    this.predictRng = rng.split();
    this.policy = new ActorCritic({
      obsDim: this.obsDim,
      head: this.head,
      hiddenSizes: config.hiddenSizes,
      activation: config.activation,
      shareTrunk: config.shareTrunk,
      initLogStd: config.initLogStd,
      rng: initRng,
      sharedMemory: config.parallelCritic,
    });
    this.adam = new Adam(this.policy.size, { beta1: 0.9, beta2: 0.999, epsilon: config.adamEpsilon });
    this.grad = config.parallelCritic ? new Float32Array(new SharedArrayBuffer(4 * this.policy.size)) : new Float32Array(this.policy.size);
    const n = config.numEnvs;
    const aw = this.policy.actionWidth;
    this.buffer = new RolloutBuffer({ numSteps: config.numSteps, numEnvs: n, obsDim: this.obsDim, actionDim: aw });
    this.valueInput = new Float32Array((2 * this.buffer.size + n) * this.obsDim);
    this.act = { actions: new Float64Array(n * aw), logProbs: new Float64Array(n) };
    this.episodeReturn = new Float64Array(n);
    this.episodeLength = new Float64Array(n);
    if (config.parallelCritic) this.critic = this.startCritic();
  }

  /** Starts the critic's worker thread (it loads tfjs while the first rollout runs). */
  private startCritic(): ParallelCritic {
    return ParallelCritic.start({
      backend: tf.getBackend(),
      sizes: this.policy.nets[0]!.sizes,
      activation: this.config.activation,
      obsDim: this.obsDim,
      maxRows: 2 * this.buffer.size + this.config.numEnvs,
      params: this.policy.params,
      grad: this.grad,
    });
  }

  /** Alias of {@link numTimesteps} (CleanRL's name). */
  get globalStep(): number {
    return this.numTimesteps;
  }

  /** The rollout buffer of the last `collectRollouts()` (read it; PPO overwrites it every iteration). */
  get rollout(): RolloutBuffer {
    return this.buffer;
  }

  /** numEnvs · numSteps. */
  get batchSize(): number {
    return this.config.numEnvs * this.config.numSteps;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('this PPO agent was disposed');
  }

  /**
   * Runs `numSteps` steps of every env with the current policy, fills the rollout buffer and
   * computes GAE. Resolves to false when `onStep` asked to stop (the buffer is then incomplete).
   */
  async collectRollouts(callbacks: PPOCallbacks = {}): Promise<boolean> {
    this.assertUsable();
    const c = this.config;
    const n = c.numEnvs;
    const d = this.obsDim;
    const buf = this.buffer;
    const aw = buf.actionDim;
    const io = this.io;
    if (!this.started) {
      io.reset(c.seed);
      this.started = true;
    }
    buf.reset();
    const truncatedRows: number[] = [];
    for (let t = 0; t < c.numSteps; t++) {
      const base = t * n;
      buf.observations.set(io.input, base * d);
      let t0 = performance.now();
      this.policy.actBatch(io.input, n, this.actRng, false, this.act);
      this.timing.inference += performance.now() - t0;
      buf.actions.set(this.act.actions, base * aw);
      buf.logProbs.set(this.act.logProbs, base);

      t0 = performance.now();
      const step = io.step(this.act.actions);
      this.timing.env += performance.now() - t0;
      this.numTimesteps += n;
      const episodes: EpisodeRecord[] = [];
      for (let e = 0; e < n; e++) {
        const i = base + e;
        const r = step.rewards[e]!;
        const done = step.terminated[e] === 1 || step.truncated[e] === 1;
        buf.rewards[i] = io.scaleReward(e, r, done);
        buf.terminated[i] = step.terminated[e]!;
        buf.truncated[i] = step.truncated[e]!;
        this.episodeReturn[e] = this.episodeReturn[e]! + r;
        this.episodeLength[e] = this.episodeLength[e]! + 1;
        if (done) {
          if (step.truncated[e] === 1 && step.terminated[e] !== 1) {
            // bootstrapped from V(final observation), evaluated with the other values below
            const raw = new Float64Array(d);
            io.encode(step.finalObservations[e], raw, 0);
            io.normalize(raw, 0, this.valueInput, (buf.size + n + truncatedRows.length) * d);
            truncatedRows.push(i);
          }
          episodes.push({ globalStep: this.numTimesteps, return: this.episodeReturn[e]!, length: this.episodeLength[e]! });
          this.episodeReturn[e] = 0;
          this.episodeLength[e] = 0;
        }
      }
      io.observe(step.observations);
      buf.step = t + 1;
      if (episodes.length > 0) this.pendingEpisodes.push(...episodes);
      if (callbacks.onStep !== undefined && (await shouldStop(callbacks.onStep({ globalStep: this.numTimesteps, episodes })))) return false;
    }

    // V_old of every stored observation, of the next ones and of truncated episodes' final ones,
    // in one batched pass (the policy did not change during the rollout)
    const t0 = performance.now();
    this.valueInput.set(buf.observations, 0);
    this.valueInput.set(io.input, buf.size * d);
    const rows = buf.size + n + truncatedRows.length;
    const v = this.batchValues(rows);
    for (let i = 0; i < buf.size; i++) buf.values[i] = v[i]!;
    const lastValue = new Float64Array(n);
    for (let e = 0; e < n; e++) lastValue[e] = v[buf.size + e]!;
    truncatedRows.forEach((i, k) => (buf.finalValues[i] = v[buf.size + n + k]!));
    this.timing.inference += performance.now() - t0;
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
    return true;
  }

  /** V(s) of the first `rows` rows of `valueInput` (on the critic's thread with `parallelCritic`). */
  private batchValues(rows: number): Float32Array {
    const x = this.valueInput.subarray(0, rows * this.obsDim);
    if (this.critic !== undefined) {
      this.critic.x.set(x);
      this.critic.begin(rows, this.paramsVersion, null);
      this.critic.end();
      return this.critic.values.slice(0, rows);
    }
    return tf.tidy(() => this.policy.valuesOf(tf.tensor2d(x, [rows, this.obsDim])));
  }

  /**
   * The PPO update on the current rollout buffer (see the module comment).
   *
   * log π_old is recomputed with the training network (float32) before the first step of the
   * update: for the first minibatch from the very forward pass its gradient step uses, so its
   * ratio is exactly 1; for the other minibatches of the first epoch in a forward pass over them
   * before any step.
   *
   * @param clipCoef ε for this update (default the configured one).
   * @param learningRate Adam's step size for this update (default the configured one).
   */
  train(clipCoef = this.config.clipCoef, learningRate = this.config.learningRate): TrainStats {
    this.assertUsable();
    const c = this.config;
    const B = this.buffer.size;
    const mb = B / c.numMinibatches;
    const d = this.obsDim;
    const policy = this.policy;
    const head = this.head;
    const oldLogProbs = new Float64Array(B);
    let perm = this.shuffleRng.permutation(B);

    // log π_old of minibatches 2.. of the first epoch, before any step
    for (let start = mb; start < B; start += mb) {
      const { x, actions } = gatherMinibatch(this.buffer, perm, start, mb, this.config.normAdv);
      const out = tf.tidy(() => policy.actorOutputs(tf.tensor2d(x, [mb, d])));
      const lp = headLogProbs(head, mb, out, actions, policy.logStd, new Float64Array(mb));
      for (let k = 0; k < mb; k++) oldLogProbs[perm[start + k]!] = lp[k]!;
    }

    const grads = {
      actorOut: new Float32Array(mb * policy.headWidth),
      values: new Float32Array(mb),
      logStd: new Float64Array(head.kind === 'gaussian' ? head.dim : 0),
    };
    const mbOldLogp = new Float64Array(mb);
    const lossOptions = { clipCoef, clipVloss: c.clipVloss, entCoef: c.entCoef, vfCoef: c.vfCoef, logStd: undefined as Float32Array | undefined };
    let clipfracSum = 0;
    let clipfracCount = 0;
    let last: (ReturnType<typeof ppoLoss> & { gradNorm: number }) | undefined;
    let firstRatioDev = Number.NaN;
    let epochs = 0;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      if (epoch > 0) perm = this.shuffleRng.permutation(B);
      epochs++;
      for (let start = 0; start < B; start += mb) {
        const batch = gatherMinibatch(this.buffer, perm, start, mb, this.config.normAdv);
        let result: PPOLossResult | undefined;
        if (c.parallelCritic) result = this.parallelStep(batch, mb, epoch === 0 && start === 0, perm, start, oldLogProbs, mbOldLogp, grads, lossOptions);
        else tf.tidy(() => {
          const x = tf.tensor2d(batch.x, [mb, d]);
          const ev = policy.evaluate(x);
          try {
            if (epoch === 0 && start === 0) {
              const lp = headLogProbs(head, mb, ev.actorOut, batch.actions, policy.logStd, mbOldLogp);
              for (let k = 0; k < mb; k++) oldLogProbs[perm[k]!] = lp[k]!;
            }
            for (let k = 0; k < mb; k++) mbOldLogp[k] = oldLogProbs[perm[start + k]!]!;
            lossOptions.logStd = head.kind === 'gaussian' ? policy.logStd : undefined;
            const res = ppoLoss(
              head,
              {
                size: mb,
                actorOut: ev.actorOut,
                values: ev.values,
                actions: batch.actions,
                oldLogProbs: mbOldLogp,
                advantages: batch.adv,
                returns: batch.returns,
                oldValues: batch.oldValues,
              },
              lossOptions,
              grads,
            );
            this.grad.fill(0);
            policy.backward(tf.tensor2d(batch.xT, [d, mb]), ev, grads.actorOut, grads.values, this.grad);
            for (let k = 0; k < grads.logStd.length; k++) this.grad[policy.logStdOffset + k] = grads.logStd[k]!;
            result = res;
          } finally {
            policy.release(ev);
          }
        });
        const gradNorm = clipGradNorm(this.grad, c.maxGradNorm);
        this.adam.update(policy.params, this.grad, learningRate);
        this.paramsVersion++;
        policy.upload(c.parallelCritic);
        last = { ...result!, gradNorm };
        if (Number.isNaN(firstRatioDev)) firstRatioDev = last.maxRatioDev;
        clipfracSum += last.clipfrac;
        clipfracCount++;
      }
      if (c.targetKl !== null && last!.approxKl > c.targetKl) break;
    }
    return {
      policyLoss: last!.policyLoss,
      valueLoss: last!.valueLoss,
      entropy: last!.entropy,
      oldApproxKl: last!.oldApproxKl,
      approxKl: last!.approxKl,
      clipfrac: clipfracSum / clipfracCount,
      gradNorm: last!.gradNorm,
      firstRatioDev,
      epochs,
    };
  }

  /**
   * One minibatch's loss and gradient with the critic on its worker thread: the minibatch goes to
   * shared memory, the worker computes the value loss and the critic's gradient while this thread
   * does the actor's, and the two meet before clipping.
   */
  private parallelStep(
    batch: Minibatch,
    mb: number,
    firstOfUpdate: boolean,
    perm: Int32Array,
    start: number,
    oldLogProbs: Float64Array,
    mbOldLogp: Float64Array,
    grads: { actorOut: Float32Array; values: Float32Array; logStd: Float64Array },
    lossOptions: { clipCoef: number; clipVloss: boolean; entCoef: number; vfCoef: number; logStd: Float32Array | undefined },
  ): PPOLossResult {
    const c = this.config;
    const d = this.obsDim;
    const policy = this.policy;
    this.critic ??= this.startCritic();
    const critic = this.critic;
    critic.x.set(batch.x);
    critic.xT.set(batch.xT);
    critic.returns.set(batch.returns);
    critic.oldValues.set(batch.oldValues);
    critic.begin(mb, this.paramsVersion, { clipCoef: lossOptions.clipCoef, clipVloss: c.clipVloss, vfCoef: c.vfCoef });
    let res: PPOLossResult | undefined;
    let valueLoss = Number.NaN;
    try {
      tf.tidy(() => {
        policy.ensureUploaded();
        const actor = policy.actorNet;
        const x = tf.tensor2d(batch.x, [mb, d]);
        const acts = actor.forward(x);
        const actorOut = acts.out.dataSync() as Float32Array;
        if (firstOfUpdate) {
          const lp = headLogProbs(this.head, mb, actorOut, batch.actions, policy.logStd, mbOldLogp);
          for (let k = 0; k < mb; k++) oldLogProbs[perm[k]!] = lp[k]!;
        }
        for (let k = 0; k < mb; k++) mbOldLogp[k] = oldLogProbs[perm[start + k]!]!;
        lossOptions.logStd = this.head.kind === 'gaussian' ? policy.logStd : undefined;
        // the value part is the worker's: no value gradient here
        res = ppoLoss(
          this.head,
          { size: mb, actorOut, values: batch.returns, actions: batch.actions, oldLogProbs: mbOldLogp, advantages: batch.adv, returns: batch.returns, oldValues: batch.oldValues },
          { ...lossOptions, vfCoef: 0 },
          grads,
        );
        this.grad.fill(0, actor.offset, actor.offset + actor.size);
        const colSums = new Float64Array(policy.headWidth);
        for (let i = 0; i < mb; i++) for (let k = 0; k < policy.headWidth; k++) colSums[k] = colSums[k]! + grads.actorOut[i * policy.headWidth + k]!;
        actor.backward(tf.tensor2d(batch.xT, [d, mb]), acts, tf.tensor2d(grads.actorOut, [mb, policy.headWidth]), colSums, this.grad);
        for (let k = 0; k < grads.logStd.length; k++) this.grad[policy.logStdOffset + k] = grads.logStd[k]!;
      });
    } finally {
      valueLoss = critic.end();
    }
    const r = res!;
    return { ...r, valueLoss, loss: r.policyLoss - c.entCoef * r.entropy + c.vfCoef * valueLoss };
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

  /** Trains (see the module comment and {@link LearnOptions}). Resolves to the agent. */
  async learn(options: LearnOptions): Promise<this> {
    this.assertUsable();
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError('learn options', 'an object { totalTimesteps, callbacks? }', options);
    assertKnownKeys('learn options', options, ['totalTimesteps', 'callbacks', 'resetNumTimesteps']);
    const total = assertInteger('totalTimesteps', options.totalTimesteps, 1);
    const callbacks = options.callbacks ?? {};
    const c = this.config;
    if (options.resetNumTimesteps ?? true) {
      this.numTimesteps = 0;
      this.iteration = 0;
      this.runIterations = Math.max(1, Math.floor(total / this.batchSize));
    } else {
      // continue the run toward numTimesteps + total (counted from its start), with its annealing
      this.runIterations = Math.max(this.iteration + 1, Math.floor((this.numTimesteps + total) / this.batchSize));
    }
    const startTime = performance.now();
    const startStep = this.numTimesteps;
    let lastYield = startTime;
    while (this.iteration < this.runIterations) {
      const iteration = this.iteration + 1;
      const frac = 1 - (iteration - 1) / this.runIterations;
      const lr = c.annealLr ? frac * c.learningRate : c.learningRate;
      const clipCoef = c.annealClip ? frac * c.clipCoef : c.clipCoef;
      this.timing = { inference: 0, env: 0 };
      this.pendingEpisodes = [];

      if (!(await this.collectRollouts(callbacks))) break;
      if (callbacks.onRolloutEnd !== undefined && (await shouldStop(callbacks.onRolloutEnd({ globalStep: this.numTimesteps, iteration })))) break;

      const t0 = performance.now();
      const stats = this.train(clipCoef, lr);
      this.iteration = iteration;
      const trainS = (performance.now() - t0) / 1e3;
      const episodes = this.pendingEpisodes;
      const elapsed = (performance.now() - startTime) / 1e3;
      const metrics: PPOMetrics = {
        global_step: this.numTimesteps,
        iteration,
        'charts/SPS': elapsed > 0 ? (this.numTimesteps - startStep) / elapsed : 0,
        'charts/learning_rate': lr,
        'charts/clip_coef': clipCoef,
        'losses/policy_loss': stats.policyLoss,
        'losses/value_loss': stats.valueLoss,
        'losses/entropy': stats.entropy,
        'losses/old_approx_kl': stats.oldApproxKl,
        'losses/approx_kl': stats.approxKl,
        'losses/clipfrac': stats.clipfrac,
        'losses/explained_variance': this.explainedVariance(),
        'losses/grad_norm': stats.gradNorm,
        'debug/first_minibatch_ratio_dev': stats.firstRatioDev,
        'debug/epochs': stats.epochs,
        'time/rollout_inference_s': this.timing.inference / 1e3,
        'time/env_step_s': this.timing.env / 1e3,
        'time/train_s': trainS,
        episodes,
      };
      if (episodes.length > 0) {
        metrics['charts/episodic_return'] = episodes.reduce((a, e) => a + e.return, 0) / episodes.length;
        metrics['charts/episodic_length'] = episodes.reduce((a, e) => a + e.length, 0) / episodes.length;
      }
      if (callbacks.onUpdate !== undefined && (await shouldStop(callbacks.onUpdate(metrics)))) break;
      const now = performance.now();
      if (now - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    return this;
  }

  /**
   * The action for one observation: sampled from π(·|obs) or, with `deterministic`, its mode
   * (argmax for discrete actions, the mean clipped to the action bounds for continuous ones).
   * Continuous samples are clipped to the action space too, as the env receives them.
   */
  predict(obs: unknown, options: { deterministic?: boolean } = {}): number | Float64Array | Int32Array {
    this.assertUsable();
    return this.actOne(obs, this.predictRng, options.deterministic ?? false);
  }

  private actOne(obs: unknown, rng: Rng, deterministic: boolean): number | Float64Array | Int32Array {
    const raw = new Float64Array(this.obsDim);
    this.io.encode(obs, raw, 0);
    const x = new Float32Array(this.obsDim);
    this.io.normalize(raw, 0, x, 0);
    const aw = this.policy.actionWidth;
    const out: ActBatchOut = { actions: new Float64Array(aw), logProbs: new Float64Array(1) };
    this.policy.actBatch(x, 1, rng, deterministic, out);
    return this.io.envAction(out.actions);
  }

  /**
   * Runs the policy for `episodes` episodes on `env` with mdp-core's `evaluatePolicy`
   * (deterministic by default) and reports the returns.
   */
  evaluate(env: Env<unknown, unknown>, episodes: number, options: { seed?: number; deterministic?: boolean } = {}): EvaluationResult {
    this.assertUsable();
    const deterministic = options.deterministic ?? true;
    return evaluatePolicy(env, (obs, rng) => this.actOne(obs, rng, deterministic), { episodes, seed: options.seed ?? 0 });
  }

  /**
   * Writes the agent to directory `dir` (created if needed) as `ppo.json` + `ppo.bin`: config,
   * spaces, parameters, Adam's moments, normalisation statistics, step and iteration counters,
   * generator states, the current observations and — when the vector env supports it
   * (`snapshotEnvState`) — the envs' state. Written atomically (temp file + rename). A loaded
   * agent continues a run exactly: `learn({ totalTimesteps: N, resetNumTimesteps: false })` after
   * `PPO.load` gives what the uninterrupted run would have.
   */
  async save(dir: string): Promise<void> {
    this.assertUsable();
    const adam = this.adam.getState();
    let envState: EnvState | null = null;
    try {
      envState = this.started ? snapshotEnvState(this.envs) : null;
    } catch {
      envState = null; // e.g. worker-thread envs: a loaded agent then starts new episodes
    }
    const meta: SavedMeta = {
      format: FORMAT,
      version: VERSION,
      config: { ...this.config, hiddenSizes: [...this.config.hiddenSizes] },
      envId: this.envId,
      spaces: this.io.spacesJSON(),
      state: {
        numTimesteps: this.numTimesteps,
        iteration: this.iteration,
        runIterations: this.runIterations,
        adamStep: adam.step,
        rng: { act: this.actRng.getState(), shuffle: this.shuffleRng.getState(), predict: this.predictRng.getState() },
        io: this.io.getState(),
        started: this.started && envState !== null,
        observations: Array.from(this.io.raw),
        episodeReturn: Array.from(this.episodeReturn),
        episodeLength: Array.from(this.episodeLength),
        env: envState,
      },
    };
    const record = {
      params: tf.tensor1d(this.policy.params),
      adam_m: tf.tensor1d(adam.m),
      adam_v: tf.tensor1d(adam.v),
    };
    try {
      await saveTensors(dir, 'ppo', record, meta);
    } finally {
      tf.dispose(Object.values(record));
    }
  }

  /**
   * Reads an agent written by {@link save}. Without `options.env` it rebuilds the envs from the
   * saved env id and restores their state. Needs an initialised TensorFlow.js backend.
   *
   * @throws CheckpointError when the files are missing, corrupt or not a PPO checkpoint
   */
  static async load(dir: string, options: PPOLoadOptions = {}): Promise<PPO> {
    assertKnownKeys('load options', options, ['env']);
    const { tensors, meta } = await loadTensors<SavedMeta>(dir, 'ppo');
    let agent: PPO | undefined;
    try {
      if (meta?.format !== FORMAT || meta.version !== VERSION) throw new CheckpointError(`${dir}/ppo.json is not a ${FORMAT} v${VERSION} checkpoint`);
      const env = options.env ?? meta.envId;
      if (env === null) throw new InvalidArgumentError('env', 'a vector env (the agent was saved with one passed in, not an env id)', null);
      agent = new PPO(env, meta.config);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const spaces = agent.io.spacesJSON();
      if (!same(spaces, meta.spaces)) {
        throw new InvalidArgumentError('env', `spaces ${JSON.stringify(meta.spaces)}`, JSON.stringify(spaces));
      }
      const get = (name: string, size: number): Float32Array => {
        const t = tensors[name];
        if (t === undefined || t.size !== size) throw new CheckpointError(`${dir}/ppo.json: ${name} is missing or has the wrong size`);
        return t.dataSync() as Float32Array;
      };
      const size = agent.policy.size;
      agent.policy.params.set(get('params', size));
      agent.policy.upload();
      agent.adam.setState({ step: meta.state.adamStep, m: get('adam_m', size), v: get('adam_v', size) });
      const s = meta.state;
      agent.numTimesteps = s.numTimesteps;
      agent.iteration = s.iteration;
      agent.runIterations = s.runIterations;
      agent.actRng.setState(s.rng.act);
      agent.shuffleRng.setState(s.rng.shuffle);
      agent.predictRng.setState(s.rng.predict);
      agent.io.setState(s.io);
      if (s.started && s.env !== null && options.env === undefined) {
        restoreEnvState(agent.envs, s.env);
        agent.io.raw.set(s.observations);
        agent.io.refreshInput();
        agent.episodeReturn.set(s.episodeReturn);
        agent.episodeLength.set(s.episodeLength);
        agent.started = true;
      }
      return agent;
    } catch (error) {
      agent?.dispose();
      throw error;
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  /** Releases the uploaded tensors and closes envs PPO created. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.policy.dispose();
    this.critic?.close();
    this.critic = undefined;
    if (this.ownsEnvs) this.envs.close();
  }
}
