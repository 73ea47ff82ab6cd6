import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { discountedReturns } from './discounted-returns.js';
import { gae } from './gae.js';
import { nStepReturns } from './n-step-returns.js';

// ---------------------------------------------------------------------------------------------
// Reference definitions, written out naively and independently of the implementation.

interface Rollout {
  T: number;
  numEnvs: number;
  rewards: number[];
  values: number[];
  terminated: boolean[];
  truncated: boolean[];
  finalValues: number[];
  lastValue: number[];
}

/** V of the true next state of the transition at (t, e). */
function trueNext(ro: Rollout, t: number, e: number): number {
  const i = t * ro.numEnvs + e;
  if (ro.terminated[i]) return 0;
  if (ro.truncated[i]) return ro.finalValues[i]!;
  return t + 1 < ro.T ? ro.values[i + ro.numEnvs]! : ro.lastValue[e]!;
}

function tdError(ro: Rollout, gamma: number, t: number, e: number): number {
  const i = t * ro.numEnvs + e;
  return ro.rewards[i]! + gamma * trueNext(ro, t, e) - ro.values[i]!;
}

/** Last step index of t's episode inside the buffer. */
function episodeEnd(ro: Rollout, t: number, e: number): number {
  let k = t;
  while (k < ro.T - 1 && !ro.terminated[k * ro.numEnvs + e] && !ro.truncated[k * ro.numEnvs + e]) k++;
  return k;
}

/** Â_t = Σ_l (γλ)^l δ_{t+l} up to the end of t's episode (or of the buffer). */
function naiveGae(ro: Rollout, gamma: number, lambda: number): number[] {
  const out = new Array<number>(ro.T * ro.numEnvs);
  for (let e = 0; e < ro.numEnvs; e++) {
    for (let t = 0; t < ro.T; t++) {
      const end = episodeEnd(ro, t, e);
      let sum = 0;
      for (let l = 0; t + l <= end; l++) sum += (gamma * lambda) ** l * tdError(ro, gamma, t + l, e);
      out[t * ro.numEnvs + e] = sum;
    }
  }
  return out;
}

/** Discounted return to the end of t's episode, bootstrapped there unless terminated. */
function naiveReturn(ro: Rollout, gamma: number, t: number, e: number): number {
  const end = episodeEnd(ro, t, e);
  let g = 0;
  for (let k = t; k <= end; k++) g += gamma ** (k - t) * ro.rewards[k * ro.numEnvs + e]!;
  return g + gamma ** (end - t + 1) * trueNext(ro, end, e);
}

function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * (1 + Math.abs(a) + Math.abs(b));
}

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i]!, expected[i]!, tol)) {
      throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (tol ${tol})`);
    }
  }
}

const num = fc.double({ min: -10, max: 10, noNaN: true });
const flag = (oneIn: number) => fc.integer({ min: 0, max: oneIn - 1 }).map((x) => x === 0);
const unit = fc.double({ min: 0, max: 1, noNaN: true });

function rolloutArb(opts: { maxEnvs?: number; truncation?: boolean } = {}): fc.Arbitrary<Rollout> {
  const { maxEnvs = 3, truncation = true } = opts;
  return fc
    .tuple(fc.integer({ min: 1, max: maxEnvs }), fc.integer({ min: 1, max: 12 }))
    .chain(([numEnvs, T]) => {
      const n = numEnvs * T;
      const arr = <V>(a: fc.Arbitrary<V>, len: number) => fc.array(a, { minLength: len, maxLength: len });
      return fc.record({
        T: fc.constant(T),
        numEnvs: fc.constant(numEnvs),
        rewards: arr(num, n),
        values: arr(num, n),
        terminated: arr(flag(5), n),
        truncated: truncation ? arr(flag(5), n) : fc.constant(new Array<boolean>(n).fill(false)),
        finalValues: arr(num, n),
        lastValue: arr(num, numEnvs),
      });
    });
}

function run(ro: Rollout, gamma: number, lambda: number) {
  return gae({
    rewards: ro.rewards,
    values: ro.values,
    terminated: ro.terminated,
    truncated: ro.truncated,
    finalValues: ro.finalValues,
    lastValue: ro.lastValue,
    numEnvs: ro.numEnvs,
    gamma,
    lambda,
  });
}

// ---------------------------------------------------------------------------------------------

describe('gae: known numbers', () => {
  it("reproduces the seed's worked example (six rewards of -1, γ = 1, λ = 1, V = 0)", () => {
    const { advantages, returns } = gae({
      rewards: [-1, -1, -1, -1, -1, -1],
      values: new Float64Array(6),
      terminated: [0, 0, 0, 0, 0, 1],
      lastValue: 0,
      gamma: 1,
      lambda: 1,
    });
    expect(Array.from(returns)).toEqual([-6, -5, -4, -3, -2, -1]);
    expect(Array.from(advantages)).toEqual([-6, -5, -4, -3, -2, -1]);
    // with the true values the TD errors vanish: V(S_t) = -6 = -1 + V(S_{t+1}) = -1 + (-5)
    const exact = gae({
      rewards: [-1, -1, -1, -1, -1, -1],
      values: [-6, -5, -4, -3, -2, -1],
      terminated: [0, 0, 0, 0, 0, 1],
      lastValue: 0,
      gamma: 1,
      lambda: 0.5,
    });
    expect(Array.from(exact.advantages)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(exact.returns)).toEqual([-6, -5, -4, -3, -2, -1]);
  });

  it('computes a hand-worked two-step example', () => {
    // γ = 0.5, λ = 0.5, V = [1, 2], bootstrap V(s_2) = 4, no episode end
    // δ1 = 1 + 0.5·4 − 2 = 1;  δ0 = 0 + 0.5·2 − 1 = 0;  A1 = 1;  A0 = 0 + 0.25·1 = 0.25
    const { advantages, returns } = gae({ rewards: [0, 1], values: [1, 2], terminated: [0, 0], lastValue: 4, gamma: 0.5, lambda: 0.5 });
    expect(Array.from(advantages)).toEqual([0.25, 1]);
    expect(Array.from(returns)).toEqual([1.25, 3]);
  });

  it('bootstraps a truncated step from finalValues and a terminated one from nothing', () => {
    const base = { rewards: [1, 1, 1], values: [0, 0, 0], lastValue: 0, gamma: 0.9, lambda: 1 } as const;
    // step 0 truncated: next value is finalValues[0] = 10, not values[1] (already the reset obs)
    const trunc = gae({ ...base, terminated: [0, 0, 1], truncated: [1, 0, 0], finalValues: [10, NaN, NaN] });
    expect(trunc.advantages[0]).toBeCloseTo(1 + 0.9 * 10, 12);
    // step 0 terminated: nothing after it counts
    const term = gae({ ...base, terminated: [1, 0, 1], truncated: [0, 0, 0], finalValues: [10, NaN, NaN] });
    expect(term.advantages[0]).toBe(1);
    // both flags: termination wins
    const both = gae({ ...base, terminated: [1, 0, 1], truncated: [1, 0, 0], finalValues: [10, NaN, NaN] });
    expect(both.advantages[0]).toBe(1);
  });

  it('gives CleanRL-style numbers for a 2-env time-major buffer', () => {
    // env 0: steps r = 1, 1 (no end), env 1: r = 2 then terminated, then r = 3
    const { advantages } = gae({
      rewards: [1, 2, 1, 3],
      values: [0.5, 1, 0.5, 1],
      terminated: [0, 1, 0, 0],
      lastValue: [2, 4],
      numEnvs: 2,
      gamma: 0.5,
      lambda: 1,
    });
    // env 0: A1 = 1 + 0.5·2 − 0.5 = 1.5; A0 = (1 + 0.5·0.5 − 0.5) + 0.5·1.5 = 1.5
    // env 1: A1 = 3 + 0.5·4 − 1 = 4; A0 = 2 − 1 = 1 (terminated)
    expect(Array.from(advantages)).toEqual([1.5, 1, 1.5, 4]);
  });
});

describe('gae: properties against the textbook definitions', () => {
  it('equals the explicit sum Σ_l (γλ)^l δ_{t+l} over the rest of the episode', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, unit, (ro, gamma, lambda) => {
        expectAllClose(run(ro, gamma, lambda).advantages, naiveGae(ro, gamma, lambda));
      }),
      { numRuns: 300 },
    );
  });

  it('λ = 0 gives the one-step TD error δ_t', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, (ro, gamma) => {
        const { advantages } = run(ro, gamma, 0);
        for (let t = 0; t < ro.T; t++)
          for (let e = 0; e < ro.numEnvs; e++) expect(close(advantages[t * ro.numEnvs + e]!, tdError(ro, gamma, t, e))).toBe(true);
      }),
    );
  });

  it('λ = 1 gives the discounted return minus V(s_t) (bootstrapping only at truncation / buffer end)', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, (ro, gamma) => {
        const { advantages } = run(ro, gamma, 1);
        for (let t = 0; t < ro.T; t++)
          for (let e = 0; e < ro.numEnvs; e++) {
            const i = t * ro.numEnvs + e;
            expect(close(advantages[i]!, naiveReturn(ro, gamma, t, e) - ro.values[i]!)).toBe(true);
          }
      }),
    );
  });

  it('λ = 1 on terminated episodes equals discountedReturns minus values', () => {
    fc.assert(
      fc.property(rolloutArb({ maxEnvs: 1, truncation: false }), unit, (ro, gamma) => {
        const terminated = [...ro.terminated];
        terminated[terminated.length - 1] = true; // the buffer ends an episode: no bootstrap at all
        const { advantages } = gae({ rewards: ro.rewards, values: ro.values, terminated, lastValue: 123, gamma, lambda: 1 });
        const g = discountedReturns(ro.rewards, gamma, { dones: terminated });
        expectAllClose(advantages, Array.from(g, (x, i) => x - ro.values[i]!));
      }),
    );
  });

  it('λ = 1 equals nStepReturns(n = ∞) minus values', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, (ro, gamma) => {
        const { advantages } = run(ro, gamma, 1);
        const g = nStepReturns(ro.rewards, ro.values, gamma, Infinity, {
          terminated: ro.terminated,
          truncated: ro.truncated,
          finalValues: ro.finalValues,
          lastValue: ro.lastValue,
          numEnvs: ro.numEnvs,
        });
        expectAllClose(advantages, Array.from(g, (x, i) => x - ro.values[i]!));
      }),
    );
  });

  it('returns = advantages + values', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, unit, (ro, gamma, lambda) => {
        const { advantages, returns } = run(ro, gamma, lambda);
        for (let i = 0; i < returns.length; i++) expect(returns[i]).toBe(advantages[i]! + ro.values[i]!);
      }),
    );
  });

  it('truncation bootstraps from finalValues; termination ignores them; values after a boundary never leak back', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, unit, num, (ro, gamma, lambda, shift) => {
        const before = run(ro, gamma, lambda).advantages;
        // change every finalValue: only truncated-but-not-terminated steps (and their episode) may move
        const moved = run({ ...ro, finalValues: ro.finalValues.map((v) => v + shift) }, gamma, lambda).advantages;
        for (let e = 0; e < ro.numEnvs; e++) {
          for (let t = 0; t < ro.T; t++) {
            const end = episodeEnd(ro, t, e);
            const endI = end * ro.numEnvs + e;
            const bootstrapsFinal = ro.truncated[endI] && !ro.terminated[endI];
            const i = t * ro.numEnvs + e;
            const expected = bootstrapsFinal ? before[i]! + (gamma * lambda) ** (end - t) * gamma * shift : before[i]!;
            expect(close(moved[i]!, expected)).toBe(true);
          }
        }
      }),
    );
  });

  it('time-major multi-env equals independent single-env runs', () => {
    fc.assert(
      fc.property(rolloutArb({ maxEnvs: 5 }), unit, unit, (ro, gamma, lambda) => {
        const multi = run(ro, gamma, lambda);
        for (let e = 0; e < ro.numEnvs; e++) {
          const col = <V>(a: V[]) => Array.from({ length: ro.T }, (_, t) => a[t * ro.numEnvs + e]!);
          const single = gae({
            rewards: col(ro.rewards),
            values: col(ro.values),
            terminated: col(ro.terminated),
            truncated: col(ro.truncated),
            finalValues: col(ro.finalValues),
            lastValue: ro.lastValue[e]!,
            gamma,
            lambda,
          });
          for (let t = 0; t < ro.T; t++) {
            expect(multi.advantages[t * ro.numEnvs + e]).toBe(single.advantages[t]);
            expect(multi.returns[t * ro.numEnvs + e]).toBe(single.returns[t]);
          }
        }
      }),
    );
  });

  it('nextValues form equals the lastValue form', () => {
    fc.assert(
      fc.property(rolloutArb(), unit, unit, fc.boolean(), (ro, gamma, lambda, passFinal) => {
        // nextValues: V of the true next state (final observation on truncation); terminal entries arbitrary
        const nextValues = Array.from({ length: ro.T * ro.numEnvs }, (_, i) => {
          const t = Math.floor(i / ro.numEnvs);
          const e = i % ro.numEnvs;
          return ro.terminated[i] ? 999 : trueNext(ro, t, e);
        });
        const viaNext = gae({
          rewards: ro.rewards,
          values: ro.values,
          terminated: ro.terminated,
          truncated: ro.truncated,
          nextValues,
          ...(passFinal ? { finalValues: ro.finalValues } : {}),
          numEnvs: ro.numEnvs,
          gamma,
          lambda,
        });
        const viaLast = run(ro, gamma, lambda);
        expectAllClose(viaNext.advantages, viaLast.advantages, 0);
      }),
    );
  });
});

describe('gae: buffers and validation', () => {
  const ok = { rewards: [1, 2, 3, 4], values: [0, 0, 0, 0], terminated: [0, 0, 0, 0], lastValue: [0, 0], numEnvs: 2, gamma: 0.9, lambda: 0.95 };

  it('fills given out buffers and allocates float32 on request', () => {
    const advantages = new Float32Array(4);
    const returns = new Float32Array(4);
    const r = gae({ ...ok, out: { advantages, returns } });
    expect(r.advantages).toBe(advantages);
    expect(r.returns).toBe(returns);
    const ref = gae(ok);
    expect(ref.advantages).toBeInstanceOf(Float64Array);
    for (let i = 0; i < 4; i++) expect(advantages[i]).toBe(Math.fround(ref.advantages[i]!));
    const f32 = gae({ ...ok, dtype: 'float32' });
    expect(f32.advantages).toBeInstanceOf(Float32Array);
    expect(f32.returns).toBeInstanceOf(Float32Array);
  });

  it('accepts typed-array inputs (Float32Array values, Uint8Array flags)', () => {
    const r = gae({
      ...ok,
      rewards: new Float32Array(ok.rewards),
      values: new Float32Array(4),
      terminated: new Uint8Array(4),
      truncated: new Float32Array(4),
      lastValue: new Float32Array(2),
    });
    expectAllClose(r.advantages, gae(ok).advantages, 0);
  });

  it('names the field and the expected length on mismatches', () => {
    expect(() => gae({ ...ok, values: [0, 0, 0] })).toThrow(/values must be an array of length 4 \(T × numEnvs = 2 × 2/);
    expect(() => gae({ ...ok, terminated: [0] })).toThrow(/terminated must be an array of length 4/);
    expect(() => gae({ ...ok, truncated: [0, 0] })).toThrow(/truncated must be an array of length 4/);
    expect(() => gae({ ...ok, finalValues: [0] })).toThrow(/finalValues must be an array of length 4/);
    expect(() => gae({ ...ok, lastValue: [0] })).toThrow(/lastValue must be an array of length 2/);
    expect(() => gae({ ...ok, lastValue: 0 })).toThrow(/lastValue must be an array of length numEnvs = 2/);
    expect(() => gae({ ...ok, numEnvs: 3 })).toThrow(/rewards must be an array whose length is a multiple of numEnvs = 3/);
    expect(() => gae({ ...ok, numEnvs: 0 })).toThrow(/numEnvs must be an integer >= 1/);
    expect(() => gae({ ...ok, out: { advantages: new Float64Array(5) } })).toThrow(/out.advantages must be an array of length 4/);
    expect(() => gae({ ...ok, out: { returns: new Float32Array(3) } })).toThrow(/out.returns must be an array of length 4/);
  });

  it('requires exactly one of lastValue and nextValues', () => {
    const { lastValue: _, ...noLast } = ok;
    expect(() => gae(noLast)).toThrow(/lastValue must be an array of length numEnvs = 2/);
    expect(() => gae({ ...ok, nextValues: [0, 0, 0, 0] })).toThrow(/lastValue must be omitted when nextValues is given/);
    expect(() => gae({ ...noLast, nextValues: [0, 0, 0] })).toThrow(/nextValues must be an array of length 4/);
  });

  it('requires finalValues when a step is truncated and nextValues is absent', () => {
    expect(() => gae({ ...ok, truncated: [0, 0, 1, 0] })).toThrow(/finalValues must be .*truncated\[2\]/);
    // a NaN placeholder where it is actually read is reported
    expect(() => gae({ ...ok, truncated: [0, 0, 1, 0], finalValues: [0, 0, NaN, 0] })).toThrow(/finalValues\[2\] must be a finite number/);
  });

  it('validates gamma, lambda, dtype and non-finite inputs', () => {
    expect(() => gae({ ...ok, gamma: 1.01 })).toThrow(/gamma must be a finite number in \[0, 1\]/);
    expect(() => gae({ ...ok, lambda: -1 })).toThrow(/lambda must be a finite number in \[0, 1\]/);
    expect(() => gae({ ...ok, dtype: 'int32' as 'float32' })).toThrow(/dtype/);
    expect(() => gae({ ...ok, rewards: [1, NaN, 3, 4] })).toThrow(/rewards\[1\] must be a finite number/);
    expect(() => gae({ ...ok, values: [0, 0, Infinity, 0] })).toThrow(/values\[2\] must be a finite number/);
    expect(() => gae({ ...ok, lastValue: [0, NaN] })).toThrow(/lastValue\[1\] must be a finite number/);
    expect(() => gae({ ...ok, gamma: 2 })).toThrow(InvalidArgumentError);
  });

  it('handles an empty buffer', () => {
    const r = gae({ rewards: [], values: [], terminated: [], lastValue: 0, gamma: 0.9, lambda: 0.9 });
    expect(r.advantages.length).toBe(0);
  });
});
