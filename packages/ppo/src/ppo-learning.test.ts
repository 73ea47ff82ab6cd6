import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import { PPO } from './ppo.js';

beforeAll(async () => {
  await initBackend();
});

describe('PPO learns CartPole-v1', () => {
  it('zoo preset, seed 1, 25,600 steps: mean of the last 20 episodic returns > 150 (random ≈ 22)', async () => {
    const agent = new PPO('CartPole-v1', { preset: 'zoo', seed: 1 });
    const returns: number[] = [];
    await agent.learn({ totalTimesteps: 25_600, callbacks: { onUpdate: (m) => void returns.push(...m.episodes.map((e) => e.return)) } });
    const last = returns.slice(-20);
    const mean = last.reduce((a, b) => a + b, 0) / last.length;
    expect(mean).toBeGreaterThan(150);
    const evaluation = agent.evaluate(make('CartPole-v1'), 5, { seed: 123 });
    expect(evaluation.mean).toBeGreaterThan(150);
    agent.dispose();
  });
});
