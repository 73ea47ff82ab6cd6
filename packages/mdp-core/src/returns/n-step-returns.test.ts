import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountedReturns } from './discounted-returns.js';
import { nStepReturns } from './n-step-returns.js';

const num = fc.double({ min: -10, max: 10, noNaN: true });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const flag = fc.integer({ min: 0, max: 4 }).map((x) => x === 0);

function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * (1 + Math.abs(a) + Math.abs(b));
}

interface Episode {
  rewards: number[];
  values: number[];
  terminated: boolean[];
  truncated: boolean[];
  finalValues: number[];
  lastValue: number;
}

const episodeArb: fc.Arbitrary<Episode> = fc.integer({ min: 1, max: 15 }).chain((T) => {
  const arr = <V>(a: fc.Arbitrary<V>) => fc.array(a, { minLength: T, maxLength: T });
  return fc.record({
    rewards: arr(num),
    values: arr(num),
    terminated: arr(flag),
    truncated: arr(flag),
    finalValues: arr(num),
    lastValue: num,
  });
});

/** Textbook n-step return written from the definition, one env. */
function naiveNStep(ep: Episode, gamma: number, n: number): number[] {
  const T = ep.rewards.length;
  return ep.rewards.map((_, t) => {
    let g = 0;
    for (let k = 0; k < n; k++) {
      const j = t + k;
      g += gamma ** k * ep.rewards[j]!;
      if (ep.terminated[j]) return g;
      if (ep.truncated[j]) return g + gamma ** (k + 1) * ep.finalValues[j]!;
      if (j === T - 1) return g + gamma ** (k + 1) * ep.lastValue;
    }
    return g + gamma ** n * ep.values[t + n]!;
  });
}

function run(ep: Episode, gamma: number, n: number): Float64Array {
  return nStepReturns(ep.rewards, ep.values, gamma, n, {
    terminated: ep.terminated,
    truncated: ep.truncated,
    finalValues: ep.finalValues,
    lastValue: ep.lastValue,
  });
}

describe('nStepReturns', () => {
  it('computes known numbers', () => {
    // γ = 0.5, n = 2, V = [0, 10, 20, 30], bootstrap 40 after the buffer
    // G0 = 1 + 0.5·1 + 0.25·20 = 6.5;  G1 = 1 + 0.5 + 0.25·30 = 9;  G2 = 1 + 0.5 + 0.25·40 = 11.5;  G3 = 1 + 0.5·40 = 21
    const g = nStepReturns([1, 1, 1, 1], [0, 10, 20, 30], 0.5, 2, { terminated: [0, 0, 0, 0], lastValue: 40 });
    expect(Array.from(g)).toEqual([6.5, 9, 11.5, 21]);
  });

  it("reproduces the seed's worked example as Monte Carlo returns", () => {
    const g = nStepReturns([-1, -1, -1, -1, -1, -1], new Float64Array(6), 1, 6, { terminated: [0, 0, 0, 0, 0, 1], lastValue: 0 });
    expect(Array.from(g)).toEqual([-6, -5, -4, -3, -2, -1]);
    // one-step targets with the true values: r + V(S_{t+1}) = -1 + (-5) = -6
    const td = nStepReturns([-1, -1, -1, -1, -1, -1], [-6, -5, -4, -3, -2, -1], 1, 1, {
      terminated: [0, 0, 0, 0, 0, 1],
      lastValue: 0,
    });
    expect(Array.from(td)).toEqual([-6, -5, -4, -3, -2, -1]);
  });

  it('stops at termination without bootstrap and bootstraps truncation from the final value', () => {
    const opts = { terminated: [0, 1, 0, 0], truncated: [0, 0, 1, 0], finalValues: [NaN, NaN, 100, NaN], lastValue: 0 };
    const g = nStepReturns([1, 1, 1, 1], [5, 5, 5, 5], 1, 3, opts);
    // t=0: 1 + 1 (terminated at 1); t=1: 1; t=2: 1 + 100 (truncated); t=3: 1 + 0 (lastValue)
    expect(Array.from(g)).toEqual([2, 1, 101, 1]);
  });

  it('matches the definition Σ_{k<n} γ^k r_{t+k} + γ^n V(s_{t+n}), cut at episode ends', () => {
    fc.assert(
      fc.property(episodeArb, unit, fc.integer({ min: 1, max: 20 }), (ep, gamma, n) => {
        const g = run(ep, gamma, n);
        naiveNStep(ep, gamma, n).forEach((x, t) => expect(close(g[t]!, x)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('n = 1 is the TD(0) target r_t + γ V(s_{t+1})', () => {
    fc.assert(
      fc.property(episodeArb, unit, (ep, gamma) => {
        const g = run(ep, gamma, 1);
        const T = ep.rewards.length;
        for (let t = 0; t < T; t++) {
          const next = ep.terminated[t] ? 0 : ep.truncated[t] ? ep.finalValues[t]! : t + 1 < T ? ep.values[t + 1]! : ep.lastValue;
          expect(close(g[t]!, ep.rewards[t]! + gamma * next)).toBe(true);
        }
      }),
    );
  });

  it('n ≥ T equals the Monte Carlo return on terminated episodes', () => {
    fc.assert(
      fc.property(episodeArb, unit, fc.integer({ min: 0, max: 5 }), (ep, gamma, extra) => {
        const T = ep.rewards.length;
        const terminated = [...ep.terminated];
        terminated[T - 1] = true;
        const mc = discountedReturns(ep.rewards, gamma, { dones: terminated });
        for (const n of [T + extra, Infinity]) {
          const g = nStepReturns(ep.rewards, ep.values, gamma, n, { terminated, lastValue: ep.lastValue });
          mc.forEach((x, t) => expect(close(g[t]!, x)).toBe(true));
        }
      }),
    );
  });

  it('time-major multi-env equals per-env runs, and nextValues equals the lastValue form', () => {
    fc.assert(
      fc.property(fc.array(episodeArb, { minLength: 1, maxLength: 4 }), unit, fc.integer({ min: 1, max: 6 }), (eps, gamma, n) => {
        const T = Math.min(...eps.map((e) => e.rewards.length));
        const E = eps.length;
        const cut = eps.map((ep) => ({
          rewards: ep.rewards.slice(0, T),
          values: ep.values.slice(0, T),
          terminated: ep.terminated.slice(0, T),
          truncated: ep.truncated.slice(0, T),
          finalValues: ep.finalValues.slice(0, T),
          lastValue: ep.lastValue,
        }));
        const interleave = <V>(get: (ep: Episode) => V[]) => Array.from({ length: T * E }, (_, i) => get(cut[i % E]!)[Math.floor(i / E)]!);
        const g = nStepReturns(interleave((e) => e.rewards), interleave((e) => e.values), gamma, n, {
          terminated: interleave((e) => e.terminated),
          truncated: interleave((e) => e.truncated),
          finalValues: interleave((e) => e.finalValues),
          lastValue: cut.map((e) => e.lastValue),
          numEnvs: E,
        });
        cut.forEach((ep, e) => {
          const single = run(ep, gamma, n);
          for (let t = 0; t < T; t++) expect(g[t * E + e]).toBe(single[t]);
          const nextValues = ep.rewards.map((_, t) =>
            ep.terminated[t] ? 0 : ep.truncated[t] ? ep.finalValues[t]! : t + 1 < T ? ep.values[t + 1]! : ep.lastValue,
          );
          const viaNext = nStepReturns(ep.rewards, ep.values, gamma, n, { terminated: ep.terminated, truncated: ep.truncated, nextValues });
          for (let t = 0; t < T; t++) expect(viaNext[t]).toBe(single[t]);
        });
      }),
    );
  });

  it('validates its arguments with named errors', () => {
    const opts = { terminated: [0, 0], lastValue: 0 };
    expect(() => nStepReturns([1, 1], [0, 0], 1.5, 1, opts)).toThrow(/gamma must be a finite number in \[0, 1\]/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 0, opts)).toThrow(/n must be an integer >= 1/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 1.5, opts)).toThrow(/n must be an integer >= 1/);
    expect(() => nStepReturns([1, 1], [0], 0.9, 1, opts)).toThrow(/values must be an array of length 2/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 1, { terminated: [0] , lastValue: 0 })).toThrow(/terminated must be an array of length 2/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 1, { terminated: [0, 0] })).toThrow(/lastValue must be a number/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 1, { terminated: [0, 0], truncated: [1, 0], lastValue: 0 })).toThrow(
      /finalValues must be/,
    );
    expect(() => nStepReturns([1, NaN], [0, 0], 0.9, 1, opts)).toThrow(/rewards\[1\] must be a finite number/);
    expect(() => nStepReturns([1, 1], [0, 0], 0.9, 1, { ...opts, out: new Float64Array(1) })).toThrow(/out must be an array of length 2/);
  });

  it('writes into a given out buffer', () => {
    const out = new Float64Array(2);
    expect(nStepReturns([1, 1], [0, 0], 1, 5, { terminated: [0, 1], lastValue: 0, out })).toBe(out);
    expect(Array.from(out)).toEqual([2, 1]);
  });
});
