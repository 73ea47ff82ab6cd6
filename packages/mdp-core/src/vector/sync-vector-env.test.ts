import { describe, expect, it } from 'vitest';
import { vectorTestEnvModule } from '../../test/vector-test-env.js';
import { BaseEnv, type Env, type ResetOptions, type ResetResult, type StepResult } from '../env.js';
import { EnvStateError, InvalidArgumentError } from '../errors.js';
import { make } from '../registry.js';
import { Rng } from '../rng.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { SyncVectorEnv, makeVec } from './sync-vector-env.js';
import type { VectorEnv } from './vector-env.js';

// The module registers CountingEnv-v0 when imported.
expect(vectorTestEnvModule).toMatch(/vector-test-env/);

type Obs = Float32Array | Float64Array;

/**
 * Steps `envs` and, beside it, one standalone `make()` env per index seeded with seed + i that
 * reset themselves when an episode ends: every field of the vector result must match.
 */
function checkAgainstStandalone(envs: VectorEnv<Obs, number>, seed: number, steps: number): { ends: number; truncations: number } {
  const n = envs.numEnvs;
  const singles = Array.from({ length: n }, () => make<Obs, number>('CountingEnv-v0'));
  const first = envs.reset({ seed });
  singles.forEach((env, i) => {
    const r = env.reset({ seed: seed + i });
    expect(first.observations[i]).toEqual(r.observation);
    expect(first.infos[i]).toEqual(r.info);
  });
  const rng = new Rng(seed + 1000);
  let ends = 0;
  let truncations = 0;
  for (let t = 0; t < steps; t++) {
    const actions = Array.from({ length: n }, () => rng.integer(3));
    const out = envs.step(actions);
    singles.forEach((env, i) => {
      const r = env.step(actions[i]!);
      expect(out.rewards[i]).toBe(r.reward);
      expect(out.terminated[i]).toBe(r.terminated ? 1 : 0);
      expect(out.truncated[i]).toBe(r.truncated ? 1 : 0);
      if (r.terminated || r.truncated) {
        ends += 1;
        if (r.truncated) truncations += 1;
        expect(out.finalObservations[i]).toEqual(r.observation);
        expect(out.finalInfos[i]).toEqual(r.info);
        const next = env.reset();
        expect(out.observations[i]).toEqual(next.observation);
        expect(out.infos[i]).toEqual(next.info);
      } else {
        expect(out.finalObservations[i]).toBeNull();
        expect(out.finalInfos[i]).toBeNull();
        expect(out.observations[i]).toEqual(r.observation);
        expect(out.infos[i]).toEqual(r.info);
      }
    });
  }
  return { ends, truncations };
}

/** An env that writes every observation into the same buffer and ends after each step. */
class ReusingEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(-10, 10, [1]);
  readonly actionSpace = new Discrete(2);
  private readonly buffer = new Float32Array(1);

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    this.buffer[0] = -1;
    return { observation: this.buffer, info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.buffer[0] = 5 + action;
    return { observation: this.buffer, reward: 1, terminated: true, truncated: false, info: { action } };
  }
}

describe('SyncVectorEnv', () => {
  it('matches standalone envs seeded with seed + i, with SAME_STEP autoreset', () => {
    const envs = makeVec<Obs, number>('CountingEnv-v0', 4);
    const { ends, truncations } = checkAgainstStandalone(envs, 7, 200);
    // Episodes last 2..11 steps (TimeLimit 9): many ends, both kinds.
    expect(ends).toBeGreaterThan(50);
    expect(truncations).toBeGreaterThan(10);
    expect(truncations).toBeLessThan(ends);
    envs.close();
  });

  it('keeps the final observation and info, and returns the reset ones', () => {
    // Episodes of 2..9 steps: all end before or at the TimeLimit, with the env's final info.
    const envs = makeVec<Obs, number>('CountingEnv-v0', 3, { maxLength: 8 });
    envs.reset({ seed: 0 });
    let seen = 0;
    for (let t = 0; t < 50; t++) {
      const out = envs.step([1, 1, 1]);
      for (let i = 0; i < 3; i++) {
        if (!out.terminated[i] && !out.truncated[i]) continue;
        seen += 1;
        const final = out.finalObservations[i]!;
        expect(final[0]).toBeGreaterThanOrEqual(2); // t of the last step
        expect(final[1]).toBe(final[0]); // sum of actions (all 1)
        expect(out.finalInfos[i]).toMatchObject({ t: final[0], sum: final[1] });
        expect(out.observations[i]![0]).toBe(0); // the new episode's first observation
        expect(out.observations[i]![1]).toBe(0);
        expect(out.infos[i]).toHaveProperty('episodeLength');
      }
    }
    expect(seen).toBeGreaterThan(5);
    envs.close();
  });

  it('seeds env i with seed + i, takes an array of seeds, and continues the streams when unseeded', () => {
    const a = makeVec<Obs, number>('CountingEnv-v0', 3);
    const b = makeVec<Obs, number>('CountingEnv-v0', 3);
    const fromNumber = a.reset({ seed: 10 });
    const fromArray = b.reset({ seed: [10, 11, 12] });
    expect(fromArray.observations).toEqual(fromNumber.observations);
    for (let i = 0; i < 3; i++) {
      expect(fromNumber.observations[i]).toEqual(make<Obs, number>('CountingEnv-v0').reset({ seed: 10 + i }).observation);
    }
    // Different envs, different streams.
    expect(fromNumber.observations[0]).not.toEqual(fromNumber.observations[1]);
    // An unseeded reset continues each env's stream (so it differs from the seeded one) and is
    // the same for both vectors.
    const again = a.reset();
    expect(again.observations).not.toEqual(fromNumber.observations);
    expect(b.reset().observations).toEqual(again.observations);
    a.close();
    b.close();
  });

  it('passes reset options to every env', () => {
    const envs = makeVec('CountingEnv-v0', 2);
    expect(() => envs.reset({ seed: 0, options: { fail: true } })).toThrow(/asked to fail in reset/);
    envs.close();
  });

  it('copies observations by default, so a reused buffer cannot overwrite the final observation', () => {
    const envs = new SyncVectorEnv([() => new ReusingEnv(), () => new ReusingEnv()]);
    envs.reset({ seed: 0 });
    const out = envs.step([0, 1]);
    expect(Array.from(out.finalObservations[0]!)).toEqual([5]);
    expect(Array.from(out.finalObservations[1]!)).toEqual([6]);
    expect(Array.from(out.observations[0]!)).toEqual([-1]);
    expect(out.finalInfos).toEqual([{ action: 0 }, { action: 1 }]);

    const shared = new SyncVectorEnv([() => new ReusingEnv()], { copy: false });
    shared.reset();
    const raw = shared.step([1]);
    expect(raw.finalObservations[0]).toBe(raw.observations[0]); // the env's own buffer, now reset
  });

  it('accepts typed arrays of actions, and flat numbers for Box action spaces', () => {
    const discrete = makeVec<Obs, number>('CountingEnv-v0', 3);
    const list = makeVec<Obs, number>('CountingEnv-v0', 3);
    discrete.reset({ seed: 1 });
    list.reset({ seed: 1 });
    expect(discrete.step(Int32Array.of(2, 0, 1))).toEqual(list.step([2, 0, 1]));

    const pendulum = makeVec<Float32Array, Float32Array>('Pendulum-v1', 2);
    const perEnv = makeVec<Float32Array, Float32Array>('Pendulum-v1', 2);
    pendulum.reset({ seed: 3 });
    perEnv.reset({ seed: 3 });
    const flat = pendulum.step(Float32Array.of(0.5, -1.5));
    const nested = perEnv.step([Float32Array.of(0.5), Float32Array.of(-1.5)]);
    expect(flat.observations).toEqual(nested.observations);
    expect(flat.rewards).toEqual(nested.rewards);
    expect(() => pendulum.step([0.5, -1.5, 1])).toThrow(/actions must be an array of 2 actions.*flat array of 2 × 1 = 2 numbers/);
  });

  it('validates the actions, the call order and the factories', () => {
    const envs = makeVec('CountingEnv-v0', 3);
    expect(() => envs.step([0, 0, 0])).toThrow(EnvStateError);
    envs.reset({ seed: 0 });
    expect(() => envs.step([0, 0])).toThrow(InvalidArgumentError);
    expect(() => envs.step([0, 0])).toThrow(/^actions must be an array of 3 actions \(one per sub-environment\); got \[0, 0\] \(length 2\)$/);
    expect(() => envs.step(7 as unknown as number[])).toThrow(/actions must be/);
    expect(() => envs.step([0, 0, 9])).toThrow(/action must be an element of the action space Discrete\(3\)/);
    expect(() => envs.reset({ seed: [1, 2] })).toThrow(/seed must be a non-negative integer or an array of 3/);
    expect(() => envs.reset({ seed: -1 })).toThrow(/seed must be an integer in \[0, /);
    expect(() => envs.reset({ seed: [1, 2, 1.5] })).toThrow(/seed\[2\] must be/);
    envs.close();
    envs.close(); // idempotent
    expect(envs.isClosed).toBe(true);
    expect(() => envs.reset()).toThrow(/closed/);

    expect(() => new SyncVectorEnv([])).toThrow(/envFns must be a non-empty array/);
    expect(() => new SyncVectorEnv([make('CountingEnv-v0') as unknown as () => Env])).toThrow(/envFns\[0\] must be a function/);
    expect(() => makeVec('CountingEnv-v0', 0)).toThrow(/numEnvs must be an integer >= 1; got 0/);
    expect(() => makeVec('CountingEnv-v0', 2.5)).toThrow(/numEnvs must be an integer >= 1/);
  });

  it('rejects sub-environments whose spaces differ, naming both', () => {
    expect(() => new SyncVectorEnv([() => make('CountingEnv-v0'), () => make('CountingEnv-v0', { dtype: 'float64' })])).toThrow(
      /same observation space; env 0 has Box\(-Infinity, Infinity, \[3\], float32\) but env 1 has Box\(-Infinity, Infinity, \[3\], float64\)/,
    );
    expect(() => new SyncVectorEnv<unknown, unknown>([() => make('CartPole-v1'), () => make('Acrobot-v1')])).toThrow(/same observation space/);
    expect(() => new SyncVectorEnv<unknown, unknown>([() => make('FrozenLake-v1'), () => make('CliffWalking-v0')])).toThrow(
      /same observation space; env 0 has Discrete\(16\) but env 1 has Discrete\(48\)/,
    );
  });

  it('runs CartPole-v1 through makeVec', () => {
    const envs = makeVec('CartPole-v1', 4);
    expect(envs.singleObservationSpace.shape).toEqual([4]);
    envs.reset({ seed: 42 });
    let ends = 0;
    for (let t = 0; t < 300; t++) {
      const out = envs.step([t % 2, 0, 1, (t >> 3) % 2]);
      ends += out.terminated.reduce((a, b) => a + b, 0);
      expect(out.rewards.every((r) => r === 1)).toBe(true);
    }
    expect(ends).toBeGreaterThan(4);
    envs.close();
  });
});
