import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors.js';
import { Rng } from '../../rng.js';
import { FROZEN_LAKE_MAPS, FrozenLakeAction, FrozenLakeEnv, frozenLakeMDP, generateRandomMap } from './frozen-lake.js';

describe('FrozenLakeEnv', () => {
  it('defaults to the slippery 4x4 map and starts at S', () => {
    const env = new FrozenLakeEnv();
    expect(env.desc).toEqual(FROZEN_LAKE_MAPS['4x4']);
    expect(env.isSlippery).toBe(true);
    expect(env.observationSpace.n).toBe(16);
    expect(env.actionSpace.n).toBe(4);
    expect(env.reset({ seed: 3 })).toEqual({ observation: 0, info: { prob: 1 } });
  });

  it('walks to the goal on the non-slippery map with reward 1 and termination', () => {
    const env = new FrozenLakeEnv({ isSlippery: false });
    env.reset({ seed: 0 });
    const { RIGHT, DOWN } = FrozenLakeAction;
    const path = [DOWN, DOWN, RIGHT, RIGHT, DOWN, RIGHT];
    const results = path.map((a) => env.step(a));
    expect(results.map((r) => r.observation)).toEqual([4, 8, 9, 10, 14, 15]);
    expect(results.slice(0, -1).every((r) => r.reward === 0 && !r.terminated)).toBe(true);
    expect(results.at(-1)).toEqual({ observation: 15, reward: 1, terminated: true, truncated: false, info: { prob: 1 } });
  });

  it('falling into a hole terminates with reward 0 and the hole is absorbing', () => {
    const env = new FrozenLakeEnv({ isSlippery: false });
    env.reset({ seed: 0 });
    expect(env.step(FrozenLakeAction.DOWN).observation).toBe(4);
    const fall = env.step(FrozenLakeAction.RIGHT);
    expect(fall).toMatchObject({ observation: 5, reward: 0, terminated: true });
    expect(env.model.transitions(5, 2)).toEqual([{ p: 1, next: 5, reward: 0, terminated: true }]);
  });

  it('slippery rows are (a−1, a, a+1) mod 4 with probability 1/3 each', () => {
    const mdp = new FrozenLakeEnv().model;
    // State 6 = (1, 2): LEFT → 5 (hole), DOWN → 10, RIGHT → 7 (hole), UP → 2.
    expect(mdp.transitions(6, FrozenLakeAction.DOWN)).toEqual([
      { p: 1 / 3, next: 5, reward: 0, terminated: true },
      { p: 1 / 3, next: 10, reward: 0, terminated: false },
      { p: 1 / 3, next: 7, reward: 0, terminated: true },
    ]);
  });

  it('accepts a custom map and uses the 8x8 preset', () => {
    const env = new FrozenLakeEnv({ desc: ['SH', 'FG'], isSlippery: false });
    expect([env.nrow, env.ncol]).toEqual([2, 2]);
    expect(env.model.transitions(2, FrozenLakeAction.RIGHT)).toEqual([{ p: 1, next: 3, reward: 1, terminated: true }]);
    expect(new FrozenLakeEnv({ mapName: '8x8' }).observationSpace.n).toBe(64);
    // desc takes precedence over mapName, as in Gymnasium.
    expect(new FrozenLakeEnv({ desc: ['SG'], mapName: '8x8' }).observationSpace.n).toBe(2);
  });

  it('starts at S wherever it is', () => {
    const env = new FrozenLakeEnv({ desc: ['FFG', 'FSF'] });
    expect(env.reset({ seed: 1 }).observation).toBe(4);
    expect(Array.from(env.model.initialStateDistribution!)).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('validates custom maps with errors naming the field', () => {
    expect(() => new FrozenLakeEnv({ desc: ['SFF', 'FG'] })).toThrow(/FrozenLake options\.desc\[1\] must be a row of length 3 .*rectangular/);
    expect(() => new FrozenLakeEnv({ desc: ['SFX', 'FFG'] })).toThrow(/desc\[0\]\[2\] must be one of "S" \(start\)/);
    expect(() => new FrozenLakeEnv({ desc: ['FFF', 'FFG'] })).toThrow(/exactly one start cell "S"; got "0 start cells/);
    expect(() => new FrozenLakeEnv({ desc: ['SFS', 'FFG'] })).toThrow(/exactly one start cell/);
    expect(() => new FrozenLakeEnv({ desc: [] })).toThrow(InvalidArgumentError);
    expect(() => new FrozenLakeEnv({ desc: ['SF', ''] })).toThrow(/desc\[1\] must be a non-empty string/);
    expect(() => new FrozenLakeEnv({ mapName: '5x5' as '4x4' })).toThrow(/mapName must be "4x4" or "8x8"/);
    expect(() => new FrozenLakeEnv({ is_slippery: false } as never)).toThrow(/FrozenLake options\.is_slippery .*did you mean "isSlippery"/);
    expect(() => frozenLakeMDP(['S', 1] as never)).toThrow(/desc\[1\]/);
  });
});

describe('generateRandomMap', () => {
  it('makes valid maps with a path from S to G, reproducibly', () => {
    for (let seed = 0; seed < 20; seed++) {
      const map = generateRandomMap(8, 0.8, new Rng(seed));
      expect(map).toHaveLength(8);
      expect(map[0]![0]).toBe('S');
      expect(map[7]![7]).toBe('G');
      expect(map.join('')).toMatch(/^[SFHG]+$/);
      expect(map).toEqual(generateRandomMap(8, 0.8, new Rng(seed)));
      // A valid map builds an environment whose goal is reachable from the start.
      const env = new FrozenLakeEnv({ desc: map, isSlippery: false });
      const seen = new Set([0]);
      const queue = [0];
      while (queue.length > 0) {
        const s = queue.shift()!;
        for (let a = 0; a < 4; a++) {
          for (const t of env.model.transitions(s, a)) {
            if (!seen.has(t.next)) {
              seen.add(t.next);
              if (!t.terminated) queue.push(t.next);
            }
          }
        }
      }
      expect(seen.has(63)).toBe(true);
    }
  });

  it('uses p as the frozen probability', () => {
    const rng = new Rng(7);
    let holes = 0;
    let cells = 0;
    for (let i = 0; i < 50; i++) {
      const map = generateRandomMap(10, 0.9, rng);
      holes += map.join('').split('H').length - 1;
      cells += 98;
    }
    expect(holes / cells).toBeGreaterThan(0.05);
    expect(holes / cells).toBeLessThan(0.15);
    expect(generateRandomMap(4, 1, rng)).toEqual(['SFFF', 'FFFF', 'FFFF', 'FFFG']);
  });

  it('validates its arguments', () => {
    expect(() => generateRandomMap(1, 0.8, new Rng(0))).toThrow(/size must be an integer >= 2/);
    expect(() => generateRandomMap(4, 0, new Rng(0))).toThrow(/p must be a probability in \(0, 1\]/);
    expect(() => generateRandomMap(4, 1.5, new Rng(0))).toThrow(/p must be a finite number in \[0, 1\]/);
  });
});
