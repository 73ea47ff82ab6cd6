import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { make, makeVec } from '@bellman/mdp-core';
import { expectNoTensorLeak, initBackend } from '@bellman/mdp-core/tf';
import type { PPOMetrics } from './metrics.js';
import { PPO } from './ppo.js';

beforeAll(async () => {
  await initBackend();
});

const small = { numEnvs: 2, numSteps: 32, numMinibatches: 2, updateEpochs: 2 } as const;

async function run(seed: number, iterations: number, options: object = {}): Promise<PPOMetrics[]> {
  const agent = new PPO('CartPole-v1', { ...small, seed, ...options });
  const metrics: PPOMetrics[] = [];
  await agent.learn({ totalTimesteps: iterations * agent.batchSize, callbacks: { onUpdate: (m) => void metrics.push(m) } });
  agent.dispose();
  return metrics;
}

describe('PPO', () => {
  it('the ratio on the first minibatch of every update is exactly 1', async () => {
    const metrics = await run(3, 6, { updateEpochs: 4 });
    expect(metrics).toHaveLength(6);
    for (const m of metrics) expect(m['debug/first_minibatch_ratio_dev']).toBe(0);
    // later minibatches did move the policy
    expect(metrics.some((m) => m['losses/approx_kl'] > 0)).toBe(true);
  });

  it('reports CleanRL metric names with finite values', async () => {
    const [m] = await run(4, 1);
    for (const key of [
      'charts/SPS',
      'charts/learning_rate',
      'losses/policy_loss',
      'losses/value_loss',
      'losses/entropy',
      'losses/approx_kl',
      'losses/clipfrac',
      'losses/explained_variance',
    ] as const) {
      expect(Number.isFinite(m![key]), key).toBe(true);
    }
    expect(m!['charts/learning_rate']).toBe(2.5e-4); // iteration 1 of 1: frac = 1
    expect(m!['losses/entropy']).toBeCloseTo(Math.log(2), 2); // actor head at gain 0.01: near uniform
  });

  it('the same seed gives identical first updates; another seed does not', async () => {
    const a = await run(7, 2);
    const b = await run(7, 2);
    const c = await run(8, 2);
    const pick = (ms: PPOMetrics[]) => ms.map((m) => [m['losses/policy_loss'], m['losses/value_loss'], m['losses/approx_kl'], m['losses/entropy']]);
    expect(pick(b)).toEqual(pick(a));
    expect(pick(c)).not.toEqual(pick(a));
  });

  it('anneals the learning rate linearly, and ε with annealClip', async () => {
    const ms = await run(1, 4, { annealClip: true });
    expect(ms.map((m) => m['charts/learning_rate'])).toEqual([1, 0.75, 0.5, 0.25].map((f) => f * 2.5e-4));
    expect(ms.map((m) => m['charts/clip_coef'])).toEqual([1, 0.75, 0.5, 0.25].map((f) => f * 0.2));
  });

  it('target KL stops the epochs early', async () => {
    const ms = await run(2, 3, { targetKl: 1e-12, updateEpochs: 8, learningRate: 1e-2 });
    expect(ms.every((m) => m['debug/epochs'] < 8)).toBe(true);
  });

  it('a callback returning false (or a promise of false) stops training', async () => {
    const agent = new PPO('CartPole-v1', { ...small, seed: 1 });
    let updates = 0;
    await agent.learn({ totalTimesteps: 10 * agent.batchSize, callbacks: { onUpdate: () => ++updates < 2 } });
    expect(updates).toBe(2);
    let steps = 0;
    await agent.learn({ totalTimesteps: 10 * agent.batchSize, callbacks: { onStep: () => ++steps < 5 } });
    expect(steps).toBe(5);
    let rollouts = 0;
    await agent.learn({ totalTimesteps: 10 * agent.batchSize, callbacks: { onRolloutEnd: () => Promise.resolve(++rollouts < 3) } });
    expect(rollouts).toBe(3);
    agent.dispose();
  });

  it('accepts a vector env, predicts and evaluates', async () => {
    const envs = makeVec('CartPole-v1', 2);
    const agent = new PPO(envs, { numSteps: 16, numMinibatches: 1, updateEpochs: 1, seed: 1 });
    await agent.learn({ totalTimesteps: 32 });
    const obs = new Float64Array([0.01, 0.02, 0.03, 0.04]);
    const greedy = agent.predict(obs, { deterministic: true });
    expect([0, 1]).toContain(greedy);
    expect(agent.predict(obs, { deterministic: true })).toBe(greedy);
    const result = agent.evaluate(make('CartPole-v1'), 3, { seed: 0 });
    expect(result.returns).toHaveLength(3);
    agent.dispose();
    envs.close();
  });

  it('tensor count is unchanged over further updates after a warm-up update', async () => {
    const agent = new PPO('CartPole-v1', { ...small, seed: 5 });
    await expectNoTensorLeak(() => agent.learn({ totalTimesteps: agent.batchSize }), { warmup: 1, repeats: 20, label: "PPO.learn" });
    const live = tf.memory().numTensors;
    agent.dispose();
    // the uploaded effective weights (a, c per layer, aᵀ past the first) and cached ones rows
    expect(live - tf.memory().numTensors).toBeGreaterThanOrEqual(16);
  });

  it('continuous actions (Gaussian, clipped for the env, stored unclipped): runs, stays finite, learns log σ', async () => {
    const agent = new PPO('Pendulum-v1', { numEnvs: 2, numSteps: 64, numMinibatches: 2, updateEpochs: 2, seed: 1, initLogStd: 1 });
    const ms: PPOMetrics[] = [];
    await agent.learn({ totalTimesteps: 2 * agent.batchSize, callbacks: { onUpdate: (m) => void ms.push(m) } });
    expect(ms.every((m) => Number.isFinite(m['losses/policy_loss']) && m['debug/first_minibatch_ratio_dev'] === 0)).toBe(true);
    const a = agent.predict(new Float64Array([1, 0, 0]), { deterministic: true }) as Float64Array;
    expect(a).toHaveLength(1);
    expect(Math.abs(a[0]!)).toBeLessThanOrEqual(2);
    expect(agent.policy.logStd[0]).not.toBe(1);
    // σ = e: many samples fall outside [−2, 2]; the buffer keeps them unclipped
    expect(agent.rollout.actions.some((a) => Math.abs(a) > 2)).toBe(true);
    agent.dispose();
  });
});

describe('PPO rollouts', () => {
  it('bootstraps truncated episodes from the final observation, not from the reset one', async () => {
    const envs = makeVec('CartPole-v1', 2, { maxEpisodeSteps: 5 });
    const agent = new PPO(envs, { numSteps: 16, numMinibatches: 1, updateEpochs: 1, gamma: 0.9, gaeLambda: 0.8, seed: 3 });
    expect(await agent.collectRollouts()).toBe(true);
    const buf = agent.rollout;
    let checked = 0;
    for (let t = 0; t < buf.numSteps; t++) {
      for (let e = 0; e < 2; e++) {
        const i = t * 2 + e;
        if (buf.truncated[i] === 1 && buf.terminated[i] === 0) {
          // an episode boundary: Â_t = δ_t = r_t + γ V(final obs) − V(s_t)
          expect(buf.finalValues[i]).not.toBe(0);
          expect(buf.advantages[i]).toBeCloseTo(buf.rewards[i]! + 0.9 * buf.finalValues[i]! - buf.values[i]!, 12);
          if (t + 1 < buf.numSteps) expect(buf.finalValues[i]).not.toBe(buf.values[i + 2]); // next stored obs is the reset one
          checked++;
        } else if (buf.terminated[i] === 1) {
          expect(buf.advantages[i]).toBeCloseTo(buf.rewards[i]! - buf.values[i]!, 12);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(Array.from(buf.returns, (r, i) => r - buf.advantages[i]!)).toEqual(Array.from(buf.values).map((v) => expect.closeTo(v, 12) as unknown));
    agent.dispose();
    envs.close();
  });
});
