import { describe, expect, it } from 'vitest';
import { EnvStateError } from './errors.js';
import { restoreEnvState, snapshotEnvState } from './env-state.js';
import { listEnvs, make } from './registry.js';
import { Rng } from './rng.js';
import { AsyncVectorEnv, SyncVectorEnv, makeVec } from './vector/index.js';
import { NormalizeObservation, NormalizeReward, RecordEpisodeStatistics } from './wrappers/index.js';
import type { Env } from './env.js';

function rollout(env: Env<unknown, unknown>, rng: Rng, steps: number): unknown[] {
  const out: unknown[] = [];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(rng));
    out.push(JSON.stringify([r.observation instanceof Float32Array || r.observation instanceof Float64Array ? Array.from(r.observation) : r.observation, r.reward, r.terminated, r.truncated]));
    if (r.terminated || r.truncated) out.push(JSON.stringify(env.reset().observation, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
  }
  return out;
}

describe('snapshotEnvState / restoreEnvState', () => {
  for (const { id } of listEnvs()) {
    it(`${id}: a restored copy continues exactly like the original, through episode ends and resets`, () => {
      const env = make(id);
      env.reset({ seed: 5 });
      const warm = new Rng(1);
      rollout(env, warm, 37);
      const state = JSON.parse(JSON.stringify(snapshotEnvState(env))) as ReturnType<typeof snapshotEnvState>;
      const copy = make(id);
      restoreEnvState(copy, state);
      const a = rollout(env, new Rng(2), 300);
      const b = rollout(copy, new Rng(2), 300);
      expect(b).toEqual(a);
    });
  }

  it('covers wrappers with statistics (RecordEpisodeStatistics, NormalizeObservation, NormalizeReward)', () => {
    const build = () => new NormalizeReward(new NormalizeObservation(new RecordEpisodeStatistics(make('Pendulum-v1'))));
    const env = build();
    env.reset({ seed: 3 });
    rollout(env, new Rng(1), 250);
    const copy = build();
    restoreEnvState(copy, JSON.parse(JSON.stringify(snapshotEnvState(env))) as ReturnType<typeof snapshotEnvState>);
    expect(rollout(copy, new Rng(9), 260)).toEqual(rollout(env, new Rng(9), 260));
  });

  it('covers a SyncVectorEnv', () => {
    const env = makeVec('CartPole-v1', 3);
    env.reset({ seed: 1 });
    const actions = (rng: Rng) => [rng.integer(2), rng.integer(2), rng.integer(2)];
    const r0 = new Rng(4);
    for (let t = 0; t < 50; t++) env.step(actions(r0));
    const copy = makeVec('CartPole-v1', 3);
    restoreEnvState(copy, JSON.parse(JSON.stringify(snapshotEnvState(env))) as ReturnType<typeof snapshotEnvState>);
    const ra = new Rng(8);
    const rb = new Rng(8);
    for (let t = 0; t < 100; t++) {
      const a = env.step(actions(ra));
      const b = copy.step(actions(rb));
      expect(b.observations.map((o) => Array.from(o as Float32Array))).toEqual(a.observations.map((o) => Array.from(o as Float32Array)));
      expect(Array.from(b.terminated)).toEqual(Array.from(a.terminated));
    }
    expect(copy).toBeInstanceOf(SyncVectorEnv);
  });

  it('refuses what is not plain data, with a clear error', () => {
    const env = new AsyncVectorEnv({ envId: 'CartPole-v1', numEnvs: 2, workers: 1 });
    try {
      expect(() => snapshotEnvState(env)).toThrow(EnvStateError);
      expect(() => snapshotEnvState(env)).toThrow(/not plain data/);
    } finally {
      env.close();
    }
    expect(() => restoreEnvState(make('CartPole-v1'), {} as never)).toThrow(EnvStateError);
  });
});
