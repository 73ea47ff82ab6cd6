/**
 * The actor-critic (CleanRL's `Agent`): by default two separate MLPs, a critic giving V(s) and an
 * actor giving the policy head's parameters — logits (Discrete), concatenated logits
 * (MultiDiscrete) or means with a learned state-independent log σ (Box). With `shareTrunk`, one
 * MLP whose last layer has the head's columns followed by one value column.
 *
 * Init as CleanRL: orthogonal weights with gain √2 on hidden layers, 0.01 on the actor head and 1
 * on the critic head, zero biases, log σ = `initLogStd`.
 *
 * All parameters sit in one flat `Float32Array` (`params`): [critic | actor | log σ], or
 * [trunk | log σ]. Training runs the batched passes of {@link Mlp} on tfjs; acting runs the same
 * weights in TypeScript, one row at a time, which for a handful of envs is much faster than a
 * tfjs call per step (and needs no copy of the weights after an update).
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Rng } from '@bellman/mdp-core';
import { Mlp, type Activation, type MlpActivations } from './mlp.js';
import { argmax, logSoftmaxRow, sampleCategorical } from './distributions/categorical.js';
import { gaussianLogProbRow } from './distributions/diagonal-gaussian.js';
import { actionWidth, headWidth, type PolicyHead } from './ppo-loss.js';

/** Options of {@link ActorCritic}. */
export interface ActorCriticOptions {
  /** Flat observation size. */
  obsDim: number;
  /** The action distribution. */
  head: PolicyHead;
  /** Hidden widths (of each network, or of the shared trunk). */
  hiddenSizes: readonly number[];
  /** Hidden activation. */
  activation: Activation;
  /** One trunk for actor and critic instead of two networks. */
  shareTrunk: boolean;
  /** Initial log σ (Gaussian heads). */
  initLogStd: number;
  /** Generator for the orthogonal init. */
  rng: Rng;
  /** Allocate `params` on a SharedArrayBuffer (for a worker thread). Default false. */
  sharedMemory?: boolean | undefined;
}

/** Per-env results of {@link ActorCritic.actBatch}, written into caller buffers. */
export interface ActBatchOut {
  /** Actions, n × actionWidth: indices (0-based) or continuous values (unclipped samples). */
  actions: Float64Array;
  /** log π(a|s) per env. */
  logProbs: Float64Array;
}

/** A batched forward pass kept for the backward pass; release it with {@link ActorCritic.release}. */
export interface BatchEvaluation {
  /** Head outputs [B, headWidth] on the host. */
  actorOut: Float32Array;
  /** V(s) [B] on the host. */
  values: Float32Array;
  /** The networks' activations (tensors). */
  acts: MlpActivations[];
}

/** The actor-critic network (see the module comment). Call `dispose()` when done. */
export class ActorCritic {
  /** Observation size. */
  readonly obsDim: number;
  /** The action distribution. */
  readonly head: PolicyHead;
  /** Width of the head output. */
  readonly headWidth: number;
  /** Numbers per stored action. */
  readonly actionWidth: number;
  /** Whether actor and critic share one trunk. */
  readonly shareTrunk: boolean;
  /** Every parameter: [critic | actor | log σ] or [trunk | log σ]. Changed in place by training. */
  readonly params: Float32Array;
  /** Index of log σ in `params` (Gaussian heads; `params.length` otherwise). */
  readonly logStdOffset: number;
  /** The networks: [critic, actor], or [trunk]. */
  readonly nets: readonly Mlp[];
  private readonly logpBuf: Float64Array;
  private uploaded = false;

  constructor(options: ActorCriticOptions) {
    const { obsDim, head, hiddenSizes, activation, shareTrunk, initLogStd, rng } = options;
    if (!Number.isInteger(obsDim) || obsDim < 1) throw new InvalidArgumentError('obsDim', 'a positive integer', obsDim);
    this.obsDim = obsDim;
    this.head = head;
    this.headWidth = headWidth(head);
    this.actionWidth = actionWidth(head);
    this.shareTrunk = shareTrunk;
    const logStdSize = head.kind === 'gaussian' ? head.dim : 0;
    const alloc = (n: number) => (options.sharedMemory === true ? new Float32Array(new SharedArrayBuffer(4 * n)) : new Float32Array(n));
    if (shareTrunk) {
      const sizes = [obsDim, ...hiddenSizes, this.headWidth + 1];
      const trunk = new Mlp(sizes, activation, 0);
      this.nets = [trunk];
      this.logStdOffset = trunk.size;
      this.params = alloc(trunk.size + logStdSize);
      trunk.initialize(this.params, rng, [
        [this.headWidth, 0.01],
        [1, 1],
      ]);
    } else {
      // Critic first, then actor, like CleanRL's Agent.
      const criticSizes = [obsDim, ...hiddenSizes, 1];
      const critic = new Mlp(criticSizes, activation, 0);
      const actor = new Mlp([obsDim, ...hiddenSizes, this.headWidth], activation, critic.size);
      this.nets = [critic, actor];
      this.logStdOffset = critic.size + actor.size;
      this.params = alloc(this.logStdOffset + logStdSize);
      critic.initialize(this.params, rng, 1);
      actor.initialize(this.params, rng, 0.01);
    }
    this.params.fill(initLogStd, this.logStdOffset);
    this.logpBuf = new Float64Array(this.headWidth);
  }

  /** Number of parameters. */
  get size(): number {
    return this.params.length;
  }

  /** log σ (a view into `params`; empty for discrete heads). */
  get logStd(): Float32Array {
    return this.params.subarray(this.logStdOffset);
  }

  /**
   * Uploads the current parameters for the batched passes (after every change of `params`).
   * With `actorOnly`, only the actor's (separate networks; the critic is then another thread's).
   */
  upload(actorOnly = false): void {
    if (actorOnly && !this.shareTrunk) {
      this.nets[1]!.upload(this.params);
      this.nets[0]!.invalidate();
      return;
    }
    for (const net of this.nets) net.upload(this.params);
    this.uploaded = true;
  }

  /** The actor network (separate networks only). */
  get actorNet(): Mlp {
    if (this.shareTrunk) throw new InvalidArgumentError('shareTrunk', 'false to use the actor network alone', true);
    return this.nets[1]!;
  }

  /** Uploads the parameters unless that was done since the last change. */
  ensureUploaded(): void {
    if (!this.uploaded) this.upload();
  }

  /**
   * Batched forward pass of `x` [B, obsDim], outputs copied to the host. Keep the result for
   * {@link backward} and {@link release} it afterwards.
   */
  evaluate(x: tf.Tensor2D): BatchEvaluation {
    this.ensureUploaded();
    const B = x.shape[0];
    const acts = this.nets.map((net) => net.forward(x));
    if (this.shareTrunk) {
      const out = acts[0]!.out.dataSync() as Float32Array;
      const w = this.headWidth;
      const actorOut = new Float32Array(B * w);
      const values = new Float32Array(B);
      for (let i = 0; i < B; i++) {
        for (let k = 0; k < w; k++) actorOut[i * w + k] = out[i * (w + 1) + k]!;
        values[i] = out[i * (w + 1) + w]!;
      }
      return { actorOut, values, acts };
    }
    return { values: acts[0]!.out.dataSync() as Float32Array, actorOut: acts[1]!.out.dataSync() as Float32Array, acts };
  }

  /** V(s) for a batch `x` [B, obsDim] (the critic's pass only, when the networks are separate). */
  valuesOf(x: tf.Tensor2D): Float32Array {
    return this.columns(this.nets[0]!, x, this.shareTrunk ? this.headWidth : 0, 1);
  }

  /** The head outputs only [B, headWidth] (no critic pass when the networks are separate). */
  actorOutputs(x: tf.Tensor2D): Float32Array {
    return this.columns(this.nets[this.shareTrunk ? 0 : 1]!, x, 0, this.headWidth);
  }

  /** Columns [from, from + count) of `net`'s output for `x`, copied to the host. */
  private columns(net: Mlp, x: tf.Tensor2D, from: number, count: number): Float32Array {
    this.ensureUploaded();
    const acts = net.forward(x);
    try {
      const out = acts.out.dataSync() as Float32Array;
      const width = acts.out.shape[1];
      if (from === 0 && count === width) return out.slice();
      const B = x.shape[0];
      const res = new Float32Array(B * count);
      for (let i = 0; i < B; i++) for (let k = 0; k < count; k++) res[i * count + k] = out[i * width + from + k]!;
      return res;
    } finally {
      tf.dispose([acts.out, ...acts.hidden]);
    }
  }

  /**
   * Adds ∂loss/∂params into `grad` given ∂loss/∂actorOut [B, headWidth] and ∂loss/∂values [B] for
   * the evaluation `ev` of `x` (passed transposed, [obsDim, B]). log σ's gradient is the caller's.
   */
  backward(xT: tf.Tensor2D, ev: BatchEvaluation, dActorOut: Float32Array, dValues: Float32Array, grad: Float32Array): void {
    const B = dValues.length;
    const w = this.headWidth;
    const colSums = (data: Float32Array, cols: number): Float64Array => {
      const s = new Float64Array(cols);
      for (let i = 0; i < B; i++) for (let k = 0; k < cols; k++) s[k] = s[k]! + data[i * cols + k]!;
      return s;
    };
    if (this.shareTrunk) {
      const d = new Float32Array(B * (w + 1));
      for (let i = 0; i < B; i++) {
        for (let k = 0; k < w; k++) d[i * (w + 1) + k] = dActorOut[i * w + k]!;
        d[i * (w + 1) + w] = dValues[i]!;
      }
      const dOut = tf.tensor2d(d, [B, w + 1]);
      try {
        this.nets[0]!.backward(xT, ev.acts[0]!, dOut, colSums(d, w + 1), grad);
      } finally {
        dOut.dispose();
      }
      return;
    }
    const dV = tf.tensor2d(dValues, [B, 1]);
    const dA = tf.tensor2d(dActorOut, [B, w]);
    try {
      this.nets[0]!.backward(xT, ev.acts[0]!, dV, colSums(dValues, 1), grad);
      this.nets[1]!.backward(xT, ev.acts[1]!, dA, colSums(dActorOut, w), grad);
    } finally {
      tf.dispose([dV, dA]);
    }
  }

  /** Disposes the tensors of an evaluation. */
  release(ev: BatchEvaluation): void {
    for (const a of ev.acts) tf.dispose([a.out, ...a.hidden]);
  }

  /** V(s) of one observation starting at `offset` in `obs` (TypeScript, float64). */
  value(obs: ArrayLike<number>, offset = 0): number {
    if (this.shareTrunk) return this.nets[0]!.forwardRow(this.params, obs, offset)[this.headWidth]!;
    return this.nets[0]!.forwardRow(this.params, obs, offset)[0]!;
  }

  /**
   * Acts for `n` observations laid out row-major in `obs` (n × obsDim): samples (or, with
   * `deterministic`, takes the mode), and writes actions and log-probabilities into `out`. (PPO
   * evaluates V(s) for a whole rollout at once, see `valuesOf`.)
   */
  actBatch(obs: ArrayLike<number>, n: number, rng: Rng, deterministic: boolean, out: ActBatchOut): void {
    const head = this.head;
    const aw = this.actionWidth;
    for (let e = 0; e < n; e++) {
      const off = e * this.obsDim;
      const h = this.nets[this.shareTrunk ? 0 : 1]!.forwardRow(this.params, obs, off);
      if (head.kind === 'gaussian') {
        const ls = this.logStd;
        for (let k = 0; k < head.dim; k++) out.actions[e * aw + k] = deterministic ? h[k]! : h[k]! + Math.exp(ls[k]!) * rng.normal();
        out.logProbs[e] = gaussianLogProbRow(h.subarray(0, head.dim), ls, out.actions.subarray(e * aw, e * aw + aw));
        continue;
      }
      const nvec = head.kind === 'categorical' ? [head.n] : head.nvec;
      let lp = 0;
      let at = 0;
      for (let s = 0; s < nvec.length; s++) {
        const k = nvec[s]!;
        const logp = logSoftmaxRow(h, k, at, this.logpBuf);
        const a = deterministic ? argmax(h, at, k) : sampleCategorical(logp.subarray(0, k), rng);
        out.actions[e * aw + s] = a;
        lp += logp[a]!;
        at += k;
      }
      out.logProbs[e] = lp;
    }
  }

  /** Releases the uploaded tensors. */
  dispose(): void {
    for (const net of this.nets) net.dispose();
    this.uploaded = false;
  }
}
