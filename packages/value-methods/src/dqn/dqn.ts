/**
 * Deep Q-Network (Mnih et al., 2015) with the interface of Stable-Baselines3's `DQN`:
 * `new DQN(env, config)`, `learn({ totalTimesteps, callbacks })`, `predict(obs, { deterministic })`,
 * `save(dir)` / `DQN.load(dir)`.
 *
 * What `learn()` does, in order, until `totalTimesteps` env steps have been taken:
 *  1. Rollout: `trainFreq` env steps. Each step picks an action — uniformly at random while
 *     `numTimesteps < learningStarts`, else ε-greedy on the online Q-network — steps the env,
 *     stores (s, a, r, s′, terminated) in the replay buffer (s′ is the final observation when
 *     the episode ended; truncation is not terminal), resets the env at episode ends, updates
 *     the target network every `targetUpdateInterval` steps, moves ε along its linear schedule,
 *     and calls `onStep`.
 *  2. `onRolloutEnd`.
 *  3. Once `numTimesteps > learningStarts`: a training phase of `gradientSteps` gradient steps.
 *     Each samples `batchSize` transitions uniformly, forms TD targets with the target network
 *     (Double DQN optionally), takes the Huber loss on Q(s, a) − y, backpropagates, clips the
 *     gradient's global norm to `maxGradNorm` and takes an Adam step. Then `onUpdate(metrics)`.
 *
 * Any callback returning `false` stops training. Greedy actions for small networks come from a
 * plain TypeScript copy of the network refreshed after each training phase (`MlpMirror`, no
 * tensors); wide networks use one batch-of-one tfjs forward pass per step, which is faster there.
 *
 * Needs a TensorFlow.js backend: `await initBackend()` from `@bellman/mdp-core/tf` first.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Box,
  Discrete,
  InvalidArgumentError,
  Rng,
  assertInteger,
  assertKnownKeys,
  stopRequested,
  type CallbackResult,
  type Env,
  type RngState,
  type Space,
} from '@bellman/mdp-core';
import { CheckpointError, loadOptimizer, loadTensors, saveOptimizer, saveTensors } from '@bellman/mdp-core/tf';
import { linearSchedule, scheduleValue } from '../schedules.js';
import { clipByGlobalNorm } from './clip-grad-norm.js';
import { resolveDQNConfig, type DQNOptions, type ResolvedDQNConfig } from './config.js';
import { huberLoss, huberLossGradient } from './huber-loss.js';
import { MlpMirror, QNetwork, polyakUpdate } from './q-network.js';
import { ReplayBuffer, type ReplayBatch } from './replay-buffer.js';
import { tdTargets } from './td-target.js';

/** What DQN needs to know about an environment: a flat Box of observations and Discrete actions. */
export interface DQNSpaces {
  /** A `Box` (checked at run time); observations are flattened to `size` numbers. */
  readonly observationSpace: Space<unknown>;
  /** A `Discrete` (checked at run time). */
  readonly actionSpace: Space<number>;
}

/** An observation DQN accepts: a flat array of numbers. */
export type DQNObservation = ArrayLike<number>;

/** What `onStep` receives after every env step. */
export interface DQNStepInfo {
  /** Env steps taken so far (this one included). */
  numTimesteps: number;
  /** The action index taken (0-based; the env received `actionSpace.start + action`). */
  action: number;
  /** The step's reward. */
  reward: number;
  /** Whether the step reached a terminal state. */
  terminated: boolean;
  /** Whether the step was cut short (time limit); stored as non-terminal. */
  truncated: boolean;
  /** ε in effect for the next action. */
  explorationRate: number;
  /** Set when this step ended an episode: its undiscounted return and length. */
  episode?: { return: number; length: number } | undefined;
}

/**
 * Metrics passed to `onUpdate` after each training phase, named as CleanRL / SB3 log them.
 * `losses/*` are means over the phase's gradient steps.
 */
export interface DQNMetrics {
  /** Env steps taken so far. */
  global_step: number;
  /** Mean Huber TD loss. */
  'losses/td_loss': number;
  /** Mean Q(s, a) over the sampled transitions. */
  'losses/q_values': number;
  /** Mean global gradient norm before clipping. */
  'losses/grad_norm': number;
  /** Current ε. */
  'charts/epsilon': number;
  /** Env steps per second since this `learn()` call started (training time included). */
  'charts/SPS': number;
  /** Return of the last finished episode (absent before the first one ends). */
  'charts/episodic_return'?: number;
  /** Length of the last finished episode. */
  'charts/episodic_length'?: number;
  /** Mean return of the last 100 finished episodes (SB3's `rollout/ep_rew_mean`). */
  'rollout/ep_rew_mean'?: number;
  /** Mean length of the last 100 finished episodes. */
  'rollout/ep_len_mean'?: number;
  /** Gradient steps taken so far. */
  'train/n_updates': number;
}


/** Hooks into {@link DQN.learn}. Each may return `false` to stop training. */
export interface DQNCallbacks {
  /** After every env step (the transition is already stored). */
  onStep?: ((info: DQNStepInfo) => CallbackResult) | undefined;
  /** After each rollout of `trainFreq` steps, before its training phase. */
  onRolloutEnd?: ((info: { numTimesteps: number }) => CallbackResult) | undefined;
  /** After each training phase. */
  onUpdate?: ((metrics: DQNMetrics) => CallbackResult) | undefined;
}

/** Options of {@link DQN.learn}. */
export interface DQNLearnOptions {
  /** Env steps to take (counted from 0 when `resetNumTimesteps`, else added to `numTimesteps`). */
  totalTimesteps: number;
  /** Hooks called during training; see {@link DQNCallbacks}. */
  callbacks?: DQNCallbacks | undefined;
  /**
   * Restart the step counter at 0 (SB3's default), which also restarts the ε schedule.
   * `false` continues it: ε follows the schedule over `numTimesteps + totalTimesteps`.
   * Either way the call starts a fresh episode.
   */
  resetNumTimesteps?: boolean | undefined;
}

/** Options of {@link DQN.predict}. */
export interface DQNPredictOptions {
  /** Greedy action (true) or ε-greedy with the current exploration rate (false, SB3's default). */
  deterministic?: boolean | undefined;
}

/** Options of {@link DQN.save}. */
export interface DQNSaveOptions {
  /** Also write the replay buffer (SB3 keeps it out of `save`; needed to resume training exactly). Default `false`. */
  includeReplayBuffer?: boolean | undefined;
}

/** Options of {@link DQN.load}. */
export interface DQNLoadOptions<O extends DQNObservation> {
  /** The environment to train on or act in; its spaces must match the saved ones. */
  env?: Env<O, number> | undefined;
}

/** Result of one {@link DQN.train} call. */
export interface DQNTrainResult {
  /** Mean Huber TD loss over the gradient steps. */
  'losses/td_loss': number;
  /** Mean Q(s, a) of the sampled transitions. */
  'losses/q_values': number;
  /** Mean global gradient norm before clipping. */
  'losses/grad_norm': number;
  /** Gradient steps taken over the agent's life. */
  'train/n_updates': number;
}

const FORMAT = 'bellman-dqn';
const VERSION = 1;
const EPISODE_WINDOW = 100;
/** Networks with at least this many multiply-adds per forward pass act through tfjs rather than the TypeScript mirror. */
const TENSOR_FORWARD_MACS = 32_768;
/** learn() yields to the event loop at most this often (ms), so timers and I/O can run. */
const YIELD_EVERY_MS = 50;

interface SavedMeta {
  format: typeof FORMAT;
  version: typeof VERSION;
  config: ResolvedDQNConfig;
  spaces: { obsShape: number[]; obsSize: number; numActions: number; actionStart: number };
  state: {
    numTimesteps: number;
    nUpdates: number;
    nCalls: number;
    explorationRate: number;
    rng: { explore: RngState; sample: RngState; env: RngState };
    /** The last (up to 100) episodes' returns and lengths, behind `rollout/ep_rew_mean`. */
    episodes: { returns: number[]; lengths: number[] };
  };
  saveId: string;
  replayBuffer: boolean;
}

interface ReplayMeta {
  format: 'bellman-dqn-replay';
  saveId: string;
  pos: number;
  full: boolean;
}

function isEnv(x: unknown): x is Env<DQNObservation, number> {
  return typeof x === 'object' && x !== null && typeof (x as { step?: unknown }).step === 'function';
}

/** Box size and Discrete size of `spaces`, or an InvalidArgumentError naming what is wrong. */
function describeSpaces(spaces: DQNSpaces): { obsShape: number[]; obsSize: number; numActions: number; actionStart: number } {
  const obs = spaces.observationSpace as unknown;
  const act = spaces.actionSpace as unknown;
  if (!(obs instanceof Box)) throw new InvalidArgumentError('env.observationSpace', 'a Box (DQN needs vector observations)', String(obs));
  if (!(act instanceof Discrete)) throw new InvalidArgumentError('env.actionSpace', 'a Discrete space (DQN needs a finite action set)', String(act));
  return { obsShape: [...obs.shape], obsSize: obs.size, numActions: act.n, actionStart: act.start };
}

/**
 * A DQN agent for environments with vector observations and discrete actions.
 *
 * @example
 * ```ts
 * import { make } from '@bellman/mdp-core';
 * import { initBackend } from '@bellman/mdp-core/tf';
 * import { DQN, dqnPresets } from '@bellman/value-methods/dqn';
 *
 * await initBackend();
 * const env = make('CartPole-v1');
 * const agent = new DQN(env, { ...dqnPresets.cartpole.config, seed: 1 });
 * await agent.learn({
 *   totalTimesteps: dqnPresets.cartpole.totalTimesteps,
 *   callbacks: { onUpdate: (m) => console.log(m.global_step, m['rollout/ep_rew_mean']) },
 * });
 * const { observation } = env.reset({ seed: 123 });
 * const action = agent.predict(observation, { deterministic: true });
 * await agent.save('checkpoints/dqn-cartpole');
 * agent.dispose();
 * ```
 */
export class DQN<O extends DQNObservation = Float32Array> {
  /** The resolved hyperparameters (the seed filled in). */
  readonly config: ResolvedDQNConfig;
  /** Length of a flattened observation. */
  readonly observationSize: number;
  /** Number of discrete actions. */
  readonly numActions: number;
  /** The action space's `start`: action index i is sent to the env as `actionStart + i`. */
  readonly actionStart: number;
  /** The online Q-network. */
  readonly qNet: QNetwork;
  /** The target Q-network. */
  readonly qNetTarget: QNetwork;
  /** The replay buffer (`config.bufferSize` transitions). */
  readonly replayBuffer: ReplayBuffer;
  /** The Adam optimiser of the online network. */
  readonly optimizer: tf.AdamOptimizer;
  /** Env steps taken (reset by `learn()` unless `resetNumTimesteps: false`). */
  numTimesteps = 0;
  /** Gradient steps taken over the agent's life. */
  nUpdates = 0;
  /** Current ε of ε-greedy exploration. */
  explorationRate: number;

  private env: Env<O, number> | undefined;
  private readonly obsShape: number[];
  private nCalls = 0;
  private readonly exploreRng: Rng;
  private readonly sampleRng: Rng;
  private readonly envRng: Rng;
  private readonly mirror: MlpMirror;
  private weightsVersion = 0;
  private mirrorVersion = -1;
  private batch: ReplayBatch | undefined;
  private actionMask: Float32Array | undefined;
  private readonly episodeReturns: number[] = [];
  private readonly episodeLengths: number[] = [];
  private disposed = false;
  private useTensorForward: boolean | undefined;
  private inputRow: Float32Array | undefined;

  /**
   * @param env the environment to learn in (an `Env` with a Box observation space and a Discrete
   * action space), or just its spaces (`{ observationSpace, actionSpace }`) to build an agent
   * that only acts until {@link setEnv} is called.
   * @param options hyperparameters; see {@link DQNConfig} for each field and its default.
   */
  constructor(env: Env<O, number> | DQNSpaces, options: DQNOptions = {}) {
    const resolved = resolveDQNConfig(options);
    const seed = resolved.seed ?? Rng.fromEntropy().nextSeed();
    this.config = Object.freeze({ ...resolved, seed });
    if (typeof env !== 'object' || env === null) throw new InvalidArgumentError('env', 'an Env or { observationSpace, actionSpace }', env);
    const spaces = describeSpaces(env);
    this.obsShape = spaces.obsShape;
    this.observationSize = spaces.obsSize;
    this.numActions = spaces.numActions;
    this.actionStart = spaces.actionStart;
    this.env = isEnv(env) ? (env as Env<O, number>) : undefined;

    const root = new Rng(seed);
    const initRng = root.split();
    this.exploreRng = root.split();
    this.sampleRng = root.split();
    this.envRng = root.split();

    const c = this.config;
    const netOptions = { inputSize: this.observationSize, numActions: this.numActions, netArch: c.netArch, activation: c.activation };
    this.qNet = new QNetwork({ ...netOptions, rng: initRng });
    this.qNetTarget = new QNetwork({ ...netOptions, rng: initRng.clone() });
    polyakUpdate(this.qNetTarget.variables, this.qNet.variables, 1);
    this.optimizer = tf.train.adam(c.learningRate, 0.9, 0.999, c.adamEpsilon);
    this.replayBuffer = new ReplayBuffer({ capacity: c.bufferSize, obsSize: this.observationSize });
    this.mirror = new MlpMirror(this.qNet.layerSizes(), c.activation);
    this.explorationRate = c.explorationInitialEps;
  }

  /** The seed the agent was built with (drawn from entropy when the config had none). */
  get seed(): number {
    return this.config.seed;
  }

  /** The environment the agent learns in, if any. */
  getEnv(): Env<O, number> | undefined {
    return this.env;
  }

  /** Attaches (or replaces) the environment; its spaces must match the agent's. */
  setEnv(env: Env<O, number>): void {
    if (!isEnv(env)) throw new InvalidArgumentError('env', 'an Env (with reset and step)', env);
    const s = describeSpaces(env);
    if (s.obsSize !== this.observationSize || s.numActions !== this.numActions || s.actionStart !== this.actionStart) {
      throw new InvalidArgumentError(
        'env',
        `an env with ${this.observationSize}-dimensional observations and Discrete(${this.numActions}, start=${this.actionStart}) actions`,
        `${s.obsSize}-dimensional observations and Discrete(${s.numActions}, start=${s.actionStart})`,
      );
    }
    this.env = env;
  }

  /**
   * Trains for `totalTimesteps` env steps (see the module comment for the loop). Resolves to the
   * agent when done or when a callback returned `false`.
   */
  async learn(options: DQNLearnOptions): Promise<this> {
    this.assertUsable();
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('learn options', 'an object { totalTimesteps, callbacks? }', options);
    assertKnownKeys('learn options', options, ['totalTimesteps', 'callbacks', 'resetNumTimesteps']);
    const steps = assertInteger('totalTimesteps', options.totalTimesteps, 0);
    const env = this.env;
    if (env === undefined) throw new InvalidArgumentError('env', 'set (pass it to the constructor, load or setEnv) before learn()', undefined);
    const callbacks = options.callbacks ?? {};
    if (options.resetNumTimesteps ?? true) this.numTimesteps = 0;
    const totalTimesteps = this.numTimesteps + steps;
    const c = this.config;
    // SB3's get_linear_fn(initial, final, fraction) over this call's budget, in env steps:
    // ε_t = initial + (final − initial)·min(1, t / (fraction·total)).
    const epsilon = linearSchedule({
      start: c.explorationInitialEps,
      end: c.explorationFinalEps,
      duration: Math.max(c.explorationFraction * totalTimesteps, Number.MIN_VALUE),
      unit: 'step',
    });
    const startSteps = this.numTimesteps;
    const startTime = performance.now();
    let lastYield = startTime;

    // The current observation is copied, so envs that reuse one array for every step are safe.
    const obs = new Float32Array(this.observationSize);
    obs.set(this.checkObservation(env.reset({ seed: this.envRng.nextSeed() }).observation));
    let episodeReturn = 0;
    let episodeLength = 0;
    let lastEpisode: { return: number; length: number } | undefined;

    while (this.numTimesteps < totalTimesteps) {
      // 1. Rollout.
      let collected = 0;
      while (collected < c.trainFreq && this.numTimesteps < totalTimesteps) {
        const action = this.numTimesteps < c.learningStarts ? this.exploreRng.integer(this.numActions) : this.actionIndex(obs, false);
        const result = env.step(this.actionStart + action);
        const nextObs = this.checkObservation(result.observation);
        this.numTimesteps++;
        collected++;
        this.replayBuffer.add(obs, nextObs, action, result.reward, result.terminated);
        episodeReturn += result.reward;
        episodeLength++;
        let episode: { return: number; length: number } | undefined;
        if (result.terminated || result.truncated) {
          episode = { return: episodeReturn, length: episodeLength };
          lastEpisode = episode;
          this.recordEpisode(episodeReturn, episodeLength);
          episodeReturn = 0;
          episodeLength = 0;
          obs.set(this.checkObservation(env.reset().observation));
        } else {
          obs.set(nextObs);
        }
        // SB3's _on_step: target network, then ε.
        this.nCalls++;
        if (this.nCalls % c.targetUpdateInterval === 0) polyakUpdate(this.qNetTarget.variables, this.qNet.variables, c.tau);
        this.explorationRate = scheduleValue(epsilon, this.numTimesteps);
        if (callbacks.onStep !== undefined) {
          const info: DQNStepInfo = {
            numTimesteps: this.numTimesteps,
            action,
            reward: result.reward,
            terminated: result.terminated,
            truncated: result.truncated,
            explorationRate: this.explorationRate,
            episode,
          };
          const verdict = stopRequested(callbacks.onStep(info));
          if (verdict === true || (verdict !== false && (await verdict))) return this;
        }
      }
      // 2. End of rollout.
      if (callbacks.onRolloutEnd !== undefined) {
        const verdict = stopRequested(callbacks.onRolloutEnd({ numTimesteps: this.numTimesteps }));
        if (verdict === true || (verdict !== false && (await verdict))) return this;
      }
      // 3. Training phase.
      if (this.numTimesteps > c.learningStarts) {
        const gradientSteps = c.gradientSteps >= 0 ? c.gradientSteps : collected;
        if (gradientSteps > 0) {
          const trained = this.train(gradientSteps, c.batchSize);
          if (callbacks.onUpdate !== undefined) {
            const elapsed = (performance.now() - startTime) / 1000;
            const metrics: DQNMetrics = {
              global_step: this.numTimesteps,
              ...trained,
              'charts/epsilon': this.explorationRate,
              'charts/SPS': elapsed > 0 ? (this.numTimesteps - startSteps) / elapsed : 0,
            };
            if (lastEpisode !== undefined) {
              metrics['charts/episodic_return'] = lastEpisode.return;
              metrics['charts/episodic_length'] = lastEpisode.length;
              metrics['rollout/ep_rew_mean'] = mean(this.episodeReturns);
              metrics['rollout/ep_len_mean'] = mean(this.episodeLengths);
            }
            const verdict = stopRequested(callbacks.onUpdate(metrics));
            if (verdict === true || (verdict !== false && (await verdict))) return this;
          }
        }
      }
      const now = performance.now();
      if (now - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    return this;
  }

  /**
   * One training phase (SB3's `train(gradient_steps, batch_size)`): `gradientSteps` gradient
   * steps on minibatches of `batchSize` transitions from the replay buffer. Returns the mean
   * loss, mean Q(s, a) and mean pre-clipping gradient norm over the steps. Creates no lasting
   * tensors beyond the optimiser's slots on its first call.
   */
  train(gradientSteps: number, batchSize: number = this.config.batchSize): DQNTrainResult {
    this.assertUsable();
    assertInteger('gradientSteps', gradientSteps, 1);
    assertInteger('batchSize', batchSize, 1);
    if (this.replayBuffer.size === 0) throw new InvalidArgumentError('replay buffer', 'non-empty before train()', 'an empty buffer');
    let lossSum = 0;
    let qSum = 0;
    let normSum = 0;
    let totals: tf.Tensor1D | undefined;
    for (let i = 0; i < gradientSteps; i++) {
      const stepTotals = this.gradientStep(batchSize);
      if (totals === undefined) totals = stepTotals;
      else {
        const previous: tf.Tensor1D = totals;
        totals = tf.tidy(() => tf.add<tf.Tensor1D>(previous, stepTotals));
        previous.dispose();
        stepTotals.dispose();
      }
    }
    if (totals !== undefined) {
      const values = totals.dataSync();
      totals.dispose();
      lossSum = values[0]!;
      qSum = values[1]!;
      normSum = values[2]!;
    }
    this.nUpdates += gradientSteps;
    this.weightsVersion++;
    return {
      'losses/td_loss': lossSum / gradientSteps,
      'losses/q_values': qSum / gradientSteps,
      'losses/grad_norm': normSum / gradientSteps,
      'train/n_updates': this.nUpdates,
    };
  }

  /** One gradient step; returns [loss, mean Q(s, a), gradient norm] as a kept tensor. */
  private gradientStep(batchSize: number): tf.Tensor1D {
    const c = this.config;
    if (this.batch?.size !== batchSize) {
      this.batch = this.replayBuffer.emptyBatch(batchSize);
      this.actionMask = new Float32Array(batchSize * this.numActions);
    }
    const batch = this.replayBuffer.sample(batchSize, this.sampleRng, this.batch);
    const mask = this.actionMask!;
    mask.fill(0);
    for (let b = 0; b < batchSize; b++) mask[b * this.numActions + batch.actions[b]!] = 1;
    const d = this.observationSize;
    const nA = this.numActions;
    return tf.tidy(() => {
      const obs = tf.tensor2d(batch.obs, [batchSize, d]);
      const nextObs = tf.tensor2d(batch.nextObs, [batchSize, d]);
      const actionMask = tf.tensor2d(mask, [batchSize, nA]);
      const targets = tdTargets({
        nextQTarget: this.qNetTarget.apply(nextObs),
        nextQOnline: c.doubleQ ? this.qNet.apply(nextObs) : undefined,
        rewards: tf.tensor1d(batch.rewards),
        terminated: tf.tensor1d(batch.terminated),
        gamma: c.gamma,
      });
      const trace = this.qNet.forwardTrace(obs);
      const qTaken = tf.sum(tf.mul(trace.output, actionMask), 1);
      const loss = huberLoss(qTaken, targets, c.huberDelta);
      const dQTaken = huberLossGradient(qTaken, targets, c.huberDelta);
      const dOutput = tf.mul<tf.Tensor2D>(actionMask, tf.expandDims(dQTaken, 1));
      const { grads, norm } = clipByGlobalNorm(this.qNet.backward(trace, dOutput), c.maxGradNorm);
      const variables = this.qNet.variables;
      this.optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      return tf.stack([loss, tf.mean(qTaken), norm]) as tf.Tensor1D;
    });
  }

  /**
   * The action for one observation: ε-greedy with the current `explorationRate` (SB3's default,
   * `deterministic: false`), or the greedy action argmax_a Q(obs, a) (`deterministic: true`,
   * ties to the lowest index). Returns an element of the env's action space.
   */
  predict(observation: DQNObservation, options: DQNPredictOptions = {}): number {
    this.assertUsable();
    return this.actionStart + this.actionIndex(this.checkObservation(observation), options.deterministic ?? false);
  }

  /** Q(obs, ·) from the online network for one observation (a new array). */
  qValues(observation: DQNObservation): Float64Array {
    this.assertUsable();
    this.syncMirror();
    return this.mirror.forward(this.checkObservation(observation)).slice();
  }

  private actionIndex(obs: DQNObservation, deterministic: boolean): number {
    if (!deterministic && this.exploreRng.random() < this.explorationRate) return this.exploreRng.integer(this.numActions);
    return this.greedyAction(obs);
  }

  /**
   * argmax_a Q(obs, a). Small networks run on the TypeScript mirror (no tensors, a few µs);
   * wide ones (≥ {@link TENSOR_FORWARD_MACS} multiply-adds) run one batch-of-one forward pass
   * on the tfjs backend, which wins there on wasm (measured: 256-256 net, 45 µs vs 70–130 µs;
   * 64-64 net, 8 µs in TypeScript vs ~40 µs). The cpu backend always uses the mirror.
   */
  private greedyAction(obs: DQNObservation): number {
    if (this.useTensorForward === undefined) {
      const sizes = this.qNet.layerSizes();
      let macs = 0;
      for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l]! * sizes[l + 1]!;
      this.useTensorForward = macs >= TENSOR_FORWARD_MACS && tf.getBackend() !== 'cpu';
    }
    if (!this.useTensorForward) {
      this.syncMirror();
      return this.mirror.greedyAction(obs);
    }
    const input = this.inputRow ?? (this.inputRow = new Float32Array(this.observationSize));
    for (let i = 0; i < input.length; i++) input[i] = obs[i]!;
    const best = tf.tidy(() => tf.argMax(this.qNet.apply(tf.tensor2d(input, [1, input.length])), 1));
    const action = best.dataSync()[0]!;
    best.dispose();
    return action;
  }

  private syncMirror(): void {
    if (this.mirrorVersion !== this.weightsVersion) {
      this.mirror.setWeights(this.qNet.readWeights());
      this.mirrorVersion = this.weightsVersion;
    }
  }

  private checkObservation(obs: unknown): DQNObservation {
    const o = obs as DQNObservation | null | undefined;
    if (o === null || o === undefined || typeof o !== 'object' || o.length !== this.observationSize) {
      throw new InvalidArgumentError('observation', `an array of ${this.observationSize} numbers`, obs);
    }
    return o;
  }

  private recordEpisode(ret: number, length: number): void {
    this.episodeReturns.push(ret);
    this.episodeLengths.push(length);
    if (this.episodeReturns.length > EPISODE_WINDOW) {
      this.episodeReturns.shift();
      this.episodeLengths.shift();
    }
  }

  /**
   * Writes the agent to directory `dir` (created if needed): `dqn.json`/`dqn.bin` (config,
   * counters, generator states, online and target weights), `optimizer.json`/`.bin` (Adam's
   * state), and with `includeReplayBuffer` `replay_buffer.json`/`.bin`. Each file is written
   * atomically (see `saveTensors`). A saved agent resumes exactly: after `DQN.load`, further
   * `learn()` calls on an identically built env give the same updates as the original agent's.
   */
  async save(dir: string, options: DQNSaveOptions = {}): Promise<void> {
    this.assertUsable();
    assertKnownKeys('save options', options, ['includeReplayBuffer']);
    const includeReplayBuffer = options.includeReplayBuffer ?? false;
    const saveId = `${Date.now().toString(36)}-${this.numTimesteps}-${this.nUpdates}-${this.exploreRng.clone().nextUint32().toString(36)}`;
    const meta: SavedMeta = {
      format: FORMAT,
      version: VERSION,
      config: { ...this.config, netArch: [...this.config.netArch] },
      spaces: { obsShape: [...this.obsShape], obsSize: this.observationSize, numActions: this.numActions, actionStart: this.actionStart },
      state: {
        numTimesteps: this.numTimesteps,
        nUpdates: this.nUpdates,
        nCalls: this.nCalls,
        explorationRate: this.explorationRate,
        rng: { explore: this.exploreRng.getState(), sample: this.sampleRng.getState(), env: this.envRng.getState() },
        episodes: { returns: [...this.episodeReturns], lengths: [...this.episodeLengths] },
      },
      saveId,
      replayBuffer: includeReplayBuffer,
    };
    if (includeReplayBuffer) {
      const s = this.replayBuffer.getState();
      const n = s.capacity;
      const record = tf.tidy(() => ({
        obs: tf.tensor2d(s.obs, [n, s.obsSize]),
        next_obs: tf.tensor2d(s.nextObs, [n, s.obsSize]),
        actions: tf.tensor1d(s.actions, 'int32'),
        rewards: tf.tensor1d(s.rewards, 'float32'),
        terminated: tf.tensor1d(s.terminated, 'bool'),
      }));
      try {
        const replayMeta: ReplayMeta = { format: 'bellman-dqn-replay', saveId, pos: s.pos, full: s.full };
        await saveTensors(dir, 'replay_buffer', record, replayMeta);
      } finally {
        tf.dispose(Object.values(record));
      }
    }
    await saveOptimizer(dir, 'optimizer', this.optimizer, { saveId });
    await saveTensors(dir, 'dqn', { ...this.qNet.namedVariables('q_net'), ...this.qNetTarget.namedVariables('q_net_target') }, meta);
  }

  /**
   * Reads an agent written by {@link save} from `dir`. With `env`, the agent can continue
   * learning (the env's spaces must match the saved ones); the replay buffer is restored when it
   * was saved. Needs an initialised TensorFlow.js backend.
   *
   * @throws CheckpointError when files are missing, corrupt or from another save
   */
  static async load<O extends DQNObservation = Float32Array>(dir: string, options: DQNLoadOptions<O> = {}): Promise<DQN<O>> {
    assertKnownKeys('load options', options, ['env']);
    const { tensors, meta } = await loadTensors<SavedMeta>(dir, 'dqn');
    let agent: DQN<O> | undefined;
    try {
      if (meta?.format !== FORMAT || meta.version !== VERSION) {
        throw new CheckpointError(`${dir}/dqn.json is not a ${FORMAT} v${VERSION} checkpoint`);
      }
      const { spaces, state, config } = meta;
      const spaceLike: DQNSpaces = {
        observationSpace: new Box(-Infinity, Infinity, spaces.obsShape, 'float32'),
        actionSpace: new Discrete(spaces.numActions, spaces.actionStart),
      };
      agent = new DQN<O>(spaceLike, config);
      if (options.env !== undefined) agent.setEnv(options.env);
      const variables = { ...agent.qNet.namedVariables('q_net'), ...agent.qNetTarget.namedVariables('q_net_target') };
      for (const [key, v] of Object.entries(variables)) {
        const t = tensors[key];
        if (t === undefined || !tf.util.arraysEqual(t.shape, v.shape)) throw new CheckpointError(`${dir}/dqn.json: ${key} is missing or has the wrong shape`);
        v.assign(t);
      }
      agent.numTimesteps = state.numTimesteps;
      agent.nUpdates = state.nUpdates;
      agent.nCalls = state.nCalls;
      agent.explorationRate = state.explorationRate;
      agent.exploreRng.setState(state.rng.explore);
      agent.sampleRng.setState(state.rng.sample);
      agent.envRng.setState(state.rng.env);
      agent.episodeReturns.push(...state.episodes.returns.slice(-EPISODE_WINDOW));
      agent.episodeLengths.push(...state.episodes.lengths.slice(-EPISODE_WINDOW));
      agent.weightsVersion++;

      const optimizer = await loadOptimizer<{ saveId: string }>(dir, 'optimizer', agent.optimizer);
      if (optimizer.meta?.saveId !== meta.saveId) throw new CheckpointError(`${dir}: optimizer.json belongs to another save than dqn.json`);
      if (meta.replayBuffer) await agent.loadReplayBuffer(dir, meta.saveId);
      return agent;
    } catch (error) {
      agent?.dispose();
      throw error;
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  private async loadReplayBuffer(dir: string, saveId: string): Promise<void> {
    const { tensors, meta } = await loadTensors<ReplayMeta>(dir, 'replay_buffer');
    try {
      if (meta?.format !== 'bellman-dqn-replay' || meta.saveId !== saveId) {
        throw new CheckpointError(`${dir}: replay_buffer.json belongs to another save than dqn.json`);
      }
      const get = (name: string): tf.Tensor => {
        const t = tensors[name];
        if (t === undefined) throw new CheckpointError(`${dir}/replay_buffer.json lacks ${name}`);
        return t;
      };
      this.replayBuffer.setState({
        capacity: this.replayBuffer.capacity,
        obsSize: this.replayBuffer.obsSize,
        pos: meta.pos,
        full: meta.full,
        obs: get('obs').dataSync<'float32'>(),
        nextObs: get('next_obs').dataSync<'float32'>(),
        actions: Int32Array.from(get('actions').dataSync()),
        rewards: Float32Array.from(get('rewards').dataSync()),
        terminated: Uint8Array.from(get('terminated').dataSync()),
      });
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }

  /** Frees the networks' variables and the optimiser's state. The agent cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.qNet.dispose();
    this.qNetTarget.dispose();
    this.optimizer.dispose();
  }

  private assertUsable(): void {
    if (this.disposed) throw new InvalidArgumentError('DQN', 'not disposed', 'a disposed agent');
  }
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length === 0 ? Number.NaN : s / values.length;
}

