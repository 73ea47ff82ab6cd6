import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseEnv, Box, MultiDiscrete, SyncVectorEnv, type ResetOptions } from '@bellman/mdp-core';
import { CheckpointError, initBackend } from '@bellman/mdp-core/tf';
import type { PPOMetrics } from './metrics.js';
import { PPO } from './ppo.js';
import type { PPOOptions } from './config.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'bellman-ppo-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  await initBackend();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const strip = (m: PPOMetrics) => {
  const { episodes, ...rest } = m;
  // timings differ from run to run; everything else must not
  return { ...Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('time/') && k !== 'charts/SPS')), episodes: episodes.length };
};

async function resumeMatches(envId: string, options: PPOOptions, iterations: number) {
  const whole = new PPO(envId, options);
  const total = iterations * whole.batchSize;
  const a: PPOMetrics[] = [];
  await whole.learn({ totalTimesteps: total, callbacks: { onUpdate: (m) => void a.push(m) } });

  const first = new PPO(envId, options);
  const b: PPOMetrics[] = [];
  const half = Math.floor(iterations / 2);
  await first.learn({ totalTimesteps: total, callbacks: { onUpdate: (m) => (b.push(m), b.length < half) } });
  const dir = tempDir();
  await first.save(dir);
  first.dispose();
  const resumed = await PPO.load(dir);
  await resumed.learn({ totalTimesteps: total - half * resumed.batchSize, resetNumTimesteps: false, callbacks: { onUpdate: (m) => void b.push(m) } });

  expect(b.map(strip)).toEqual(a.map(strip));
  expect(resumed.numTimesteps).toBe(whole.numTimesteps);
  expect(Array.from(resumed.policy.params)).toEqual(Array.from(whole.policy.params));
  const obs = envId === 'CartPole-v1' ? new Float64Array([0.02, -0.1, 0.03, 0.2]) : new Float64Array([0.6, 0.8, -0.5]);
  expect(resumed.predict(obs)).toEqual(whole.predict(obs));
  whole.dispose();
  resumed.dispose();
}

describe('PPO save / load', () => {
  it('CartPole: N steps + save + load + N steps equals 2N steps in one go (weights, metrics, episodes)', async () => {
    await resumeMatches('CartPole-v1', { numEnvs: 2, numSteps: 64, numMinibatches: 2, updateEpochs: 2, seed: 3 }, 6);
  });

  it('Pendulum with observation and reward normalisation and annealing: resumes exactly too', async () => {
    await resumeMatches(
      'Pendulum-v1',
      { numEnvs: 2, numSteps: 100, numMinibatches: 4, updateEpochs: 2, seed: 4, normalizeObservation: true, normalizeReward: true, annealClip: true },
      4,
    );
  });

  it('a missing or foreign checkpoint gives a CheckpointError', async () => {
    await expect(PPO.load(join(tempDir(), 'nothing-here'))).rejects.toThrow(CheckpointError);
    const dir = tempDir();
    writeFileSync(join(dir, 'ppo.json'), '{"format":"something-else"}');
    await expect(PPO.load(dir)).rejects.toThrow(CheckpointError);
  });

  it('loading onto an env with other spaces is refused, naming env', async () => {
    const agent = new PPO('CartPole-v1', { numEnvs: 1, numSteps: 8, numMinibatches: 1, updateEpochs: 1 });
    const dir = tempDir();
    await agent.save(dir);
    agent.dispose();
    await expect(PPO.load(dir, { env: 'Acrobot-v1' })).rejects.toThrow(/env/);
  });
});

/** Two sub-actions; reward 1 only for the pair (1, 2). */
class PairEnv extends BaseEnv<Float32Array, Int32Array> {
  readonly observationSpace = new Box(-1, 1, [2]);
  readonly actionSpace = new MultiDiscrete([2, 3]);
  private t = 0;
  reset(options?: ResetOptions) {
    this.seed(options?.seed);
    this.t = 0;
    return { observation: new Float32Array([0.5, -0.5]), info: {} };
  }
  step(action: Int32Array) {
    this.t++;
    const reward = action[0] === 1 && action[1] === 2 ? 1 : 0;
    return { observation: new Float32Array([0.5, -0.5]), reward, terminated: false, truncated: this.t >= 10, info: {} };
  }
}

describe('PPO action spaces and options', () => {
  it('MultiDiscrete: learns the rewarded action pair', async () => {
    const envs = new SyncVectorEnv([() => new PairEnv(), () => new PairEnv()]);
    const agent = new PPO(envs, { numSteps: 32, numMinibatches: 2, updateEpochs: 4, learningRate: 3e-3, seed: 1 });
    const returns: number[] = [];
    await agent.learn({ totalTimesteps: 64 * 30, callbacks: { onUpdate: (m) => void returns.push(m['charts/episodic_return'] ?? Number.NaN) } });
    expect(Array.from(agent.predict(new Float32Array([0.5, -0.5]), { deterministic: true }) as Int32Array)).toEqual([1, 2]);
    expect(returns.at(-1)).toBeGreaterThan(returns.find((r) => !Number.isNaN(r))!); // random ≈ 10/6
    agent.dispose();
    envs.close();
  });

  it('a shared trunk trains and differs from separate networks', async () => {
    const run = async (shareTrunk: boolean) => {
      const agent = new PPO('CartPole-v1', { numEnvs: 2, numSteps: 32, numMinibatches: 2, updateEpochs: 2, seed: 2, shareTrunk });
      const ms: PPOMetrics[] = [];
      await agent.learn({ totalTimesteps: 3 * agent.batchSize, callbacks: { onUpdate: (m) => void ms.push(m) } });
      const size = agent.policy.size;
      agent.dispose();
      return { ms, size };
    };
    const shared = await run(true);
    const separate = await run(false);
    expect(shared.size).toBe(4 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3);
    expect(separate.size).toBe(2 * (4 * 64 + 64 + 64 * 64 + 64) + 64 + 1 + 64 * 2 + 2);
    for (const m of shared.ms) {
      expect(m['debug/first_minibatch_ratio_dev']).toBe(0);
      expect(Number.isFinite(m['losses/value_loss'])).toBe(true);
    }
    expect(shared.ms[0]!['losses/value_loss']).not.toBe(separate.ms[0]!['losses/value_loss']);
  });

  it('observation normalisation keeps running statistics and clips the policy input', async () => {
    const agent = new PPO('MountainCar-v0', { numEnvs: 2, numSteps: 16, numMinibatches: 1, updateEpochs: 1, seed: 1, normalizeObservation: true, clipObservation: 0.5 });
    await agent.learn({ totalTimesteps: 64 });
    expect(agent.io.obsRms!.count).toBeGreaterThan(60);
    expect(agent.rollout.observations.every((v) => Math.abs(v) <= 0.5)).toBe(true);
    agent.dispose();
  });

  it('rejects bad options and spaces with errors naming the field', () => {
    expect(() => new PPO('CartPole-v1', { numMinibatches: 3 })).toThrow(/numMinibatches/);
    expect(() => new PPO('CartPole-v1', { learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new PPO('CartPole-v1', { preset: 'fast' as never })).toThrow(/preset/);
    expect(() => new PPO('CartPole-v1', { shareTrunk: 'yes' as never })).toThrow(/shareTrunk/);
  });
});

describe('PPO parallelCritic', () => {
  it('training the critic on a worker thread gives bit-identical results', async () => {
    const run = async (parallelCritic: boolean, envId: string, extra: PPOOptions) => {
      const agent = new PPO(envId, { numEnvs: 2, numSteps: 64, numMinibatches: 2, updateEpochs: 3, seed: 6, parallelCritic, ...extra });
      const ms: PPOMetrics[] = [];
      await agent.learn({ totalTimesteps: 3 * agent.batchSize, callbacks: { onUpdate: (m) => void ms.push(m) } });
      const params = Array.from(agent.policy.params);
      agent.dispose();
      return { ms: ms.map(strip), params };
    };
    for (const [envId, extra] of [
      ['CartPole-v1', { clipVloss: true }],
      ['Pendulum-v1', { normalizeObservation: true }],
    ] as const) {
      const one = await run(false, envId, extra);
      const two = await run(true, envId, extra);
      expect(two.ms).toEqual(one.ms);
      expect(two.params).toEqual(one.params);
    }
  });

  it('is refused with a shared trunk', () => {
    expect(() => new PPO('CartPole-v1', { parallelCritic: true, shareTrunk: true })).toThrow(/parallelCritic/);
  });
});
