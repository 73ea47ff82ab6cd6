import { describe, expect, it } from 'vitest';
import { EnvStateError, InvalidArgumentError } from '../../errors.js';
import { TabularMDP } from '../../tabular-mdp.js';
import { DiscreteModelEnv } from './discrete-model-env.js';
import { FrozenLakeAction, FrozenLakeEnv } from './frozen-lake.js';
import { TaxiEnv } from './taxi.js';

function rollout(env: DiscreteModelEnv, seed: number, actions: number[]): unknown[] {
  const out: unknown[] = [env.reset({ seed })];
  for (const a of actions) {
    const r = env.step(a);
    out.push(r);
    if (r.terminated) out.push(env.reset());
  }
  return out;
}

describe('DiscreteModelEnv', () => {
  const actions = Array.from({ length: 200 }, (_, i) => (i * 7) % 4);

  it('is deterministic for a given seed', () => {
    const a = rollout(new FrozenLakeEnv({ mapName: '8x8' }), 123, actions);
    const b = rollout(new FrozenLakeEnv({ mapName: '8x8' }), 123, actions);
    expect(a).toEqual(b);
    const c = rollout(new FrozenLakeEnv({ mapName: '8x8' }), 124, actions);
    expect(c).not.toEqual(a);
  });

  it('reseeding the same env replays the same episode', () => {
    const env = new TaxiEnv();
    const first = rollout(env, 9, [0, 1, 2, 3, 4, 5]);
    expect(rollout(env, 9, [0, 1, 2, 3, 4, 5])).toEqual(first);
  });

  it('samples slippery FrozenLake outcomes with the right frequencies', () => {
    // State 6 = (1, 2), action DOWN: LEFT → 5, DOWN → 10, RIGHT → 7, each with probability 1/3.
    const env = new FrozenLakeEnv();
    env.reset({ seed: 2024 });
    const counts = new Map<number, number>();
    const n = 30000;
    for (let i = 0; i < n; i++) {
      env.state = 6;
      const { observation, info } = env.step(FrozenLakeAction.DOWN);
      expect(info.prob).toBeCloseTo(1 / 3, 15);
      counts.set(observation, (counts.get(observation) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([5, 7, 10]);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.02);
  });

  it('follows the outcome probabilities of an uneven row and never picks zero-probability outcomes', () => {
    const mdp = TabularMDP.fromTable([
      [[[0.1, 0, 0, false], [0, 1, 0, false], [0.6, 2, 0, false], [0.3, 3, 0, false]]],
      [[[1, 1, 0, true]]],
      [[[1, 2, 0, true]]],
      [[[1, 3, 0, true]]],
    ]);
    const env = new DiscreteModelEnv(mdp);
    env.reset({ seed: 5 });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) {
      env.state = 0;
      counts[env.step(0).observation]!++;
    }
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 20000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 20000).toBeCloseTo(0.6, 1);
    expect(counts[3]! / 20000).toBeCloseTo(0.3, 1);
  });

  it('draws the start state from the initial distribution, or uniformly without one', () => {
    const P = [[[[1, 0, 0, false]]], [[[1, 1, 0, false]]], [[[1, 2, 0, false]]]];
    const withDist = new DiscreteModelEnv(TabularMDP.fromTable(P, { initialStateDistribution: [0, 0.25, 0.75] }));
    const uniform = new DiscreteModelEnv(TabularMDP.fromTable(P));
    const a = [0, 0, 0];
    const b = [0, 0, 0];
    withDist.reset({ seed: 1 });
    uniform.reset({ seed: 1 });
    for (let i = 0; i < 12000; i++) {
      a[withDist.reset().observation]!++;
      b[uniform.reset().observation]!++;
    }
    expect(a[0]).toBe(0);
    expect(a[1]! / 12000).toBeCloseTo(0.25, 1);
    expect(a[2]! / 12000).toBeCloseTo(0.75, 1);
    for (const c of b) expect(c / 12000).toBeCloseTo(1 / 3, 1);
  });

  it('returns Gymnasium-shaped results: info.prob, truncated always false', () => {
    const env = new FrozenLakeEnv({ isSlippery: false });
    expect(env.reset({ seed: 0 })).toEqual({ observation: 0, info: { prob: 1 } });
    expect(env.step(FrozenLakeAction.RIGHT)).toEqual({ observation: 1, reward: 0, terminated: false, truncated: false, info: { prob: 1 } });
    expect(env.lastAction).toBe(FrozenLakeAction.RIGHT);
    expect(env.state).toBe(1);
  });

  it('throws EnvStateError on step before reset', () => {
    const env = new FrozenLakeEnv();
    expect(env.state).toBeUndefined();
    expect(() => env.step(0)).toThrow(EnvStateError);
    expect(() => env.step(0)).toThrow(/step\(\) called before reset\(\)/);
  });

  it('rejects invalid actions with the Discrete(n) range', () => {
    const env = new FrozenLakeEnv();
    env.reset({ seed: 0 });
    for (const bad of [4, -1, 1.5, NaN, '1', undefined]) {
      expect(() => env.step(bad as number)).toThrow(InvalidArgumentError);
    }
    expect(() => env.step(4)).toThrow('action must be an integer in {0, …, 3} (Discrete(4)); got 4');
    expect(new TaxiEnv().actionSpace.n).toBe(6);
  });

  it('validates assigned states', () => {
    const env = new FrozenLakeEnv();
    expect(() => (env.state = 16)).toThrow(/state must be an integer in \{0, …, 15\}/);
    env.state = 3;
    expect(env.state).toBe(3);
  });

  it('keeps stepping after termination (absorbing terminal rows, as in Gymnasium)', () => {
    const env = new FrozenLakeEnv({ isSlippery: false });
    env.reset({ seed: 0 });
    env.state = 5; // a hole
    expect(env.step(0)).toMatchObject({ observation: 5, reward: 0, terminated: true });
  });
});
