import { describe, expect, it } from 'vitest';
import type { Env, ResetOptions, ResetResult, StepResult } from './env.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { DeterministicTabularPolicy } from './policies/tabular-policy.js';
import { Rng } from './rng.js';
import { Discrete } from './spaces/discrete.js';

/**
 * A chain: the state counts steps; every step gives reward `1 + action` and the episode ends
 * after `length` steps (terminated) or, with `truncateAt`, is truncated earlier.
 * With `randomLength`, each reset draws the length from the env's own seeded generator.
 */
class ChainEnv implements Env<number, number> {
  readonly observationSpace = new Discrete(1000);
  readonly actionSpace = new Discrete(2);
  resets: (number | undefined)[] = [];
  private rng: Rng | undefined;
  private state = 0;
  private length: number;

  constructor(
    private readonly k: number,
    private readonly opts: { randomLength?: boolean; truncateAt?: number; never?: boolean } = {},
  ) {
    this.length = k;
  }

  reset(options?: ResetOptions): ResetResult<number> {
    this.resets.push(options?.seed);
    if (options?.seed !== undefined) this.rng = new Rng(options.seed);
    this.rng ??= new Rng(999);
    this.length = this.opts.randomLength ? 1 + this.rng.integer(this.k) : this.k;
    this.state = 0;
    return { observation: 0, info: {} };
  }

  step(action: number): StepResult<number> {
    this.state++;
    const terminated = !this.opts.never && this.state >= this.length;
    const truncated = !terminated && this.opts.truncateAt !== undefined && this.state >= this.opts.truncateAt;
    return { observation: this.state, reward: 1 + action, terminated, truncated, info: {} };
  }
}

describe('evaluatePolicy', () => {
  it('reports returns, lengths and their statistics on a deterministic chain', () => {
    const env = new ChainEnv(5);
    const r = evaluatePolicy(env, () => 0, { episodes: 3, seed: 0 });
    expect(r.returns).toEqual([5, 5, 5]);
    expect(r.lengths).toEqual([5, 5, 5]);
    expect(r.mean).toBe(5);
    expect(r.std).toBe(0);
    expect(r.meanLength).toBe(5);
  });

  it('ends an episode on truncation as well as termination', () => {
    const r = evaluatePolicy(new ChainEnv(10, { truncateAt: 4 }), () => 1, { episodes: 2, seed: 1 });
    expect(r.lengths).toEqual([4, 4]);
    expect(r.returns).toEqual([8, 8]);
  });

  it('seeds the first reset only and continues the stream afterwards', () => {
    const env = new ChainEnv(10, { randomLength: true });
    const r = evaluatePolicy(env, () => 0, { episodes: 6, seed: 123 });
    expect(env.resets).toEqual([123, undefined, undefined, undefined, undefined, undefined]);
    // the lengths are the env's stream from Rng(123), not six copies of the first draw
    const stream = new Rng(123);
    const expected = Array.from({ length: 6 }, () => 1 + stream.integer(10));
    expect(r.lengths).toEqual(expected);
    expect(r.returns).toEqual(expected);
    // population std (ddof = 0), mean length
    const mean = expected.reduce((a, b) => a + b, 0) / 6;
    expect(r.mean).toBeCloseTo(mean, 12);
    expect(r.meanLength).toBeCloseTo(mean, 12);
    expect(r.std).toBeCloseTo(Math.sqrt(expected.reduce((a, x) => a + (x - mean) ** 2, 0) / 6), 12);
    // reproducible
    expect(evaluatePolicy(new ChainEnv(10, { randomLength: true }), () => 0, { episodes: 6, seed: 123 })).toEqual(r);
  });

  it('drives the policy with a child stream of seed (new Rng(seed).split())', () => {
    const seen: number[] = [];
    const policy = (_obs: number, rng: Rng) => {
      const a = rng.integer(2);
      seen.push(a);
      return a;
    };
    const r = evaluatePolicy(new ChainEnv(4), policy, { episodes: 3, seed: 77 });
    const ref = new Rng(77).split();
    const expected = Array.from({ length: 12 }, () => ref.integer(2));
    expect(seen).toEqual(expected);
    expect(r.returns).toEqual([0, 1, 2].map((ep) => expected.slice(ep * 4, ep * 4 + 4).reduce((a, x) => a + 1 + x, 0)));
  });

  it('accepts Policy objects', () => {
    const policy = new DeterministicTabularPolicy(new Array<number>(1000).fill(1), 2);
    const r = evaluatePolicy(new ChainEnv(3), policy, { episodes: 2, seed: 5 });
    expect(r.returns).toEqual([6, 6]);
  });

  it('caps endless episodes at maxSteps (counted as truncated)', () => {
    const r = evaluatePolicy(new ChainEnv(1, { never: true }), () => 0, { episodes: 2, seed: 0, maxSteps: 50 });
    expect(r.lengths).toEqual([50, 50]);
    expect(r.returns).toEqual([50, 50]);
  });

  it('validates its options', () => {
    const env = new ChainEnv(2);
    expect(() => evaluatePolicy(env, () => 0, { episodes: 0, seed: 0 })).toThrow(/episodes must be an integer >= 1/);
    expect(() => evaluatePolicy(env, () => 0, { episodes: 1.5, seed: 0 })).toThrow(/episodes must be an integer >= 1/);
    expect(() => evaluatePolicy(env, () => 0, { episodes: 1, seed: -1 })).toThrow(/seed must be a non-negative safe integer/);
    expect(() => evaluatePolicy(env, () => 0, { episodes: 1, seed: 0, maxSteps: 0 })).toThrow(/maxSteps must be an integer >= 1/);
    expect(() => evaluatePolicy(env, {} as never, { episodes: 1, seed: 0 })).toThrow(/policy must be a Policy/);
  });
});
