import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { Box, Dict, Discrete, MultiDiscrete, flatDim, flatten, spaceFromJSON } from './index.js';

describe('Discrete', () => {
  it('samples and contains {start, …, start+n−1}', () => {
    const s = new Discrete(3, 2);
    const rng = new Rng(0);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const x = s.sample(rng);
      expect(s.contains(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
    expect(s.contains(1)).toBe(false);
    expect(s.contains(5)).toBe(false);
    expect(s.contains(2.5)).toBe(false);
    expect(s.contains('2')).toBe(false);
    expect(s.toString()).toBe('Discrete(3, start=2)');
  });

  it('rejects bad sizes with a clear error', () => {
    expect(() => new Discrete(0)).toThrow('Discrete.n must be an integer >= 1; got 0');
    expect(() => new Discrete(-3)).toThrow(/Discrete\.n/);
    expect(() => new Discrete(2.5)).toThrow(/Discrete\.n/);
  });
});

describe('Box', () => {
  it('samples bounded boxes uniformly inside the bounds', () => {
    const b = new Box([-1, 0], [1, 10]);
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) expect(b.contains(b.sample(rng))).toBe(true);
    expect(b.sample(rng)).toBeInstanceOf(Float32Array);
    expect(b.shape).toEqual([2]);
  });

  it('samples unbounded and half-bounded components', () => {
    const b = new Box([-Infinity, 0, -Infinity], [Infinity, Infinity, 5], undefined, 'float64');
    const rng = new Rng(2);
    for (let i = 0; i < 200; i++) {
      const x = b.sample(rng);
      expect(x).toBeInstanceOf(Float64Array);
      expect(x[1]!).toBeGreaterThanOrEqual(0);
      expect(x[2]!).toBeLessThanOrEqual(5);
    }
  });

  it('contains checks length, NaN and bounds (float32 rounding of the value)', () => {
    const b = new Box(-1, 1, [2, 2]);
    expect(b.size).toBe(4);
    expect(b.contains(new Float32Array([0, 0, 0, 1]))).toBe(true);
    expect(b.contains([0, 0, 0, 1])).toBe(true);
    expect(b.contains([0, 0, 0])).toBe(false);
    expect(b.contains([0, 0, 0, 1.5])).toBe(false);
    expect(b.contains([0, 0, 0, Number.NaN])).toBe(false);
    expect(b.contains('x')).toBe(false);
    expect(b.clip([2, -2, 0.5, 0])).toEqual(new Float32Array([1, -1, 0.5, 0]));
  });

  it('gives clear errors for bad construction', () => {
    expect(() => new Box(0, 1)).toThrow(/Box.shape must be given when low and high are both scalars/);
    expect(() => new Box([0, 0], [1], undefined)).toThrow(/Box.high must be a number or an array of length 2/);
    expect(() => new Box(1, 0, [1])).toThrow(/Box.low\[0\] must be <= high\[0\]/);
    expect(() => new Box(0, 1, [-2])).toThrow(/Box.shape\[0\] must be an integer >= 1; got -2/);
    expect(() => new Box(0, 1, [2], 'int8' as 'float32')).toThrow(/Box.dtype must be one of "float32", "float64"/);
    expect(() => new Box(Number.NaN, 1, [1])).toThrow(/Box.low/);
  });
});

describe('MultiDiscrete', () => {
  it('samples each component in range', () => {
    const s = new MultiDiscrete([2, 3, 4]);
    const rng = new Rng(3);
    for (let i = 0; i < 100; i++) expect(s.contains(s.sample(rng))).toBe(true);
    expect(s.contains([1, 2, 4])).toBe(false);
    expect(s.contains([1, 2])).toBe(false);
    expect(() => new MultiDiscrete([2, 0])).toThrow(/MultiDiscrete.nvec\[1\] must be an integer in \[1/);
    expect(() => new MultiDiscrete([])).toThrow(/MultiDiscrete.nvec/);
  });
});

describe('Dict', () => {
  it('samples and checks every key', () => {
    const s = new Dict({ pos: new Box(-1, 1, [2]), mode: new Discrete(3) });
    const rng = new Rng(4);
    const x = s.sample(rng);
    expect(Object.keys(x)).toEqual(['mode', 'pos']);
    expect(s.contains(x)).toBe(true);
    expect(s.contains({ pos: x.pos })).toBe(false);
    expect(s.contains({ ...x, extra: 1 })).toBe(false);
    expect(() => new Dict({})).toThrow(/Dict.spaces/);
  });
});

describe('JSON and flattening', () => {
  it('round-trips every space through toJSON / spaceFromJSON', () => {
    const spaces = [
      new Discrete(4, 1),
      new Box([-1, -2], [1, 2], undefined, 'float64'),
      new MultiDiscrete([3, 5]),
      new Dict({ a: new Discrete(2), b: new Box(0, 1, [3]) }),
    ];
    for (const s of spaces) {
      const json = JSON.parse(JSON.stringify(s.toJSON())) as ReturnType<typeof s.toJSON>;
      expect(spaceFromJSON(json).toJSON()).toEqual(s.toJSON());
      expect(spaceFromJSON(json).toString()).toBe(s.toString());
    }
    expect(() => spaceFromJSON({ type: 'Tuple' } as never)).toThrow(/space spec type must be one of/);
  });

  it('flattens to one-hot and concatenated encodings', () => {
    const d = new Dict({ a: new Discrete(3), b: new Box(0, 1, [2]), c: new MultiDiscrete([2, 2]) });
    expect(flatDim(d)).toBe(3 + 2 + 4);
    expect(Array.from(flatten(d, { a: 1, b: new Float32Array([0.5, 0.25]), c: new Int32Array([1, 0]) }))).toEqual([
      0, 1, 0, 0.5, 0.25, 0, 1, 1, 0,
    ]);
  });
});
