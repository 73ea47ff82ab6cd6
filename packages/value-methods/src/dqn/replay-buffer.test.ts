import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@bellman/mdp-core';
import { ReplayBuffer } from './replay-buffer.js';

/** Transition i: obs [i, −i], nextObs [i + 0.5, −i], action i mod 3, reward i/10, terminated every 4th. */
function fill(buffer: ReplayBuffer, from: number, to: number): void {
  for (let i = from; i < to; i++) buffer.add([i, -i], [i + 0.5, -i], i % 3, i / 10, i % 4 === 3);
}

describe('ReplayBuffer ring semantics', () => {
  it('grows until full, then overwrites the oldest slot', () => {
    const buffer = new ReplayBuffer({ capacity: 5, obsSize: 2 });
    expect(buffer.size).toBe(0);
    fill(buffer, 0, 3);
    expect([buffer.size, buffer.pos, buffer.full]).toEqual([3, 3, false]);
    fill(buffer, 3, 5);
    expect([buffer.size, buffer.pos, buffer.full]).toEqual([5, 0, true]);
    fill(buffer, 5, 7); // overwrites transitions 0 and 1 in slots 0 and 1
    expect([buffer.size, buffer.pos, buffer.full]).toEqual([5, 2, true]);
    const stored = Array.from({ length: 5 }, (_, s) => buffer.get(s).obs[0]);
    expect(stored).toEqual([5, 6, 2, 3, 4]);
    // The oldest transition sits at `pos`.
    expect(buffer.get(buffer.pos).obs[0]).toBe(2);
  });

  it('stores every field of a transition, copied and rounded to float32', () => {
    const buffer = new ReplayBuffer({ capacity: 3, obsSize: 2 });
    const obs = new Float64Array([0.1, 2]);
    buffer.add(obs, [3, 4], 2, 0.3, true);
    obs[0] = 99; // the buffer holds a copy
    const t = buffer.get(0);
    expect(Array.from(t.obs)).toEqual([Math.fround(0.1), 2]);
    expect(Array.from(t.nextObs)).toEqual([3, 4]);
    expect(t.action).toBe(2);
    expect(t.reward).toBe(Math.fround(0.3));
    expect(t.terminated).toBe(true);
    buffer.add([1, 1], [2, 2], 0, -1, false); // e.g. a truncation: stored as non-terminal
    expect(buffer.get(1).terminated).toBe(false);
  });

  it('clear() empties it; capacity 1 keeps only the last transition', () => {
    const one = new ReplayBuffer({ capacity: 1, obsSize: 2 });
    fill(one, 0, 4);
    expect(one.size).toBe(1);
    expect(one.get(0).obs[0]).toBe(3);
    one.clear();
    expect([one.size, one.pos, one.full]).toEqual([0, 0, false]);
  });

  it('validates its inputs', () => {
    expect(() => new ReplayBuffer({ capacity: 0, obsSize: 2 })).toThrow(/capacity must be an integer >= 1/);
    expect(() => new ReplayBuffer({ capacity: 2, obsSize: 1.5 })).toThrow(/obsSize/);
    const buffer = new ReplayBuffer({ capacity: 2, obsSize: 2 });
    expect(() => buffer.add([1], [1, 2], 0, 0, false)).toThrow(/obs must be an array of length 2/);
    expect(() => buffer.add([1, 2], [1, 2, 3], 0, 0, false)).toThrow(/nextObs/);
    expect(() => buffer.add([1, 2], [1, 2], -1, 0, false)).toThrow(/action/);
    expect(() => buffer.add([1, 2], [1, 2], 0, Number.NaN, false)).toThrow(/reward/);
    expect(() => buffer.sample(4, new Rng(0))).toThrow(InvalidArgumentError);
    expect(() => buffer.get(0)).toThrow(/slot/);
  });
});

describe('ReplayBuffer sampling', () => {
  it('draws slot indices rng.integer(size), in order, and copies those transitions', () => {
    const buffer = new ReplayBuffer({ capacity: 10, obsSize: 2 });
    fill(buffer, 0, 7);
    const batch = buffer.sample(5, new Rng(42));
    const rng = new Rng(42);
    const expected = Array.from({ length: 5 }, () => rng.integer(7));
    expect(Array.from(batch.indices)).toEqual(expected);
    expected.forEach((i, b) => {
      expect([batch.obs[2 * b], batch.obs[2 * b + 1]]).toEqual([i, -i]);
      expect([batch.nextObs[2 * b], batch.nextObs[2 * b + 1]]).toEqual([i + 0.5, -i]);
      expect(batch.actions[b]).toBe(i % 3);
      expect(batch.rewards[b]).toBe(Math.fround(i / 10));
      expect(batch.terminated[b]).toBe(i % 4 === 3 ? 1 : 0);
    });
  });

  it('is reproducible from the seed and reuses a given batch', () => {
    const buffer = new ReplayBuffer({ capacity: 100, obsSize: 2 });
    fill(buffer, 0, 100);
    const a = buffer.sample(16, new Rng(1));
    const out = buffer.emptyBatch(16);
    const b = buffer.sample(16, new Rng(1), out);
    expect(b).toBe(out);
    expect(b).toEqual(a);
    expect(buffer.sample(16, new Rng(2)).indices).not.toEqual(a.indices);
    // A batch of another size is not reused.
    expect(buffer.sample(8, new Rng(1), out)).not.toBe(out);
  });

  it('samples only stored slots, uniformly (χ² test over 20 000 draws)', () => {
    const buffer = new ReplayBuffer({ capacity: 50, obsSize: 2 });
    fill(buffer, 0, 20); // 20 of 50 slots used
    const counts = new Array<number>(20).fill(0);
    const rng = new Rng(7);
    for (let k = 0; k < 100; k++) {
      const batch = buffer.sample(200, rng);
      for (const i of batch.indices) {
        expect(i).toBeLessThan(20);
        counts[i]!++;
      }
    }
    const expected = 20_000 / 20;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // 99.9th percentile of χ² with 19 degrees of freedom
  });

  it('after wrapping, samples the whole ring', () => {
    const buffer = new ReplayBuffer({ capacity: 4, obsSize: 2 });
    fill(buffer, 0, 10); // slots hold transitions 8, 9, 6, 7
    const seen = new Set(Array.from(buffer.sample(200, new Rng(3)).obs.filter((_, k) => k % 2 === 0)));
    expect([...seen].sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
  });
});

describe('ReplayBuffer state', () => {
  it('round-trips through getState / setState (copied)', () => {
    const a = new ReplayBuffer({ capacity: 6, obsSize: 2 });
    fill(a, 0, 9);
    const b = new ReplayBuffer({ capacity: 6, obsSize: 2 });
    b.setState(a.getState());
    expect(b.getState()).toEqual(a.getState());
    expect(b.sample(10, new Rng(5))).toEqual(a.sample(10, new Rng(5)));
    fill(a, 9, 10);
    expect(b.get(3).obs[0]).toBe(9 - 6); // b did not follow a's later additions
    expect(() => new ReplayBuffer({ capacity: 5, obsSize: 2 }).setState(a.getState())).toThrow(/capacity 5/);
  });
});
