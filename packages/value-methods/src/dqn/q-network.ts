/**
 * The Q-network: a multilayer perceptron obs → Q(obs, ·) built directly from tfjs-core
 * variables and ops, with its backward pass written out by hand.
 *
 * Why by hand: `@tensorflow/tfjs-core` on its own registers no gradient functions (they come
 * with the `@tensorflow/tfjs` bundle, and tfjs-core's `register_all_gradients` module does not
 * load in Node), and some gradients are missing on the wasm backend. An MLP's backward pass is
 * a handful of matrix products, so DQN computes it itself — only forward ops, on every backend —
 * and hands the gradients to the optimiser with `applyGradients`.
 *
 * Layout: layer l has kernel W_l of shape [in, out] and bias b_l of shape [out];
 * a_0 = x, a_l = f(a_{l−1}·W_l + b_l) for the hidden layers (f = ReLU or tanh), and the last
 * layer is linear: Q = a_{L−1}·W_L + b_L. Kernels are initialised with Glorot uniform from our
 * seeded `Rng`, biases with zeros.
 *
 * The module also holds the target-network update (`polyakUpdate`) and `MlpMirror`, a plain
 * TypeScript copy of the network used to pick actions one observation at a time without
 * creating tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, assertInteger, assertNumber, assertOneOf, type Rng } from '@bellman/mdp-core';
import { glorotUniformValues, variableFromValues, zerosValues } from '@bellman/mdp-core/tf';

/** Hidden-layer activation functions the Q-network supports. */
export type Activation = 'relu' | 'tanh';

/** The activations {@link QNetwork} accepts. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh'];

/** Options of {@link QNetwork}. */
export interface QNetworkOptions {
  /** Length of the (flat) observation vector. */
  inputSize: number;
  /** Number of discrete actions: one output per action. */
  numActions: number;
  /** Hidden layer widths, e.g. `[64, 64]`; `[]` gives a linear Q-function. */
  netArch: readonly number[];
  /** Hidden activation (default `'relu'`, as SB3's DQN). */
  activation?: Activation | undefined;
  /** Generator for the Glorot-uniform kernels (one draw per kernel element, layer by layer). */
  rng: Rng;
}

/** The intermediate values of a forward pass that the backward pass needs (see {@link QNetwork.forwardTrace}). */
export interface ForwardTrace {
  /** a_0 = x, then the output of each hidden layer after its activation. */
  activations: tf.Tensor2D[];
  /** Q(x, ·), shape [B, numActions]. */
  output: tf.Tensor2D;
}

/** Checks an architecture array: a list of positive integers. */
export function checkNetArch(field: string, netArch: unknown): number[] {
  if (!Array.isArray(netArch)) throw new InvalidArgumentError(field, 'an array of positive integers (hidden layer widths)', netArch);
  return netArch.map((w, i) => assertInteger(`${field}[${i}]`, w, 1));
}

/**
 * An MLP Q-network held in tfjs variables.
 *
 * @example
 * ```ts
 * const q = new QNetwork({ inputSize: 4, numActions: 2, netArch: [64, 64], rng: new Rng(0) });
 * const values = tf.tidy(() => q.apply(tf.tensor2d([[0, 0, 0, 0]])));
 * ```
 */
export class QNetwork {
  /** Observation length. */
  readonly inputSize: number;
  /** Number of actions (outputs). */
  readonly numActions: number;
  /** Hidden layer widths. */
  readonly netArch: readonly number[];
  /** Hidden activation. */
  readonly activation: Activation;
  /** Kernels W_1 … W_L, shapes [in, out]. */
  readonly kernels: readonly tf.Variable[];
  /** Biases b_1 … b_L, shapes [out]. */
  readonly biases: readonly tf.Variable[];

  constructor(options: QNetworkOptions) {
    this.inputSize = assertInteger('inputSize', options.inputSize, 1);
    this.numActions = assertInteger('numActions', options.numActions, 1);
    this.netArch = Object.freeze(checkNetArch('netArch', options.netArch));
    this.activation = assertOneOf('activation', options.activation ?? 'relu', ACTIVATIONS);
    const sizes = this.layerSizes();
    const kernels: tf.Variable[] = [];
    const biases: tf.Variable[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const shape: [number, number] = [sizes[l]!, sizes[l + 1]!];
      kernels.push(variableFromValues(glorotUniformValues(shape, options.rng), shape));
      biases.push(variableFromValues(zerosValues([shape[1]]), [shape[1]]));
    }
    this.kernels = kernels;
    this.biases = biases;
  }

  /** [inputSize, ...netArch, numActions]. */
  layerSizes(): number[] {
    return [this.inputSize, ...this.netArch, this.numActions];
  }

  /** Number of dense layers (hidden layers + the output layer). */
  get numLayers(): number {
    return this.kernels.length;
  }

  /** Every variable in a fixed order: W_1, b_1, W_2, b_2, …, W_L, b_L (the order of {@link backward}'s gradients). */
  get variables(): tf.Variable[] {
    return this.kernels.flatMap((k, l) => [k, this.biases[l]!]);
  }

  /** The variables keyed `${prefix}/${l}/kernel` and `${prefix}/${l}/bias` (l from 0), for checkpoints. */
  namedVariables(prefix: string): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    this.kernels.forEach((k, l) => {
      out[`${prefix}/${l}/kernel`] = k;
      out[`${prefix}/${l}/bias`] = this.biases[l]!;
    });
    return out;
  }

  /** Q(x, ·) for a batch x of shape [B, inputSize]. Call inside `tf.tidy`; the result is a new tensor. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.forwardTrace(x).output;
  }

  /** The forward pass, keeping what {@link backward} needs. Call inside `tf.tidy`. */
  forwardTrace(x: tf.Tensor2D): ForwardTrace {
    if (x.rank !== 2 || x.shape[1] !== this.inputSize) {
      throw new InvalidArgumentError('x', `a tensor of shape [batch, ${this.inputSize}]`, x.shape);
    }
    const activations: tf.Tensor2D[] = [x];
    let a = x;
    const last = this.numLayers - 1;
    for (let l = 0; l < last; l++) {
      if (this.activation === 'relu') {
        a = tf.fused.matMul({ a, b: this.kernels[l]!, bias: this.biases[l]!, activation: 'relu' }) as tf.Tensor2D;
      } else {
        a = tf.tanh(tf.fused.matMul({ a, b: this.kernels[l]!, bias: this.biases[l]! })) as tf.Tensor2D;
      }
      activations.push(a);
    }
    const output = tf.fused.matMul({ a, b: this.kernels[last]!, bias: this.biases[last]! }) as tf.Tensor2D;
    return { activations, output };
  }

  /**
   * Backpropagates dL/dQ (`dOutput`, shape [B, numActions]) through the trace of a forward pass
   * and returns dL/dθ in the order of {@link variables}. For layer l with input a and output
   * gradient g (already through the activation):
   *
   *   dW_l = aᵀ·g,   db_l = Σ_batch g,   g_{l−1} = (g·W_lᵀ) ⊙ f′,
   *
   * with f′ = 1[a > 0] for ReLU and 1 − a² for tanh, both read off the layer's output a.
   * Call inside `tf.tidy`.
   */
  backward(trace: ForwardTrace, dOutput: tf.Tensor2D): tf.Tensor[] {
    const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * this.numLayers);
    let g = dOutput;
    for (let l = this.numLayers - 1; l >= 0; l--) {
      const input = trace.activations[l]!;
      grads[2 * l] = matMulT(input, g, true, false);
      grads[2 * l + 1] = tf.sum(g, 0);
      if (l === 0) break;
      const upstream = matMulT(g, this.kernels[l] as tf.Tensor as tf.Tensor2D, false, true);
      // ReLU: step(a) = 1[a > 0] (a = 0 exactly where the pre-activation was ≤ 0). tanh: 1 − a².
      const derivative = this.activation === 'relu' ? tf.step(input) : tf.sub(1, tf.square(input));
      g = tf.mul(upstream, derivative);
    }
    return grads;
  }

  /** Copies every weight into plain arrays (W_1, b_1, …, in the order of {@link variables}). */
  readWeights(): Float32Array[] {
    return this.variables.map((v) => v.dataSync<'float32'>().slice());
  }

  /** Frees the variables. */
  dispose(): void {
    tf.dispose(this.variables);
  }
}

/**
 * a·b with either operand transposed. tfjs's wasm backend runs matMul with `transposeA` or
 * `transposeB` set outside XNNPACK, more than ten times slower than a plain product, so there
 * the transposition is done explicitly on whichever side moves fewer elements:
 * aᵀ·b as transpose(a)·b or transpose(bᵀ·a), and a·bᵀ as a·transpose(b) or transpose(b·aᵀ).
 * Other backends get the flags.
 */
function matMulT(a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm' || transposeA === transposeB) return tf.matMul(a, b, transposeA, transposeB);
  const t = (x: tf.Tensor2D): tf.Tensor2D => tf.transpose<tf.Tensor2D>(x);
  const [aRows, aCols] = a.shape;
  const [bRows, bCols] = b.shape;
  if (transposeA) {
    // aᵀ·b, shape [aCols, bCols]
    return aRows * aCols <= bRows * bCols + aCols * bCols ? tf.matMul(t(a), b) : t(tf.matMul(t(b), a));
  }
  // a·bᵀ, shape [aRows, bRows]
  return bRows * bCols <= aRows * aCols + aRows * bRows ? tf.matMul(a, t(b)) : t(tf.matMul(b, t(a)));
}

/**
 * The target-network update θ′ ← τ·θ + (1 − τ)·θ′ for each pair of variables (SB3's
 * `polyak_update`; CleanRL's `tau * q + (1 - tau) * target`). τ = 1 is the hard update θ′ ← θ
 * (copied exactly, without arithmetic). Shapes must match pairwise.
 */
export function polyakUpdate(target: readonly tf.Variable[], source: readonly tf.Variable[], tau: number): void {
  assertNumber('tau', tau, 0, 1);
  if (target.length !== source.length) {
    throw new InvalidArgumentError('target', `a list of ${source.length} variables like source`, target.length);
  }
  target.forEach((t, i) => {
    const s = source[i]!;
    if (!tf.util.arraysEqual(t.shape, s.shape)) {
      throw new InvalidArgumentError(`target[${i}]`, `a variable of shape [${s.shape.join(', ')}]`, t.shape);
    }
  });
  tf.tidy(() => {
    target.forEach((t, i) => {
      const s = source[i]!;
      if (tau === 1) t.assign(s);
      else if (tau > 0) t.assign(tf.add(tf.mul(s, tau), tf.mul(t, 1 - tau)));
    });
  });
}

/**
 * A plain TypeScript copy of a {@link QNetwork} for acting: one observation in, Q-values out,
 * no tensors created. Refresh it with `setWeights(q.readWeights())` after the network changes.
 * Sums are accumulated in float64, so values may differ from the tensor forward pass in the
 * last float32 bits.
 */
export class MlpMirror {
  private readonly sizes: number[];
  private readonly activation: Activation;
  private weights: Float32Array[] = [];
  private readonly buffers: Float64Array[];

  constructor(layerSizes: readonly number[], activation: Activation) {
    this.sizes = [...layerSizes];
    this.activation = activation;
    this.buffers = this.sizes.slice(1).map((n) => new Float64Array(n));
  }

  /** Whether weights have been set. */
  get ready(): boolean {
    return this.weights.length > 0;
  }

  /** Uses `weights` (W_1, b_1, …, as {@link QNetwork.readWeights} returns them; kept, not copied). */
  setWeights(weights: Float32Array[]): void {
    const layers = this.sizes.length - 1;
    if (weights.length !== 2 * layers) throw new InvalidArgumentError('weights', `${2 * layers} arrays (kernel and bias per layer)`, weights.length);
    for (let l = 0; l < layers; l++) {
      const inSize = this.sizes[l]!;
      const outSize = this.sizes[l + 1]!;
      if (weights[2 * l]!.length !== inSize * outSize || weights[2 * l + 1]!.length !== outSize) {
        throw new InvalidArgumentError(`weights of layer ${l}`, `a [${inSize}, ${outSize}] kernel and a [${outSize}] bias`, [
          weights[2 * l]!.length,
          weights[2 * l + 1]!.length,
        ]);
      }
    }
    this.weights = weights;
  }

  /**
   * Q(x, ·) for one observation. Returns an internal buffer that the next call overwrites.
   */
  forward(x: ArrayLike<number>): Float64Array {
    if (!this.ready) throw new InvalidArgumentError('MlpMirror', 'given weights before forward()', 'no weights');
    const layers = this.sizes.length - 1;
    let input: ArrayLike<number> = x;
    for (let l = 0; l < layers; l++) {
      const inSize = this.sizes[l]!;
      const outSize = this.sizes[l + 1]!;
      const w = this.weights[2 * l]!;
      const b = this.weights[2 * l + 1]!;
      const out = this.buffers[l]!;
      for (let j = 0; j < outSize; j++) out[j] = b[j]!;
      for (let i = 0; i < inSize; i++) {
        const xi = input[i]!;
        if (xi === 0) continue;
        const row = i * outSize;
        for (let j = 0; j < outSize; j++) out[j] = out[j]! + xi * w[row + j]!;
      }
      if (l + 1 < layers) {
        if (this.activation === 'relu') {
          for (let j = 0; j < outSize; j++) if (out[j]! < 0) out[j] = 0;
        } else {
          for (let j = 0; j < outSize; j++) out[j] = Math.tanh(out[j]!);
        }
      }
      input = out;
    }
    return this.buffers[layers - 1]!;
  }

  /** argmax_a Q(x, a), ties to the lowest index (numpy's convention). */
  greedyAction(x: ArrayLike<number>): number {
    const q = this.forward(x);
    let best = 0;
    for (let a = 1; a < q.length; a++) if (q[a]! > q[best]!) best = a;
    return best;
  }
}
