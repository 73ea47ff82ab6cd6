import { describe, expect, it } from 'vitest';
import { PPO_DEFAULTS, resolvePPOConfig } from './config.js';

describe('resolvePPOConfig', () => {
  it('defaults are CleanRL ppo.py', () => {
    const c = resolvePPOConfig();
    expect(c).toMatchObject({
      learningRate: 2.5e-4,
      annealLr: true,
      numEnvs: 4,
      numSteps: 128,
      gamma: 0.99,
      gaeLambda: 0.95,
      numMinibatches: 4,
      updateEpochs: 4,
      normAdv: true,
      clipCoef: 0.2,
      clipVloss: true,
      entCoef: 0.01,
      vfCoef: 0.5,
      maxGradNorm: 0.5,
      targetKl: null,
      adamEpsilon: 1e-5,
      activation: 'tanh',
    });
    expect(c.hiddenSizes).toEqual([64, 64]);
    expect(resolvePPOConfig({ preset: 'cleanrl' })).toEqual(c);
  });

  it('zoo preset: rl-zoo CartPole-v1', () => {
    const c = resolvePPOConfig({ preset: 'zoo' });
    expect(c).toMatchObject({ numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 20, gamma: 0.98, gaeLambda: 0.8, learningRate: 1e-3, annealLr: true, clipCoef: 0.2, annealClip: true, entCoef: 0 });
    expect(resolvePPOConfig({ preset: 'zoo', gamma: 0.9 }).gamma).toBe(0.9);
  });

  it('errors name the field', () => {
    expect(() => resolvePPOConfig({ gamma: 1.5 })).toThrow(/gamma/);
    expect(() => resolvePPOConfig({ numEnvs: 0 })).toThrow(/numEnvs/);
    expect(() => resolvePPOConfig({ numMinibatches: 3 })).toThrow(/numMinibatches.*512/);
    expect(() => resolvePPOConfig({ targetKl: -1 })).toThrow(/targetKl/);
    expect(() => resolvePPOConfig({ hiddenSizes: [64, 0] })).toThrow(/hiddenSizes\[1\]/);
    expect(() => resolvePPOConfig({ normAdv: 1 as unknown as boolean })).toThrow(/normAdv/);
    expect(() => resolvePPOConfig({ preset: 'sb3' as 'zoo' })).toThrow(/preset/);
    expect(() => resolvePPOConfig({ gama: 0.9 } as never)).toThrow(/gama/);
    expect(PPO_DEFAULTS.targetKl).toBeNull();
  });
});
