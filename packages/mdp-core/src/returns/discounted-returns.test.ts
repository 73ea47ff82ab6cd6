import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { discountedReturn, discountedReturns } from './discounted-returns.js';

const reward = fc.double({ min: -10, max: 10, noNaN: true });
const gammaArb = fc.double({ min: 0, max: 1, noNaN: true });

function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * (1 + Math.abs(a) + Math.abs(b));
}

describe('discountedReturns', () => {
  it("reproduces the seed's worked example: six rewards of -1 with gamma = 1", () => {
    const g = discountedReturns([-1, -1, -1, -1, -1, -1], 1);
    expect(Array.from(g)).toEqual([-6, -5, -4, -3, -2, -1]);
    // V(S_t) = -6 and V(S_{t+1}) = -5 = -1 + V(S_{t+2}): the Bellman recursion, no sums recomputed
    expect(g[0]).toBe(-6);
    expect(g[1]).toBe(-5);
    expect(g[1]).toBe(-1 + g[2]!);
  });

  it('computes known numbers with discounting', () => {
    const g = discountedReturns([1, 2, 3], 0.5);
    // G2 = 3, G1 = 2 + 1.5 = 3.5, G0 = 1 + 1.75 = 2.75
    expect(Array.from(g)).toEqual([2.75, 3.5, 3]);
    expect(g).toBeInstanceOf(Float64Array);
  });

  it('restarts at episode boundaries and bootstraps only a running last episode', () => {
    const g = discountedReturns([1, 1, 1, 1], 0.5, { dones: [false, true, false, false], bootstrapValue: 8 });
    // episode 1: [1.5, 1]; episode 2 (running): G3 = 1 + 0.5·8 = 5, G2 = 1 + 2.5 = 3.5
    expect(Array.from(g)).toEqual([1.5, 1, 3.5, 5]);
    const ended = discountedReturns([1, 1], 0.5, { dones: new Uint8Array([0, 1]), bootstrapValue: 8 });
    expect(Array.from(ended)).toEqual([1.5, 1]);
  });

  it('gamma = 0 gives the rewards themselves', () => {
    fc.assert(
      fc.property(fc.array(reward, { maxLength: 20 }), (rs) => {
        // `|| 0` folds −0 into 0: r + 0·G may flip the sign of a zero reward
        expect(Array.from(discountedReturns(rs, 0), (g) => g || 0)).toEqual(rs.map((r) => r || 0));
      }),
    );
  });

  it('matches the explicit sum G_t = Σ_k γ^(k−t) r_k within each episode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(reward, fc.boolean()), { maxLength: 25 }),
        gammaArb,
        reward,
        (steps, gamma, boot) => {
          const rs = steps.map(([r]) => r);
          const dones = steps.map(([, d]) => d);
          const g = discountedReturns(rs, gamma, { dones, bootstrapValue: boot });
          for (let t = 0; t < rs.length; t++) {
            let sum = 0;
            let k = t;
            for (; k < rs.length; k++) {
              sum += gamma ** (k - t) * rs[k]!;
              if (dones[k]) break;
            }
            if (k === rs.length) sum += gamma ** (rs.length - t) * boot;
            expect(close(g[t]!, sum)).toBe(true);
          }
        },
      ),
    );
  });

  it('satisfies the Bellman recursion G_t = r_t + γ G_{t+1}', () => {
    fc.assert(
      fc.property(fc.array(reward, { minLength: 2, maxLength: 30 }), gammaArb, (rs, gamma) => {
        const g = discountedReturns(rs, gamma);
        for (let t = 0; t + 1 < rs.length; t++) expect(close(g[t]!, rs[t]! + gamma * g[t + 1]!)).toBe(true);
      }),
    );
  });

  it('writes into a given out buffer', () => {
    const out = new Float64Array(3);
    expect(discountedReturns([1, 1, 1], 1, { out })).toBe(out);
    expect(Array.from(out)).toEqual([3, 2, 1]);
  });

  it('rejects a gamma outside [0, 1] with an error naming gamma', () => {
    expect(() => discountedReturns([1], 1.5)).toThrow(InvalidArgumentError);
    expect(() => discountedReturns([1], -0.1)).toThrow(/gamma must be a finite number in \[0, 1\]/);
    expect(() => discountedReturns([1], Number.NaN)).toThrow(/gamma/);
  });

  it('rejects mismatched dones, bad out and non-finite rewards', () => {
    expect(() => discountedReturns([1, 2], 0.9, { dones: [true] })).toThrow(/dones must be an array of length 2/);
    expect(() => discountedReturns([1, 2], 0.9, { out: new Float64Array(3) })).toThrow(/out must be an array of length 2/);
    expect(() => discountedReturns([1, Number.NaN], 0.9)).toThrow(/rewards\[1\] must be a finite number/);
    expect(() => discountedReturns([1], 0.9, { bootstrapValue: Infinity })).toThrow(/bootstrapValue/);
  });
});

describe('discountedReturn', () => {
  it('gives R(τ) = Σ γ^k r_k', () => {
    expect(discountedReturn([-1, -1, -1, -1, -1, -1], 1)).toBe(-6);
    expect(discountedReturn([1, 2, 3], 0.5)).toBe(2.75);
    expect(discountedReturn([], 0.9)).toBe(0);
    // the seed's LLM example: reward only at the end (+1 if right), γ = 0.99, two steps
    expect(discountedReturn([0, 1], 0.99)).toBeCloseTo(0.99, 15);
  });

  it('equals the first entry of discountedReturns and the forward sum', () => {
    fc.assert(
      fc.property(fc.array(reward, { maxLength: 30 }), gammaArb, (rs, gamma) => {
        const r = discountedReturn(rs, gamma);
        const forward = rs.reduce((acc, x, k) => acc + gamma ** k * x, 0);
        expect(close(r, forward)).toBe(true);
        if (rs.length > 0) expect(r).toBe(discountedReturns(rs, gamma)[0]);
      }),
    );
  });

  it('validates gamma', () => {
    expect(() => discountedReturn([1], 2)).toThrow(/gamma/);
  });
});
