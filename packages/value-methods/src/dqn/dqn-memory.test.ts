import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '@bellman/mdp-core';
import { expectNoTensorLeak, initBackend } from '@bellman/mdp-core/tf';
import { DQN } from './dqn.js';

beforeAll(async () => {
  await initBackend();
});

describe('DQN tensor memory', () => {
  for (const variant of [
    { name: 'vanilla, hard target updates', options: {} },
    { name: 'Double DQN, Polyak τ = 0.05', options: { doubleQ: true, tau: 0.05, targetUpdateInterval: 1 } },
  ]) {
    it(`${variant.name}: tf.memory().numTensors is unchanged after 20 more updates`, async () => {
      const agent = new DQN(make('CartPole-v1'), { netArch: [64, 64], learningStarts: 50, batchSize: 32, trainFreq: 8, ...variant.options, seed: 1 });
      await agent.learn({ totalTimesteps: 200 }); // fills the buffer; also creates Adam's slots
      agent.train(1); // warm-up update
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) agent.train(1);
      expect(tf.memory().numTensors).toBe(before);
      // The same through the shared helper, with a multi-step phase.
      await expectNoTensorLeak(() => agent.train(4), { warmup: 1, repeats: 5, label: 'DQN.train' });
      agent.dispose();
    });
  }

  it('learn() (acting, target updates, training) and predict() leave no tensors behind, with the tensor forward path', async () => {
    // 256-256 is wide enough for greedy actions to go through a tfjs forward pass.
    const agent = new DQN(make('CartPole-v1'), { netArch: [256, 256], learningStarts: 64, trainFreq: 32, gradientSteps: 2, targetUpdateInterval: 10, explorationFraction: 0.01, seed: 2 });
    await agent.learn({ totalTimesteps: 200 });
    const obs = new Float32Array([0.01, 0.02, 0.03, 0.04]);
    await expectNoTensorLeak(
      async () => {
        await agent.learn({ totalTimesteps: 128, resetNumTimesteps: false });
        agent.predict(obs, { deterministic: true });
        agent.predict(obs);
      },
      { warmup: 1, repeats: 3, label: 'DQN.learn + predict' },
    );
    const live = tf.memory().numTensors;
    agent.dispose();
    // Online and target networks (6 variables each) and Adam's two moments per variable, iteration count excluded.
    expect(live - tf.memory().numTensors).toBeGreaterThanOrEqual(6 + 6 + 12);
  });
});
