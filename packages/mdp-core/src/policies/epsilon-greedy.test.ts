import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { EpsilonGreedyPolicy } from './epsilon-greedy.js';

function frequencies(nA: number, draws: number, sample: () => number): number[] {
  const counts = new Array<number>(nA).fill(0);
  for (let i = 0; i < draws; i++) counts[sample()]!++;
  return counts.map((c) => c / draws);
}

describe('EpsilonGreedyPolicy', () => {
  const q = Float64Array.from([1, 3, 3, 0, /* state 1 */ 5, 0, 0, 0]);

  it('gives π(a|s) = ε/nA + (1 − ε)·[greedy], ties split', () => {
    const pi = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 0.2 });
    expect(Array.from(pi.probs(0)).map((p) => +p.toFixed(12))).toEqual([0.05, 0.45, 0.45, 0.05]);
    expect(Array.from(pi.probs(1)).map((p) => +p.toFixed(12))).toEqual([0.85, 0.05, 0.05, 0.05]);
    const first = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 0.2, ties: 'first' });
    expect(Array.from(first.probs(0)).map((p) => +p.toFixed(12))).toEqual([0.05, 0.85, 0.05, 0.05]);
    expect(pi.nS).toBe(2);
  });

  it('probs is a distribution with at least ε/nA everywhere and the most on greedy actions (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((nA) => fc.tuple(fc.constant(nA), fc.array(fc.integer({ min: -2, max: 2 }), { minLength: nA, maxLength: nA }))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([nA, row], epsilon) => {
          const pi = new EpsilonGreedyPolicy(() => row, { nA, epsilon });
          const p = pi.probs(0);
          const max = Math.max(...row);
          const ties = row.filter((v) => v === max).length;
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          row.forEach((v, a) => expect(p[a]).toBeCloseTo(epsilon / nA + (v === max ? (1 - epsilon) / ties : 0), 12));
        },
      ),
    );
  });

  it('act follows probs (empirical frequencies)', () => {
    const pi = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 0.3 });
    const rng = new Rng(1);
    const f = frequencies(4, 40000, () => pi.act(0, rng));
    const p = pi.probs(0);
    for (let a = 0; a < 4; a++) expect(Math.abs(f[a]! - p[a]!)).toBeLessThan(0.012);
  });

  it('ε = 0 is greedy, ε = 1 is uniform', () => {
    const rng = new Rng(3);
    const greedy = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 0, ties: 'first' });
    for (let i = 0; i < 100; i++) expect(greedy.act(0, rng)).toBe(1);
    const random = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 1 });
    const f = frequencies(4, 20000, () => random.act(1, rng));
    f.forEach((x) => expect(Math.abs(x - 0.25)).toBeLessThan(0.015));
  });

  it('ε is settable (schedules) and validated', () => {
    const pi = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 1 });
    pi.epsilon = 0.5;
    expect(pi.epsilon).toBe(0.5);
    expect(pi.probs(1)[0]).toBeCloseTo(0.125 + 0.5, 12);
    expect(() => (pi.epsilon = 1.5)).toThrow(/epsilon must be a finite number in \[0, 1\]/);
    expect(() => new EpsilonGreedyPolicy(q, { nA: 4, epsilon: -0.1 })).toThrow(/epsilon/);
  });

  it('reads the Q table live', () => {
    const table = new Float64Array(4); // 2 states × 2 actions, all tied
    const pi = new EpsilonGreedyPolicy(table, { nA: 2, epsilon: 0 });
    expect(Array.from(pi.probs(0))).toEqual([0.5, 0.5]);
    table[1] = 1;
    expect(pi.greedyAction(0)).toBe(1);
    expect(Array.from(pi.probs(0))).toEqual([0, 1]);
  });

  it('breaks greedy ties uniformly with ties: random', () => {
    const pi = new EpsilonGreedyPolicy(Float64Array.from([2, 0, 2]), { nA: 3, epsilon: 0 });
    const rng = new Rng(5);
    const f = frequencies(3, 20000, () => pi.act(0, rng));
    expect(f[1]).toBe(0);
    expect(Math.abs(f[0]! - 0.5)).toBeLessThan(0.015);
    expect(() => pi.greedyAction(0)).toThrow(/rng must be a generator to break ties/);
  });

  it('works with a q-function of any observation type', () => {
    const pi = new EpsilonGreedyPolicy((obs: Float32Array) => [obs[0]!, -obs[0]!], { nA: 2, epsilon: 0 });
    expect(pi.act(Float32Array.of(1), new Rng(0))).toBe(0);
    expect(pi.act(Float32Array.of(-1), new Rng(0))).toBe(1);
    expect(pi.nS).toBeUndefined();
    const bad = new EpsilonGreedyPolicy(() => [1, 2, 3], { nA: 2, epsilon: 0 });
    expect(() => bad.probs(0)).toThrow(/action values must be an array of length nA = 2/);
  });

  it('validates the table and observations', () => {
    expect(() => new EpsilonGreedyPolicy(new Float64Array(5), { nA: 2, epsilon: 0 })).toThrow(/EpsilonGreedyPolicy table must be a non-empty Float64Array of length nS × nA/);
    expect(() => new EpsilonGreedyPolicy([1, 2] as unknown as Float64Array, { nA: 2, epsilon: 0 })).toThrow(/Float64Array/);
    const pi = new EpsilonGreedyPolicy(q, { nA: 4, epsilon: 0 });
    expect(() => pi.act(2, new Rng(0))).toThrow(/observation must be an integer state in \[0, 1\]/);
    const nan = new EpsilonGreedyPolicy(Float64Array.from([0, NaN]), { nA: 2, epsilon: 0 });
    expect(() => nan.probs(0)).toThrow(/action value 1 must be a number \(not NaN\)/);
  });
});
