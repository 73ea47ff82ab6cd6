import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { SoftmaxPolicy, softmax } from './softmax-policy.js';

// small enough that the naive exp(h/τ) neither overflows nor underflows
const prefs = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 });
const temperature = fc.double({ min: 0.2, max: 20, noNaN: true });

describe('softmax', () => {
  it('gives known numbers', () => {
    const p = softmax([0, Math.log(2)]);
    expect(p[0]).toBeCloseTo(1 / 3, 15);
    expect(p[1]).toBeCloseTo(2 / 3, 15);
    const hot = softmax([0, 2 * Math.log(2)], 2); // τ = 2 halves the preferences
    expect(hot[0]).toBeCloseTo(1 / 3, 15);
    expect(Array.from(softmax([3, 3, 3, 3]))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('is numerically stable for huge preferences and tiny temperatures', () => {
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
    expect(Array.from(softmax([1e308, -1e308]))).toEqual([1, 0]);
    expect(Array.from(softmax([1, 2, 2], 1e-300))).toEqual([0, 0.5, 0.5]);
    expect(Array.from(softmax([1, 2], 1e300))).toEqual([0.5, 0.5]);
  });

  it('masks -Infinity preferences and rejects NaN, +Infinity and bad temperatures', () => {
    expect(Array.from(softmax([-Infinity, 0, -Infinity]))).toEqual([0, 1, 0]);
    expect(() => softmax([-Infinity, -Infinity])).toThrow(/preferences must be at least one finite entry/);
    expect(() => softmax([0, NaN])).toThrow(/preferences\[1\]/);
    expect(() => softmax([0, Infinity])).toThrow(/preferences\[1\]/);
    expect(() => softmax([0, 1], 0)).toThrow(/temperature must be a finite number > 0/);
    expect(() => softmax([0, 1], -1)).toThrow(/temperature/);
    expect(() => softmax([])).toThrow(/preferences must be a non-empty array/);
    expect(() => softmax([1, 2], 1, new Float64Array(3))).toThrow(/out must be a Float64Array of length 2/);
  });

  it('matches exp(h/τ)/Σ exp(h/τ), sums to 1, keeps the order and ignores shifts (property)', () => {
    fc.assert(
      fc.property(prefs, temperature, fc.double({ min: -100, max: 100, noNaN: true }), (h, tau, c) => {
        const p = softmax(h, tau);
        const z = h.reduce((a, x) => a + Math.exp(x / tau), 0);
        h.forEach((x, a) => expect(p[a]).toBeCloseTo(Math.exp(x / tau) / z, 9));
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (let a = 0; a < h.length; a++) for (let b = 0; b < h.length; b++) if (h[a]! > h[b]!) expect(p[a]).toBeGreaterThanOrEqual(p[b]!);
        const shifted = softmax(h.map((x) => x + c), tau);
        shifted.forEach((x, a) => expect(x).toBeCloseTo(p[a]!, 9));
      }),
    );
  });
});

describe('SoftmaxPolicy', () => {
  it('gives π(a|s) from a preference table and samples it', () => {
    const table = Float64Array.from([0, Math.log(3), 0, 0]);
    const pi = new SoftmaxPolicy(table, { nA: 2 });
    expect(pi.probs(0)[1]).toBeCloseTo(0.75, 15);
    expect(Array.from(pi.probs(1))).toEqual([0.5, 0.5]);
    const rng = new Rng(11);
    let ones = 0;
    for (let i = 0; i < 20000; i++) ones += pi.act(0, rng);
    expect(Math.abs(ones / 20000 - 0.75)).toBeLessThan(0.015);
    expect(pi.nS).toBe(2);
  });

  it('has a settable temperature: high τ flattens, low τ sharpens', () => {
    const pi = new SoftmaxPolicy((_obs: unknown) => [0, 1, 2], { nA: 3, temperature: 1 });
    pi.temperature = 1e6;
    pi.probs(null).forEach((p) => expect(p).toBeCloseTo(1 / 3, 5));
    pi.temperature = 1e-3;
    expect(Array.from(pi.probs(null))).toEqual([0, 0, 1]);
    expect(() => (pi.temperature = 0)).toThrow(/temperature must be a finite number > 0/);
    expect(() => new SoftmaxPolicy(() => [0], { nA: 1, temperature: Infinity })).toThrow(/temperature/);
  });

  it('is reproducible from the generator and validates observations', () => {
    const pi = new SoftmaxPolicy(Float64Array.from([1, 2, 3]), { nA: 3 });
    const a = new Rng(9);
    const b = new Rng(9);
    for (let i = 0; i < 50; i++) expect(pi.act(0, a)).toBe(pi.act(0, b));
    expect(() => pi.act(1, a)).toThrow(/observation must be an integer state in \[0, 0\]/);
  });
});
