/**
 * Adam (Kingma & Ba, 2015) over a flat float32 parameter vector, step for step as PyTorch's
 * `torch.optim.Adam` (the optimiser CleanRL and SB3 use):
 *
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 *
 * The state (m, v, t) is plain numbers, so it is cheap to update, save and restore exactly.
 */
import { InvalidArgumentError, assertInteger, assertNumber } from '@bellman/mdp-core';

/** Adam's hyperparameters (the learning rate is passed to each step, so it can be annealed). */
export interface AdamOptions {
  /** β₁. Default 0.9. */
  beta1?: number;
  /** β₂. Default 0.999. */
  beta2?: number;
  /** ε. Default 1e-8 (PyTorch's; PPO uses 1e-5). */
  epsilon?: number;
}

/** Adam's state, for checkpoints. */
export interface AdamState {
  /** Steps taken. */
  step: number;
  /** First-moment estimates. */
  m: Float32Array;
  /** Second-moment estimates. */
  v: Float32Array;
}

/** Adam over a flat parameter vector of fixed size (see the module comment). */
export class Adam {
  /** Number of parameters. */
  readonly size: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: Float32Array;
  private v: Float32Array;
  private t = 0;

  constructor(size: number, options: AdamOptions = {}) {
    this.size = assertInteger('size', size, 1);
    this.beta1 = assertNumber('beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = assertNumber('beta2', options.beta2 ?? 0.999, 0, 1);
    this.epsilon = assertNumber('epsilon', options.epsilon ?? 1e-8, 0);
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.t;
  }

  /** One update of `params` in place with gradient `grad` and learning rate `lr`. */
  update(params: Float32Array, grad: ArrayLike<number>, lr: number): void {
    if (params.length !== this.size || grad.length !== this.size) {
      throw new InvalidArgumentError('params / grad', `arrays of length ${this.size}`, `${params.length} / ${grad.length}`);
    }
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps, m, v } = this;
    const stepSize = lr / (1 - b1 ** this.t);
    const sqrtBias2 = Math.sqrt(1 - b2 ** this.t);
    for (let i = 0; i < this.size; i++) {
      const g = grad[i]!;
      const mi = (m[i] = b1 * m[i]! + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i]! + (1 - b2) * g * g);
      params[i] = params[i]! - (stepSize * mi) / (Math.sqrt(vi) / sqrtBias2 + eps);
    }
  }

  /** A copy of the state. */
  getState(): AdamState {
    return { step: this.t, m: this.m.slice(), v: this.v.slice() };
  }

  /** Restores a state from {@link getState} (copied). */
  setState(state: AdamState): void {
    if (state.m.length !== this.size || state.v.length !== this.size) {
      throw new InvalidArgumentError('Adam state', `moments of length ${this.size}`, `${state.m.length} / ${state.v.length}`);
    }
    this.t = assertInteger('Adam state step', state.step, 0);
    this.m = Float32Array.from(state.m);
    this.v = Float32Array.from(state.v);
  }
}
