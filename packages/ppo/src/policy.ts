/**
 * The actor-critic: two separate MLPs built from tf variables (CleanRL's `Agent`), an actor giving
 * logits (discrete) or means (continuous, with a learned state-independent log σ) and a critic
 * giving V(s). Orthogonal init with gain √2 on hidden layers, 0.01 on the actor head and 1 on the
 * critic head; zero biases.
 *
 * Training uses the tfjs forward pass (`forward`). Acting uses a plain TypeScript copy of the
 * weights (`syncMirror()` refreshes it after each update): for the small networks and batches of a
 * few envs PPO steps with, this is much faster than a tfjs call per step, and deterministic.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Rng } from '@bellman/mdp-core';
import { orthogonalValues, variableFromValues } from '@bellman/mdp-core/tf';
import { argmax, logSoftmaxRow, sampleCategorical } from './distributions/categorical.js';
import { gaussianLogProbRow } from './distributions/diagonal-gaussian.js';

/** What kind of actions the policy outputs. */
export type ActionKind = { kind: 'discrete'; n: number } | { kind: 'continuous'; dim: number };

/** Options of {@link ActorCritic}. */
export interface ActorCriticOptions {
  /** Flat observation size. */
  obsDim: number;
  /** Action kind and size. */
  action: ActionKind;
  /** Hidden widths of each network. */
  hiddenSizes: readonly number[];
  /** Hidden activation. */
  activation: 'tanh' | 'relu';
  /** Initial log σ (continuous only). */
  initLogStd: number;
  /** Generator for the orthogonal init. */
  rng: Rng;
}

/** Output of {@link ActorCritic.forward}; the caller owns the tensors. */
export interface ActorCriticOutput {
  /** Logits [B, n] (discrete) or means [B, d] (continuous). */
  actorOut: tf.Tensor2D;
  /** V(s), shape [B]. */
  values: tf.Tensor1D;
}

/** Per-env results of {@link ActorCritic.actBatch}, written into caller buffers. */
export interface ActBatchOut {
  /** Discrete: action index per env (length n). Continuous: n × d action values. */
  actions: Float64Array;
  /** log π(a|s) per env. */
  logProbs: Float64Array;
  /** V(s) per env. */
  values: Float64Array;
}

/**
 * x · W with a hand-written gradient that transposes explicitly: tfjs's own matMul gradient calls
 * matMul with transposeA / transposeB, which is many times slower on the wasm backend.
 */
const matMulExplicitGrad = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [
      tf.matMul(dy, tf.transpose(saved[1]! as tf.Tensor2D)),
      tf.matMul(tf.transpose(saved[0]! as tf.Tensor2D), dy),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad<tf.Tensor2D>>[0]);

/**
 * tanh(x) computed as 2·σ(2x) − 1 (equal up to float32 rounding), with the gradient 1 − tanh²:
 * tfjs-wasm's tanh kernel is scalar code, about 2.5× slower than its vectorised sigmoid.
 */
const fastTanh = tf.customGrad(((x: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [tf.mul(dy, tf.sub(1, tf.square(saved[0]!)))],
  };
}) as unknown as Parameters<typeof tf.customGrad<tf.Tensor2D>>[0]);

interface Layer {
  kernel: tf.Variable;
  bias: tf.Variable;
  inSize: number;
  outSize: number;
}

function buildMlp(sizes: readonly number[], headGain: number, rng: Rng): Layer[] {
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inSize = sizes[l]!;
    const outSize = sizes[l + 1]!;
    const gain = l + 2 === sizes.length ? headGain : Math.SQRT2;
    layers.push({
      kernel: variableFromValues(orthogonalValues([inSize, outSize], gain, rng), [inSize, outSize]),
      bias: variableFromValues(new Float32Array(outSize), [outSize]),
      inSize,
      outSize,
    });
  }
  return layers;
}

/** The actor-critic network (see the module comment). Call `dispose()` when done. */
export class ActorCritic {
  /** Observation size. */
  readonly obsDim: number;
  /** Action kind. */
  readonly action: ActionKind;
  /** Width of the actor's output (n or d). */
  readonly actionSize: number;
  private readonly activation: 'tanh' | 'relu';
  private readonly actor: Layer[];
  private readonly critic: Layer[];
  /** Learned log σ (continuous only). */
  readonly logStd: tf.Variable | undefined;
  private mirrorActor: Float32Array[] = [];
  private mirrorCritic: Float32Array[] = [];
  private mirrorLogStd: Float32Array = new Float32Array(0);
  private readonly actorBufs: Float64Array[];
  private readonly criticBufs: Float64Array[];
  private readonly logpBuf: Float64Array;

  constructor(options: ActorCriticOptions) {
    const { obsDim, action, hiddenSizes, activation, initLogStd, rng } = options;
    this.obsDim = obsDim;
    this.action = action;
    this.activation = activation;
    this.actionSize = action.kind === 'discrete' ? action.n : action.dim;
    if (!Number.isInteger(this.actionSize) || this.actionSize < 1) throw new InvalidArgumentError('action size', 'a positive integer', this.actionSize);
    // Critic first, then actor, like CleanRL's Agent.
    this.critic = buildMlp([obsDim, ...hiddenSizes, 1], 1, rng);
    this.actor = buildMlp([obsDim, ...hiddenSizes, this.actionSize], 0.01, rng);
    this.logStd =
      action.kind === 'continuous' ? variableFromValues(new Float32Array(action.dim).fill(initLogStd), [action.dim]) : undefined;
    this.actorBufs = this.actor.map((l) => new Float64Array(l.outSize));
    this.criticBufs = this.critic.map((l) => new Float64Array(l.outSize));
    this.logpBuf = new Float64Array(this.actionSize);
    this.syncMirror();
  }

  /** The variables the optimiser updates (critic, actor, then log σ if any). */
  get trainableVariables(): tf.Variable[] {
    const vars: tf.Variable[] = [];
    for (const l of [...this.critic, ...this.actor]) vars.push(l.kernel, l.bias);
    if (this.logStd !== undefined) vars.push(this.logStd);
    return vars;
  }

  private mlp(layers: Layer[], x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    layers.forEach((l, i) => {
      h = tf.add(matMulExplicitGrad(h, l.kernel), l.bias);
      if (i + 1 < layers.length) h = this.activation === 'tanh' ? fastTanh(h) : tf.relu(h);
    });
    return h;
  }

  /** Batched tfjs forward pass over observations [B, obsDim]. */
  forward(obs: tf.Tensor2D): ActorCriticOutput {
    return tf.tidy(() => ({
      actorOut: this.mlp(this.actor, obs),
      values: tf.reshape<tf.Rank.R1>(this.mlp(this.critic, obs), [-1]),
    }));
  }

  /** Copies the current variable values into the TypeScript mirror used for acting. */
  syncMirror(): void {
    this.mirrorActor = this.actor.flatMap((l) => [l.kernel.dataSync() as Float32Array, l.bias.dataSync() as Float32Array]).map((a) => a.slice());
    this.mirrorCritic = this.critic.flatMap((l) => [l.kernel.dataSync() as Float32Array, l.bias.dataSync() as Float32Array]).map((a) => a.slice());
    if (this.logStd !== undefined) this.mirrorLogStd = (this.logStd.dataSync() as Float32Array).slice();
  }

  /** Current log σ as numbers (continuous only; empty otherwise). */
  get logStdValues(): Float32Array {
    return this.mirrorLogStd;
  }

  private mirrorForward(weights: Float32Array[], layers: Layer[], bufs: Float64Array[], x: ArrayLike<number>, offset: number): Float64Array {
    let input: ArrayLike<number> = x;
    let inOffset = offset;
    for (let l = 0; l < layers.length; l++) {
      const { inSize, outSize } = layers[l]!;
      const w = weights[2 * l]!;
      const b = weights[2 * l + 1]!;
      const out = bufs[l]!;
      for (let j = 0; j < outSize; j++) out[j] = b[j]!;
      for (let i = 0; i < inSize; i++) {
        const xi = input[inOffset + i]!;
        if (xi === 0) continue;
        const row = i * outSize;
        for (let j = 0; j < outSize; j++) out[j] = out[j]! + xi * w[row + j]!;
      }
      if (l + 1 < layers.length) {
        if (this.activation === 'tanh') for (let j = 0; j < outSize; j++) out[j] = Math.tanh(out[j]!);
        else for (let j = 0; j < outSize; j++) if (out[j]! < 0) out[j] = 0;
      }
      input = out;
      inOffset = 0;
    }
    return bufs[layers.length - 1]!;
  }

  /** V(s) for one observation starting at `offset` in `obs` (mirror, float64). */
  value(obs: ArrayLike<number>, offset = 0): number {
    return this.mirrorForward(this.mirrorCritic, this.critic, this.criticBufs, obs, offset)[0]!;
  }

  /**
   * Actor output (logits or means) for one observation (mirror). Returns an internal buffer that
   * the next call overwrites.
   */
  actorOutput(obs: ArrayLike<number>, offset = 0): Float64Array {
    return this.mirrorForward(this.mirrorActor, this.actor, this.actorBufs, obs, offset);
  }

  /**
   * Acts for `n` observations laid out row-major in `obs` (n × obsDim): samples (or, with
   * `deterministic`, takes the mode), and writes actions, log-probabilities and values into `out`.
   */
  actBatch(obs: ArrayLike<number>, n: number, rng: Rng, deterministic: boolean, out: ActBatchOut): void {
    const d = this.actionSize;
    for (let e = 0; e < n; e++) {
      const off = e * this.obsDim;
      out.values[e] = this.value(obs, off);
      const head = this.actorOutput(obs, off);
      if (this.action.kind === 'discrete') {
        const logp = logSoftmaxRow(head, d, 0, this.logpBuf);
        const a = deterministic ? argmax(head, 0, d) : sampleCategorical(logp, rng);
        out.actions[e] = a;
        out.logProbs[e] = logp[a]!;
      } else {
        const ls = this.mirrorLogStd;
        for (let k = 0; k < d; k++) out.actions[e * d + k] = deterministic ? head[k]! : head[k]! + Math.exp(ls[k]!) * rng.normal();
        out.logProbs[e] = gaussianLogProbRow(head, ls, out.actions.subarray(e * d, e * d + d));
      }
    }
  }

  /** Releases every variable. */
  dispose(): void {
    for (const v of this.trainableVariables) v.dispose();
  }
}
