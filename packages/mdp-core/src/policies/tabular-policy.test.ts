import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { Rng } from '../rng.js';
import { DeterministicTabularPolicy, StochasticTabularPolicy } from './tabular-policy.js';

/** Empirical action frequencies of `draws` samples. */
function frequencies(nA: number, draws: number, sample: () => number): number[] {
  const counts = new Array<number>(nA).fill(0);
  for (let i = 0; i < draws; i++) counts[sample()]!++;
  return counts.map((c) => c / draws);
}

const qTable = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([nS, nA]) =>
    fc.record({
      nS: fc.constant(nS),
      nA: fc.constant(nA),
      // small integers make ties common
      q: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: nS * nA, maxLength: nS * nA }),
    }),
  );

describe('DeterministicTabularPolicy', () => {
  it('acts and gives one-hot probabilities', () => {
    const pi = new DeterministicTabularPolicy([2, 0, 1], 3);
    expect(pi.nS).toBe(3);
    expect(pi.nA).toBe(3);
    expect(pi.actions).toBeInstanceOf(Int32Array);
    expect(pi.action(0)).toBe(2);
    expect(pi.act(1, new Rng(0))).toBe(0);
    expect(Array.from(pi.probs(2))).toEqual([0, 1, 0]);
  });

  it('greedy takes argmax_a Q(s, a) with ties to the lowest index', () => {
    // rows: [1, 5, 2] → 1; [4, 4, 0] → 0 (tie); [-1, -2, -1] → 0 (tie)
    const q = Float64Array.from([1, 5, 2, 4, 4, 0, -1, -2, -1]);
    expect(Array.from(DeterministicTabularPolicy.greedy(q, 3, 3).actions)).toEqual([1, 0, 0]);
    // near-ties within the tolerance
    const near = Float64Array.from([0.6 - 1e-12, 0.6, 0]);
    expect(DeterministicTabularPolicy.greedy(near, 1, 3).action(0)).toBe(1);
    expect(DeterministicTabularPolicy.greedy(near, 1, 3, { tolerance: 1e-9 }).action(0)).toBe(0);
  });

  it('greedy actions attain the row maximum (property)', () => {
    fc.assert(
      fc.property(qTable, ({ nS, nA, q }) => {
        const pi = DeterministicTabularPolicy.greedy(q, nS, nA);
        for (let s = 0; s < nS; s++) {
          const row = q.slice(s * nA, (s + 1) * nA);
          const max = Math.max(...row);
          expect(row[pi.action(s)]).toBe(max);
          expect(pi.action(s)).toBe(row.indexOf(max));
        }
      }),
    );
  });

  it('round-trips through the stochastic form', () => {
    const pi = new DeterministicTabularPolicy([1, 0, 3], 4);
    const st = pi.toStochastic();
    expect(Array.from(st.table)).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(st.toDeterministic().actions)).toEqual([1, 0, 3]);
    expect(Array.from(DeterministicTabularPolicy.fromStochastic(st).actions)).toEqual([1, 0, 3]);
  });

  it('copies its input and validates it', () => {
    const src = [0, 1];
    const pi = new DeterministicTabularPolicy(src, 2);
    src[0] = 1;
    expect(pi.action(0)).toBe(0);
    expect(() => new DeterministicTabularPolicy([0, 2], 2)).toThrow(/actions\[1\] must be an integer in \[0, 1\]/);
    expect(() => new DeterministicTabularPolicy([], 2)).toThrow(/actions must be a non-empty array/);
    expect(() => new DeterministicTabularPolicy([0], 0)).toThrow(/nA must be an integer >= 1/);
    expect(() => pi.action(2)).toThrow(/state must be an integer in \[0, 1\]/);
    expect(() => pi.action(0.5)).toThrow(InvalidArgumentError);
    expect(() => DeterministicTabularPolicy.greedy([1, 2, 3], 2, 2)).toThrow(/q must be an array of length nS × nA = 2 × 2 = 4/);
    expect(() => DeterministicTabularPolicy.greedy([1, NaN], 1, 2)).toThrow(/q\[1\] must be a number \(not NaN\)/);
  });
});

describe('StochasticTabularPolicy', () => {
  it('stores π(a|s) and answers prob / probs', () => {
    const pi = new StochasticTabularPolicy([0.25, 0.75, 1, 0], 2, 2);
    expect(pi.prob(0, 1)).toBe(0.75);
    expect(Array.from(pi.probs(1))).toEqual([1, 0]);
    // probs returns a copy
    pi.probs(0)[0] = 9;
    expect(pi.prob(0, 0)).toBe(0.25);
  });

  it('validates rows: non-negative, finite, summing to 1', () => {
    expect(() => new StochasticTabularPolicy([0.5, 0.4], 1, 2)).toThrow(/table row 0 must be probabilities summing to 1/);
    expect(() => new StochasticTabularPolicy([1.5, -0.5], 1, 2)).toThrow(/table\[1\] \(π\(1\|0\)\) must be a finite probability >= 0/);
    expect(() => new StochasticTabularPolicy([NaN, 1], 1, 2)).toThrow(/table\[0\]/);
    expect(() => new StochasticTabularPolicy([1, 0, 1], 2, 2)).toThrow(/table must be an array of length nS × nA = 2 × 2 = 4/);
    expect(() => new StochasticTabularPolicy([0.5, 0.5 + 1e-9], 1, 2)).not.toThrow();
    expect(() => new StochasticTabularPolicy([0.5, 0.5 + 1e-9], 1, 2, { tolerance: 0 })).toThrow(/table row 0/);
    const pi = new StochasticTabularPolicy([1], 1, 1);
    expect(() => pi.prob(0, 1)).toThrow(/action must be an integer in \[0, 0\]/);
    expect(() => pi.act(1, new Rng(0))).toThrow(/state must be an integer in \[0, 0\]/);
  });

  it('uniform gives 1/nA everywhere', () => {
    const pi = StochasticTabularPolicy.uniform(3, 4);
    expect(Array.from(pi.table)).toEqual(new Array<number>(12).fill(0.25));
  });

  it('greedy puts mass on the argmax, on the first tie or split among ties', () => {
    const q = [1, 3, 3, 0, 2, 2, 2, 2];
    expect(Array.from(StochasticTabularPolicy.greedy(q, 2, 4).table)).toEqual([0, 1, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(StochasticTabularPolicy.greedy(q, 2, 4, { ties: 'uniform' }).table)).toEqual([0, 0.5, 0.5, 0, 0.25, 0.25, 0.25, 0.25]);
    expect(() => StochasticTabularPolicy.greedy(q, 2, 4, { ties: 'random' as 'first' })).toThrow(/ties must be one of "first", "uniform"/);
  });

  it('greedy with uniform ties is a distribution supported exactly on the argmax (property)', () => {
    fc.assert(
      fc.property(qTable, ({ nS, nA, q }) => {
        const pi = StochasticTabularPolicy.greedy(q, nS, nA, { ties: 'uniform' });
        for (let s = 0; s < nS; s++) {
          const row = q.slice(s * nA, (s + 1) * nA);
          const max = Math.max(...row);
          const ties = row.filter((v) => v === max).length;
          const p = pi.probs(s);
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          row.forEach((v, a) => expect(p[a]).toBe(v === max ? 1 / ties : 0));
        }
      }),
    );
  });

  it('act samples π(·|s): empirical frequencies match and runs are reproducible', () => {
    const pi = new StochasticTabularPolicy([0.1, 0.2, 0.7, 0, 0, 1], 2, 3);
    const rng = new Rng(42);
    const f = frequencies(3, 20000, () => pi.act(0, rng));
    [0.1, 0.2, 0.7].forEach((p, a) => expect(Math.abs(f[a]! - p)).toBeLessThan(0.015));
    expect(frequencies(3, 200, () => pi.act(1, rng))).toEqual([0, 0, 1]);
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 50; i++) expect(pi.act(0, a)).toBe(pi.act(0, b));
  });

  it('toDeterministic takes the most probable action (lowest index on ties)', () => {
    const pi = new StochasticTabularPolicy([0.2, 0.4, 0.4, 0.6, 0.4, 0], 2, 3);
    expect(Array.from(pi.toDeterministic().actions)).toEqual([1, 0]);
  });
});
