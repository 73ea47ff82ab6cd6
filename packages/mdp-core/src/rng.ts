import { InvalidArgumentError } from './errors.js';

/**
 * Seeded pseudo-random number generator: xoshiro128** (Blackman & Vigna, 2018), a small,
 * fast 32-bit generator with 128 bits of state and period 2^128 − 1, seeded through
 * SplitMix32 so that nearby seeds give unrelated streams.
 *
 * All randomness in Bellman goes through this class: the same seed gives the same run.
 * `split()` derives an independent child stream (for vector envs, workers, minibatch
 * shuffling) without disturbing the parent's statistical quality; `getState()` /
 * `Rng.fromState()` make it checkpointable.
 */
export type RngState = readonly [number, number, number, number];

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed a non-negative safe integer. */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
      throw new InvalidArgumentError('seed', 'a non-negative safe integer', seed);
    }
    // Mix the high and low 32 bits so seeds above 2^32 still differ.
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const mix = splitmix32((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator seeded from the platform's cryptographic entropy (for unseeded resets). */
  static fromEntropy(): Rng {
    const buf = new Uint32Array(2);
    globalThis.crypto.getRandomValues(buf);
    return new Rng((buf[0]! & 0x1fffff) * TWO_POW_32 + buf[1]!);
  }

  /** Restores a generator from `getState()`. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: RngState): void {
    if (!Array.isArray(state) || state.length !== 4 || state.some((v) => !Number.isInteger(v) || v < 0 || v >= TWO_POW_32)) {
      throw new InvalidArgumentError('rng state', 'an array of four uint32 values', state);
    }
    if ((state[0] | state[1] | state[2] | state[3]) === 0) {
      throw new InvalidArgumentError('rng state', 'not all zero', state);
    }
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  clone(): Rng {
    return Rng.fromState(this.getState());
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** Uniform float64 in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling), for 1 ≤ n ≤ 2^32. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new InvalidArgumentError('n', 'an integer in [1, 2^32]', n);
    }
    if (n === TWO_POW_32) return this.nextUint32();
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Uniform integer in [low, high) (high exclusive, like numpy's `integers`). */
  integers(low: number, high: number): number {
    return low + this.integer(high - low);
  }

  /** Standard normal sample scaled to N(mean, std²) (Box–Muller). */
  normal(mean = 0, std = 1): number {
    let u = this.random();
    while (u === 0) u = this.random();
    const v = this.random();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential sample with rate 1. */
  exponential(): number {
    let u = this.random();
    while (u === 0) u = this.random();
    return -Math.log(u);
  }

  /** Index drawn from unnormalised non-negative weights (inverse CDF). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new InvalidArgumentError('weights', 'non-negative numbers with a positive finite sum', weights);
    }
    let u = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    // Rounding left u ≥ 0: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** A random element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new InvalidArgumentError('items', 'a non-empty array', items);
    return items[this.integer(items.length)]!;
  }

  /**
   * An independent child generator. The parent advances by four draws; the child is seeded
   * by hashing them, so parent and child streams do not overlap in practice.
   */
  split(): Rng {
    const child = new Rng(0);
    const mix = splitmix32(this.nextUint32() ^ 0x6a09e667);
    child.s0 = (mix() ^ this.nextUint32()) >>> 0;
    child.s1 = (mix() ^ this.nextUint32()) >>> 0;
    child.s2 = (mix() ^ this.nextUint32()) >>> 0;
    child.s3 = mix();
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  /** `n` independent children (see `split`). */
  spawn(n: number): Rng[] {
    return Array.from({ length: n }, () => this.split());
  }

  /** A fresh seed (a non-negative safe integer) drawn from this stream. */
  nextSeed(): number {
    return (this.nextUint32() & 0x1fffff) * TWO_POW_32 + this.nextUint32();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
