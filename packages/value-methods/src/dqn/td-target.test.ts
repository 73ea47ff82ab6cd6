import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@bellman/mdp-core/tf';
import { tdTargets } from './td-target.js';

beforeAll(async () => {
  await initBackend();
});

function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
}

describe('tdTargets', () => {
  // A hand-made batch of 4 transitions, 3 actions, γ = 0.9.
  const nextQTarget = [
    [1, 5, 2], //  max 5 (a=1)
    [4, 0, -1], // max 4 (a=0)
    [2, 3, 7], //  max 7 (a=2), but s′ is terminal
    [-2, -1, -3], // max −1 (a=1)
  ];
  const nextQOnline = [
    [9, 0, 0], // online picks a=0 → target value 1
    [0, 0, 3], // picks a=2 → −1
    [0, 8, 0], // picks a=1 → 3 (terminal anyway)
    [1, 1, 0], // tie between a=0 and a=1 → lowest index a=0 → −2
  ];
  const rewards = [1, 0.5, 2, -1];
  const terminated = [0, 0, 1, 0];
  const gamma = 0.9;
  const inputs = () => ({
    nextQTarget: tf.tensor2d(nextQTarget),
    rewards: tf.tensor1d(rewards),
    terminated: tf.tensor1d(terminated),
    gamma,
  });

  it('vanilla DQN: r + γ(1 − terminated)·max_a′ Q_target(s′, a′)', () => {
    const y = tdTargets(inputs());
    // 1 + 0.9·5 = 5.5; 0.5 + 0.9·4 = 4.1; 2 (terminal); −1 + 0.9·(−1) = −1.9
    expectClose(y.dataSync(), [5.5, 4.1, 2, -1.9]);
  });

  it('Double DQN: the online network picks a′, the target network evaluates it', () => {
    const y = tdTargets({ ...inputs(), nextQOnline: tf.tensor2d(nextQOnline) });
    // 1 + 0.9·1 = 1.9; 0.5 + 0.9·(−1) = −0.4; 2; −1 + 0.9·(−2) = −2.8
    expectClose(y.dataSync(), [1.9, -0.4, 2, -2.8]);
  });

  it('Double DQN never exceeds the vanilla target, and equals it when both networks agree', () => {
    const vanilla = tdTargets(inputs()).dataSync();
    const double = tdTargets({ ...inputs(), nextQOnline: tf.tensor2d(nextQOnline) }).dataSync();
    double.forEach((v, i) => expect(v).toBeLessThanOrEqual(vanilla[i]!));
    const same = tdTargets({ ...inputs(), nextQOnline: tf.tensor2d(nextQTarget) }).dataSync();
    expect(Array.from(same)).toEqual(Array.from(vanilla));
  });

  it('bootstraps fully with γ = 1 and not at all with γ = 0', () => {
    expectClose(tdTargets({ ...inputs(), gamma: 0 }).dataSync(), rewards, 6);
    expectClose(tdTargets({ ...inputs(), gamma: 1 }).dataSync(), [6, 4.5, 2, -2], 6);
  });

  it('checks shapes and γ, and keeps only its result', () => {
    expect(() => tdTargets({ ...inputs(), gamma: 1.5 })).toThrow(/gamma must be/);
    expect(() => tdTargets({ ...inputs(), rewards: tf.tensor1d([1, 2]) })).toThrow(/rewards/);
    expect(() => tdTargets({ ...inputs(), nextQOnline: tf.zeros<tf.Rank.R2>([4, 2]) })).toThrow(/nextQOnline/);
    const x = inputs();
    const before = tf.memory().numTensors;
    tdTargets({ ...x, nextQOnline: x.nextQTarget }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
