import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePolicy, make } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import { DQN } from './dqn.js';

beforeAll(async () => {
  await initBackend();
});

/** Mean undiscounted return of the greedy policy over 10 CartPole episodes from seed 99. */
function greedyReturn(agent: DQN): number {
  return evaluatePolicy(make('CartPole-v1'), (obs) => agent.predict(obs, { deterministic: true }), { episodes: 10, seed: 99 }).mean;
}

describe('DQN learns CartPole-v1', () => {
  it('a 10k-step seeded run lifts the greedy return far above an untrained agent and a random policy (~22)', async () => {
    // The rl-zoo recipe scaled down: a 64-64 net, half-size rollouts and training phases.
    const agent = new DQN(make('CartPole-v1'), {
      netArch: [64, 64],
      learningRate: 1e-3,
      batchSize: 64,
      bufferSize: 20_000,
      learningStarts: 1000,
      trainFreq: 128,
      gradientSteps: 64,
      targetUpdateInterval: 10,
      explorationFraction: 0.2,
      explorationFinalEps: 0.04,
      seed: 1,
    });
    const untrained = greedyReturn(agent);
    const epRewMean: number[] = [];
    await agent.learn({
      totalTimesteps: 10_000,
      callbacks: {
        onUpdate: (m) => {
          expect(Number.isFinite(m['losses/td_loss'])).toBe(true);
          if (m['rollout/ep_rew_mean'] !== undefined) epRewMean.push(m['rollout/ep_rew_mean']);
        },
      },
    });
    const trained = greedyReturn(agent);
    console.log(`greedy return: untrained ${untrained.toFixed(1)}, after 10k steps ${trained.toFixed(1)}; ep_rew_mean ${epRewMean[0]?.toFixed(1)} → ${epRewMean.at(-1)?.toFixed(1)}`);
    expect(trained).toBeGreaterThan(100);
    expect(trained).toBeGreaterThan(4 * untrained);
    // The training episodes (ε-greedy) improve too.
    expect(epRewMean.at(-1)!).toBeGreaterThan(2 * epRewMean[0]!);
    agent.dispose();
  });
});
