/**
 * A multilayer perceptron whose weights live in a flat `Float32Array` (so the optimiser, gradient
 * clipping, checkpoints and the acting code all work on plain numbers) and whose batched forward
 * and backward passes run as a short, fixed list of tfjs kernels.
 *
 * Why by hand: the networks PPO trains are tiny (64-64), so on tfjs-wasm the cost of a training
 * step is the number of kernel launches, not arithmetic. Autodiff through `tf.variableGrads`
 * plus `tf.train.adam` launches ~290 kernels per step; this file's forward + backward launches
 * 3 + 15 for a 2-hidden-layer net, and Adam runs in TypeScript over the flat vector.
 *
 * tanh via sigmoid: tfjs-wasm's tanh is scalar code (~7× slower than its vectorised sigmoid) and
 * its fused matMul cannot apply tanh. Since tanh(z) = 2σ(2z) − 1, the network is evaluated with
 * sigmoid units S = σ(U) on *effective* weights derived from the real ones (W, b):
 *
 *   first layer        U₁ = X·(2W₁) + 2b₁
 *   hidden layer l>1   U_l = S_{l−1}·(4W_l) + 2(b_l − 1ᵀW_l)      (input H = 2S − 1 folded in)
 *   output layer       out = S_{L−1}·(2W_L) + (b_L − 1ᵀW_L)
 *
 * which equals the tanh network exactly in real arithmetic (float32 rounding differs slightly).
 * The backward pass computes gradients for the effective weights (A, c) and maps them back:
 * A = k·s·W and c = k·(b − [l>1]·1ᵀW) give ∂W = k·s·∂A − [l>1]·k·1⊗∂c and ∂b = k·∂c.
 * ReLU networks use the weights as they are.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Rng } from '@bellman/mdp-core';
import { orthogonalValues } from '@bellman/mdp-core/tf';

/** Hidden activation of an {@link Mlp}. */
export type Activation = 'tanh' | 'relu';

/** Where one layer's weights sit in the flat parameter vector. */
export interface LayerSlice {
  /** Input width. */
  inSize: number;
  /** Output width. */
  outSize: number;
  /** Offset of W (inSize × outSize, row-major). */
  w: number;
  /** Offset of b (outSize). */
  b: number;
}

/** Tensors of one batched forward pass; pass them to {@link Mlp.backward}, then dispose them. */
export interface MlpActivations {
  /** The network output [B, out]. */
  out: tf.Tensor2D;
  /** Hidden activations per hidden layer: σ units (tanh nets) or ReLU outputs [B, h]. */
  hidden: tf.Tensor2D[];
}

/**
 * An MLP inside a flat parameter vector (see the module comment). It does not own the vector:
 * several networks (actor, critic) share one, so one optimiser step covers all of them.
 */
export class Mlp {
  /** Layer widths, input first. */
  readonly sizes: readonly number[];
  /** Hidden activation. */
  readonly activation: Activation;
  /** Per-layer slices of the parameter vector. */
  readonly layers: readonly LayerSlice[];
  /** First index of this network's parameters. */
  readonly offset: number;
  /** Number of parameters. */
  readonly size: number;
  private effective: { a: tf.Tensor2D; c: tf.Tensor1D; aT: tf.Tensor2D | undefined }[] = [];
  private readonly ones = new Map<number, tf.Tensor2D>();
  private readonly scratch: Float64Array[];
  private readonly colSum: Float64Array;
  private host: { wT: Float64Array; b: Float64Array }[] | undefined;

  /**
   * @param sizes layer widths including input and output, e.g. [4, 64, 64, 2].
   * @param offset index in the shared parameter vector where this network starts.
   */
  constructor(sizes: readonly number[], activation: Activation, offset: number) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new InvalidArgumentError('sizes', 'at least two positive integer layer widths', sizes);
    }
    if (activation !== 'tanh' && activation !== 'relu') throw new InvalidArgumentError('activation', "'tanh' or 'relu'", activation);
    this.sizes = Object.freeze([...sizes]);
    this.activation = activation;
    this.offset = offset;
    const layers: LayerSlice[] = [];
    let at = offset;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inSize = sizes[l]!;
      const outSize = sizes[l + 1]!;
      layers.push({ inSize, outSize, w: at, b: at + inSize * outSize });
      at += inSize * outSize + outSize;
    }
    this.layers = Object.freeze(layers);
    this.size = at - offset;
    this.scratch = sizes.map((s) => new Float64Array(s));
    this.colSum = new Float64Array(Math.max(...sizes));
  }

  /** Number of parameters of an MLP with these layer widths. */
  static parameterCount(sizes: readonly number[]): number {
    let n = 0;
    for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
    return n;
  }

  /**
   * CleanRL's init into `params`: orthogonal weights with gain √2 on hidden layers and
   * `outputGain` on the last, zero biases. `outputGains` may give one gain per output column
   * group instead (a shared trunk's actor and critic columns): [[columns, gain], …].
   */
  initialize(params: Float32Array, rng: Rng, outputGain: number | readonly (readonly [number, number])[]): void {
    this.layers.forEach((layer, l) => {
      const last = l + 1 === this.layers.length;
      params.fill(0, layer.b, layer.b + layer.outSize);
      if (!last || typeof outputGain === 'number') {
        const gain = last ? (outputGain as number) : Math.SQRT2;
        params.set(orthogonalValues([layer.inSize, layer.outSize], gain, rng), layer.w);
        return;
      }
      let col = 0;
      for (const [cols, gain] of outputGain) {
        const block = orthogonalValues([layer.inSize, cols], gain, rng);
        for (let i = 0; i < layer.inSize; i++) {
          for (let j = 0; j < cols; j++) params[layer.w + i * layer.outSize + col + j] = block[i * cols + j]!;
        }
        col += cols;
      }
      if (col !== layer.outSize) throw new InvalidArgumentError('outputGain', `column groups summing to ${layer.outSize}`, col);
    });
  }

  /** Scale k·s of layer l's effective weights and whether its input is folded (see module comment). */
  private fold(l: number): { scale: number; shift: boolean; k: number } {
    if (this.activation !== 'tanh') return { scale: 1, shift: false, k: 1 };
    const hidden = l + 1 < this.layers.length;
    const k = hidden ? 2 : 1;
    const s = l > 0 ? 2 : 1;
    return { scale: k * s, shift: l > 0, k };
  }

  /**
   * Uploads the effective weights computed from `params` (call after every change of the
   * parameters, before `forward`). Replaces, and disposes, the previous upload.
   */
  upload(params: Float32Array): void {
    this.disposeEffective();
    this.invalidate();
    this.effective = this.layers.map((layer, l) => {
      const { inSize, outSize } = layer;
      const { scale, shift, k } = this.fold(l);
      const a = new Float32Array(inSize * outSize);
      const aT = l > 0 ? new Float32Array(inSize * outSize) : undefined;
      const c = new Float32Array(outSize);
      const colSum = this.colSum.fill(0);
      for (let i = 0; i < inSize; i++) {
        const row = layer.w + i * outSize;
        for (let j = 0; j < outSize; j++) {
          const w = params[row + j]!;
          a[i * outSize + j] = scale * w;
          if (aT !== undefined) aT[j * inSize + i] = scale * w;
          colSum[j] = colSum[j]! + w;
        }
      }
      for (let j = 0; j < outSize; j++) c[j] = k * (params[layer.b + j]! - (shift ? colSum[j]! : 0));
      // kept: upload() may run inside a caller's tf.tidy
      return {
        a: tf.keep(tf.tensor2d(a, [inSize, outSize])),
        c: tf.keep(tf.tensor1d(c)),
        aT: aT === undefined ? undefined : tf.keep(tf.tensor2d(aT, [outSize, inSize])),
      };
    });
  }

  /**
   * Batched forward pass of `x` [B, in] with the uploaded weights. The caller disposes the
   * returned tensors (or runs this inside `tf.tidy`).
   */
  forward(x: tf.Tensor2D): MlpActivations {
    if (this.effective.length === 0) throw new Error('Mlp.upload(params) must be called before forward()');
    const hidden: tf.Tensor2D[] = [];
    let h = x;
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const { a, c } = this.effective[l]!;
      const act = l === last ? 'linear' : this.activation === 'tanh' ? 'sigmoid' : 'relu';
      h = tf.fused.matMul({ a: h, b: a, bias: c, activation: act }) as tf.Tensor2D;
      if (l < last) hidden.push(h);
    }
    return { out: h, hidden };
  }

  private onesRow(batch: number): tf.Tensor2D {
    const cached = this.ones.get(batch);
    if (cached !== undefined) return cached;
    const t = tf.keep(tf.ones<tf.Rank.R2>([1, batch]));
    this.ones.set(batch, t);
    return t;
  }

  /**
   * Backward pass: given x, its transpose xT [in, B], the activations of `forward(x)` and
   * ∂loss/∂out `dOut` [B, out] (with its column sums `dOutColSum`, computed by the caller on the
   * host), adds ∂loss/∂params (for the parameters of the last `upload()`) into `grad`, which has
   * the parameter vector's layout. Runs its kernels in `tf.tidy`.
   */
  backward(
    xT: tf.Tensor2D,
    acts: MlpActivations,
    dOut: tf.Tensor2D,
    dOutColSum: ArrayLike<number>,
    grad: Float32Array,
  ): void {
    const last = this.layers.length - 1;
    const pieces = tf.tidy(() => {
      const out: { dA: tf.Tensor; dc: tf.Tensor | undefined }[] = [];
      let dU: tf.Tensor2D = dOut;
      for (let l = last; l >= 0; l--) {
        const input = l === 0 ? xT : tf.transpose(acts.hidden[l - 1]!);
        const dA = tf.matMul(input, dU);
        const dc = l === last ? undefined : tf.matMul(this.onesRow(dU.shape[0]), dU);
        out.unshift({ dA, dc });
        if (l > 0) {
          const dH = tf.matMul(dU, this.effective[l]!.aT!);
          const s = acts.hidden[l - 1]!;
          if (this.activation === 'tanh') {
            // σ'(u) = s(1 − s): dU = dH·s − (dH·s)·s
            const t = tf.mul(dH, s);
            dU = tf.sub<tf.Tensor2D>(t, tf.mul(t, s));
          } else {
            dU = tf.mul<tf.Tensor2D>(dH, tf.step(s));
          }
        }
      }
      return out;
    });
    try {
      for (let l = 0; l <= last; l++) {
        const layer = this.layers[l]!;
        const { inSize, outSize } = layer;
        const { scale, shift, k } = this.fold(l);
        const dA = pieces[l]!.dA.dataSync();
        const dc = l === last ? dOutColSum : pieces[l]!.dc!.dataSync();
        for (let j = 0; j < outSize; j++) grad[layer.b + j] = grad[layer.b + j]! + k * dc[j]!;
        for (let i = 0; i < inSize; i++) {
          const row = layer.w + i * outSize;
          for (let j = 0; j < outSize; j++) {
            grad[row + j] = grad[row + j]! + scale * dA[i * outSize + j]! - (shift ? k * dc[j]! : 0);
          }
        }
      }
    } finally {
      for (const p of pieces) tf.dispose([p.dA, ...(p.dc === undefined ? [] : [p.dc])]);
    }
  }

  /**
   * Forward pass of one observation in TypeScript (float64 arithmetic on the float32 weights), for
   * acting: much faster than a tfjs call for one row. Reads a transposed float64 copy of the
   * weights made from `params` after each `upload()` (call `upload()`, or `invalidate()`, after
   * changing `params`). Returns an internal buffer that the next call overwrites.
   */
  forwardRow(params: Float32Array, x: ArrayLike<number>, xOffset = 0): Float64Array {
    const host = this.host ?? this.refreshHost(params);
    const last = this.layers.length - 1;
    let input = this.scratch[0]!;
    for (let i = 0; i < this.sizes[0]!; i++) input[i] = x[xOffset + i]!;
    for (let l = 0; l <= last; l++) {
      const { inSize, outSize } = this.layers[l]!;
      const { wT, b } = host[l]!;
      const out = this.scratch[l + 1]!;
      const relu = l < last && this.activation === 'relu';
      const tanh = l < last && this.activation === 'tanh';
      const n4 = inSize & ~3;
      for (let j = 0; j < outSize; j++) {
        // four partial sums: shorter dependency chains, ~1.4× faster in V8
        let s0 = b[j]!;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        const base = j * inSize;
        let i = 0;
        for (; i < n4; i += 4) {
          s0 += wT[base + i]! * input[i]!;
          s1 += wT[base + i + 1]! * input[i + 1]!;
          s2 += wT[base + i + 2]! * input[i + 2]!;
          s3 += wT[base + i + 3]! * input[i + 3]!;
        }
        for (; i < inSize; i++) s0 += wT[base + i]! * input[i]!;
        const s = s0 + s1 + (s2 + s3);
        out[j] = tanh ? Math.tanh(s) : relu && s < 0 ? 0 : s;
      }
      input = out;
    }
    return input;
  }

  /** Marks the host copy of the weights stale (done by `upload()`). */
  invalidate(): void {
    this.host = undefined;
  }

  private refreshHost(params: Float32Array): { wT: Float64Array; b: Float64Array }[] {
    const host = this.layers.map(({ inSize, outSize, w, b }) => {
      const wT = new Float64Array(inSize * outSize);
      for (let i = 0; i < inSize; i++) for (let j = 0; j < outSize; j++) wT[j * inSize + i] = params[w + i * outSize + j]!;
      return { wT, b: Float64Array.from(params.subarray(b, b + outSize)) };
    });
    this.host = host;
    return host;
  }

  private disposeEffective(): void {
    for (const e of this.effective) tf.dispose([e.a, e.c, ...(e.aT === undefined ? [] : [e.aT])]);
    this.effective = [];
  }

  /** Releases the uploaded tensors. */
  dispose(): void {
    this.disposeEffective();
    for (const t of this.ones.values()) t.dispose();
    this.ones.clear();
  }
}
