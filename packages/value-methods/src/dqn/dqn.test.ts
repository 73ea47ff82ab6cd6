import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Box, Discrete, InvalidArgumentError, make } from '@bellman/mdp-core';
import { FakeEnv } from '@bellman/mdp-core/testing';
import { CheckpointError, initBackend } from '@bellman/mdp-core/tf';
import { DQN_DEFAULTS, dqnPresets, resolveDQNConfig } from './config.js';
import { DQN, type DQNMetrics } from './dqn.js';

/** A small, fast configuration that trains from the first few hundred steps. */
const SMALL = {
  netArch: [32, 32],
  learningStarts: 100,
  batchSize: 32,
  trainFreq: 16,
  gradientSteps: 4,
  targetUpdateInterval: 50,
  bufferSize: 5000,
  learningRate: 1e-3,
} as const;

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'bellman-dqn-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(seed: number, steps: number, options: Record<string, unknown> = {}) {
  const agent = new DQN(make('CartPole-v1'), { ...SMALL, ...options, seed });
  const updates: DQNMetrics[] = [];
  await agent.learn({ totalTimesteps: steps, callbacks: { onUpdate: (m) => void updates.push(m) } });
  return { agent, updates };
}

/** Metrics without the wall-clock ones. */
function strip(m: DQNMetrics) {
  const { 'charts/SPS': _sps, ...rest } = m;
  return rest;
}

describe('DQN configuration', () => {
  it('defaults to SB3 DQN values', () => {
    const c = resolveDQNConfig();
    expect(c).toMatchObject({
      learningRate: 1e-4,
      bufferSize: 1_000_000,
      learningStarts: 100,
      batchSize: 32,
      tau: 1,
      gamma: 0.99,
      trainFreq: 4,
      gradientSteps: 1,
      targetUpdateInterval: 10_000,
      explorationFraction: 0.1,
      explorationInitialEps: 1,
      explorationFinalEps: 0.05,
      maxGradNorm: 10,
      netArch: [64, 64],
      activation: 'relu',
      doubleQ: false,
    });
    expect(c.seed).toBeUndefined();
    expect(DQN_DEFAULTS.netArch).toEqual([64, 64]);
  });

  it('rejects bad fields by name, with a did-you-mean for typos', () => {
    expect(() => resolveDQNConfig({ gamma: 1.2 })).toThrow(/gamma must be a finite number in \[0, 1\]/);
    expect(() => resolveDQNConfig({ tau: 0 })).toThrow(/tau must be/);
    expect(() => resolveDQNConfig({ batchSize: 0 })).toThrow(/batchSize must be an integer >= 1/);
    expect(() => resolveDQNConfig({ gradientSteps: -2 })).toThrow(/gradientSteps/);
    expect(() => resolveDQNConfig({ netArch: [64, -1] })).toThrow(/netArch\[1\]/);
    expect(() => resolveDQNConfig({ learningrate: 1 } as never)).toThrow(/did you mean "learningRate"/);
    expect(() => resolveDQNConfig({ seed: -1 })).toThrow(InvalidArgumentError);
    expect(() => resolveDQNConfig({ doubleQ: 'yes' as never })).toThrow(/doubleQ must be true or false/);
  });

  it('keeps the rl-zoo CartPole preset, with the learning rate lowered to 1e-3', () => {
    expect(dqnPresets.cartpole.totalTimesteps).toBe(50_000);
    expect(resolveDQNConfig(dqnPresets.cartpole.config)).toMatchObject({
      learningRate: 1e-3,
      batchSize: 64,
      bufferSize: 100_000,
      learningStarts: 1000,
      gamma: 0.99,
      targetUpdateInterval: 10,
      trainFreq: 256,
      gradientSteps: 128,
      explorationFraction: 0.16,
      explorationFinalEps: 0.04,
      netArch: [256, 256],
      doubleQ: false,
    });
  });

  it('needs a Box observation space and a Discrete action space', () => {
    expect(() => new DQN({ observationSpace: new Discrete(4), actionSpace: new Discrete(2) })).toThrow(/observationSpace must be a Box/);
    expect(() => new DQN({ observationSpace: new Box(-1, 1, [3]), actionSpace: new Box(-1, 1, [1]) as never })).toThrow(
      /actionSpace must be a Discrete/,
    );
  });
});

describe('DQN learning loop', () => {
  it('stores final observations and bootstraps through truncation', async () => {
    // Episodes of CartPole cut at 20 steps: most end by truncation.
    const env = make('CartPole-v1', { maxEpisodeSteps: 20 });
    const agent = new DQN(env, { ...SMALL, learningStarts: 10_000, seed: 1 });
    const episodes: { step: number; truncated: boolean; terminated: boolean }[] = [];
    await agent.learn({
      totalTimesteps: 300,
      callbacks: {
        onStep: (s) => {
          if (s.episode !== undefined) episodes.push({ step: s.numTimesteps, truncated: s.truncated, terminated: s.terminated });
        },
      },
    });
    const buffer = agent.replayBuffer;
    expect(buffer.size).toBe(300);
    const truncations = episodes.filter((e) => e.truncated && !e.terminated);
    expect(truncations.length).toBeGreaterThan(0);
    for (const e of episodes) {
      const t = buffer.get(e.step - 1);
      expect(t.terminated).toBe(e.terminated); // truncation stored as non-terminal
      if (e.step < 300) {
        const next = buffer.get(e.step); // first transition of the next episode
        expect(Array.from(t.nextObs)).not.toEqual(Array.from(next.obs)); // s′ is the final observation, not the reset one
      }
    }
    for (let i = 0; i + 1 < 300; i++) {
      if (episodes.some((e) => e.step - 1 === i)) continue;
      expect(Array.from(buffer.get(i).nextObs)).toEqual(Array.from(buffer.get(i + 1).obs)); // chained inside episodes
    }
    agent.dispose();
  });

  it('follows SB3’s schedule: random actions before learningStarts, training only after it, ε decaying linearly', async () => {
    const agent = new DQN(make('CartPole-v1'), { ...SMALL, explorationFraction: 0.5, explorationFinalEps: 0.1, seed: 2 });
    const eps: number[] = [];
    const updatesAt: number[] = [];
    let rollouts = 0;
    await agent.learn({
      totalTimesteps: 400,
      callbacks: {
        onStep: (s) => void eps.push(s.explorationRate),
        onRolloutEnd: () => void rollouts++,
        onUpdate: (m) => void updatesAt.push(m.global_step),
      },
    });
    expect(rollouts).toBe(25);
    expect(updatesAt[0]).toBe(112); // first rollout boundary after step 100
    expect(updatesAt.length).toBe(25 - 6);
    expect(agent.nUpdates).toBe(updatesAt.length * SMALL.gradientSteps);
    expect(eps[99]).toBeCloseTo(1 - 0.9 * (100 / 200), 12);
    expect(eps[199]).toBeCloseTo(0.1, 12);
    expect(eps[399]).toBeCloseTo(0.1, 12);
    agent.dispose();
  });

  it('stops when a callback returns false (sync or async)', async () => {
    const agent = new DQN(make('CartPole-v1'), { ...SMALL, seed: 3 });
    await agent.learn({ totalTimesteps: 1000, callbacks: { onStep: (s) => s.numTimesteps < 50 } });
    expect(agent.numTimesteps).toBe(50);
    await agent.learn({ totalTimesteps: 1000, callbacks: { onUpdate: () => Promise.resolve(false) } });
    expect(agent.numTimesteps).toBe(112);
    await agent.learn({ totalTimesteps: 1000, callbacks: { onRolloutEnd: () => Promise.resolve(false) } });
    expect(agent.numTimesteps).toBe(16);
    agent.dispose();
  });

  it('predict: greedy when deterministic, ε-greedy otherwise, in the action space', () => {
    const agent = new DQN(make('CartPole-v1'), { ...SMALL, seed: 4 });
    const obs = new Float32Array([0.01, -0.02, 0.03, 0.04]);
    const q = agent.qValues(obs);
    const greedy = q[1]! > q[0]! ? 1 : 0;
    expect(agent.predict(obs, { deterministic: true })).toBe(greedy);
    agent.explorationRate = 1;
    const counts = [0, 0];
    for (let i = 0; i < 400; i++) counts[agent.predict(obs)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(150);
    agent.explorationRate = 0;
    expect(agent.predict(obs)).toBe(greedy);
    expect(() => agent.predict(new Float32Array(3))).toThrow(/observation must be an array of 4 numbers/);
    agent.dispose();
    expect(() => agent.predict(obs)).toThrow(/disposed/);
  });

  it('offsets actions by the Discrete space start', async () => {
    const env = new FakeEnv({ obsSize: 3, nActions: 3 });
    const shifted = {
      observationSpace: env.observationSpace,
      actionSpace: new Discrete(3, 5),
      reset: (o?: { seed?: number }) => env.reset(o),
      step: (a: number) => {
        expect(a).toBeGreaterThanOrEqual(5);
        return env.step(a - 5);
      },
    };
    const agent = new DQN(shifted, { ...SMALL, learningStarts: 20, trainFreq: 10, gradientSteps: 1, seed: 5 });
    await agent.learn({ totalTimesteps: 60 });
    expect([5, 6, 7]).toContain(agent.predict(new Float32Array(3), { deterministic: true }));
    agent.dispose();
  });
});

describe('DQN reproducibility', () => {
  it('same seed → identical updates and weights; another seed → different ones', async () => {
    const a = await run(7, 600);
    const b = await run(7, 600);
    const c = await run(8, 600);
    expect(a.updates.length).toBeGreaterThan(20);
    expect(a.updates.map(strip)).toEqual(b.updates.map(strip));
    expect(a.agent.qNet.readWeights()).toEqual(b.agent.qNet.readWeights());
    expect(a.agent.qNetTarget.readWeights()).toEqual(b.agent.qNetTarget.readWeights());
    expect(c.updates.map(strip)).not.toEqual(a.updates.map(strip));
    [a, b, c].forEach((r) => r.agent.dispose());
  });

  it('records a seed drawn from entropy when none is given', () => {
    const a = new DQN(make('CartPole-v1'), { netArch: [4] });
    const b = new DQN(make('CartPole-v1'), { netArch: [4], seed: a.seed });
    expect(Number.isSafeInteger(a.seed)).toBe(true);
    expect(a.qNet.readWeights()).toEqual(b.qNet.readWeights());
    a.dispose();
    b.dispose();
  });
});

describe('DQN save / load', () => {
  it('round-trips and then continues exactly like the original', async () => {
    const options = { ...SMALL, doubleQ: true, tau: 0.5, targetUpdateInterval: 8 };
    const { agent: original } = await run(9, 500, options);
    const path = join(dir, 'resume');
    await original.save(path, { includeReplayBuffer: true });
    expect((await readdir(path)).sort()).toEqual([
      'dqn.bin',
      'dqn.json',
      'optimizer.bin',
      'optimizer.json',
      'replay_buffer.bin',
      'replay_buffer.json',
    ]);
    const loaded = await DQN.load(path, { env: make('CartPole-v1') });
    expect(loaded.config).toEqual(original.config);
    expect(loaded.numTimesteps).toBe(500);
    expect(loaded.nUpdates).toBe(original.nUpdates);
    expect(loaded.qNet.readWeights()).toEqual(original.qNet.readWeights());
    expect(loaded.qNetTarget.readWeights()).toEqual(original.qNetTarget.readWeights());
    expect(loaded.replayBuffer.getState()).toEqual(original.replayBuffer.getState());
    const obs = new Float32Array([0.1, 0.2, -0.1, 0.3]);
    expect(loaded.predict(obs, { deterministic: true })).toBe(original.predict(obs, { deterministic: true }));

    const continued: DQNMetrics[][] = [[], []];
    for (const [i, agent] of [original, loaded].entries()) {
      await agent.learn({ totalTimesteps: 300, resetNumTimesteps: false, callbacks: { onUpdate: (m) => void continued[i]!.push(m) } });
    }
    expect(continued[0]!.length).toBeGreaterThan(10);
    expect(continued[1]!.map(strip)).toEqual(continued[0]!.map(strip));
    expect(loaded.qNet.readWeights()).toEqual(original.qNet.readWeights());
    expect(loaded.optimizer.iterations).toBe(original.optimizer.iterations);
    original.dispose();
    loaded.dispose();
  });

  it('loads without an env for acting only, and rejects a mismatched env', async () => {
    const { agent } = await run(10, 200);
    const path = join(dir, 'act-only');
    await agent.save(path);
    const loaded = await DQN.load(path);
    const obs = new Float32Array([0, 0.5, 0, -0.5]);
    expect(Array.from(loaded.qValues(obs))).toEqual(Array.from(agent.qValues(obs)));
    await expect(loaded.learn({ totalTimesteps: 10 })).rejects.toThrow(/env must be set/);
    expect(loaded.replayBuffer.size).toBe(0);
    await expect(DQN.load(path, { env: make('MountainCar-v0') })).rejects.toThrow(/env must be an env with 4-dimensional/);
    agent.dispose();
    loaded.dispose();
  });

  it('reports a missing or foreign checkpoint', async () => {
    await expect(DQN.load(join(dir, 'nothing-here'))).rejects.toBeInstanceOf(CheckpointError);
    const { agent: a } = await run(11, 150);
    const { agent: b } = await run(12, 150);
    const pa = join(dir, 'a');
    const pb = join(dir, 'b');
    await a.save(pa);
    await b.save(pb);
    // Put b's optimiser beside a's networks.
    const { cp } = await import('node:fs/promises');
    await cp(join(pb, 'optimizer.json'), join(pa, 'optimizer.json'));
    await cp(join(pb, 'optimizer.bin'), join(pa, 'optimizer.bin'));
    const before = tf.memory().numTensors;
    await expect(DQN.load(pa)).rejects.toThrow(/another save/);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    b.dispose();
  });
});
