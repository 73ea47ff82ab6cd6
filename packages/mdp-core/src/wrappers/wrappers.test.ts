import { describe, expect, it } from 'vitest';
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../env.js';
import { EnvOutputError, EnvStateError } from '../errors.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';
import { FakeEnv } from '../testing/fake-env.js';
import {
  ClipAction,
  NormalizeObservation,
  NormalizeReward,
  OrderEnforcing,
  PassiveEnvChecker,
  RecordEpisodeStatistics,
  RunningMeanStd,
  TimeLimit,
  TransformObservation,
  TransformReward,
  findWrapper,
} from './index.js';

/** An env that echoes its (clipped or not) Box action as observation and reward. */
class EchoEnv extends BaseEnv<Float32Array, Float32Array> {
  readonly observationSpace = new Box(-10, 10, [2]);
  readonly actionSpace = new Box(-1, 1, [2]);
  nanNext = false;
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    return { observation: new Float32Array(2), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    const observation = Float32Array.from(action);
    if (this.nanNext) observation[0] = Number.NaN;
    return { observation, reward: action[0]!, terminated: false, truncated: false, info: {} };
  }
}

describe('OrderEnforcing', () => {
  it('rejects step before reset and after the episode ended', () => {
    const env = new OrderEnforcing(new FakeEnv({ episodeLength: [2, 2] }));
    expect(() => env.step(0)).toThrow(EnvStateError);
    expect(() => env.step(0)).toThrow(/before reset\(\)/);
    env.reset({ seed: 1 });
    env.step(0);
    expect(env.step(0).terminated).toBe(true);
    expect(() => env.step(0)).toThrow(/after the episode ended/);
    env.reset();
    expect(() => env.step(0)).not.toThrow();
  });
});

describe('TimeLimit', () => {
  it('truncates at the limit and restarts the count on reset', () => {
    const env = new TimeLimit(new FakeEnv({ episodeLength: [100, 100] }), 3);
    env.reset({ seed: 0 });
    expect(env.step(0).truncated).toBe(false);
    expect(env.step(0).truncated).toBe(false);
    const last = env.step(0);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(() => new TimeLimit(new FakeEnv(), 0)).toThrow('maxEpisodeSteps must be an integer >= 1; got 0');
  });

  it('keeps terminated when the env terminates on the last allowed step', () => {
    const env = new TimeLimit(new FakeEnv({ episodeLength: [2, 2] }), 2);
    env.reset({ seed: 0 });
    env.step(0);
    const r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(true);
  });
});

describe('RecordEpisodeStatistics', () => {
  it('reports the return and length of each finished episode', () => {
    const env = new RecordEpisodeStatistics(new FakeEnv({ episodeLength: [4, 4], reward: () => 0.5 }));
    env.reset({ seed: 3 });
    let last: StepResult<Float32Array> | undefined;
    for (let i = 0; i < 4; i++) last = env.step(1);
    expect(last!.info.episode).toMatchObject({ r: 2, l: 4 });
    expect(env.returnQueue).toEqual([2]);
    expect(env.lengthQueue).toEqual([4]);
    expect(env.episodeCount).toBe(1);
  });
});

describe('RunningMeanStd', () => {
  it('matches the batch mean and variance (count initialised at 1e-4)', () => {
    const rms = new RunningMeanStd(2);
    const data = [1, 10, 2, 20, 3, 30, 4, 40];
    rms.updateBatch(data.slice(0, 4), 2);
    rms.updateBatch(data.slice(4), 2);
    // Exact mean/var of each column, perturbed only by the 1e-4 prior count.
    expect(rms.mean[0]).toBeCloseTo(2.5, 3);
    expect(rms.mean[1]).toBeCloseTo(25, 2);
    expect(rms.var[0]).toBeCloseTo(1.25, 3);
    expect(rms.var[1]).toBeCloseTo(125, 1);
    expect(rms.count).toBeCloseTo(4.0001, 6);
    const copy = new RunningMeanStd(2);
    copy.setState(rms.getState());
    expect(copy.getState()).toEqual(rms.getState());
    expect(() => rms.updateBatch([1, 2, 3], 2)).toThrow(/xs must be an array of length batchSize·size = 4/);
  });
});

describe('NormalizeObservation', () => {
  it('normalises with the running statistics of every observation seen, and freezes when not training', () => {
    const env = new NormalizeObservation(new FakeEnv({ episodeLength: [50, 50] }));
    const raw = new FakeEnv({ episodeLength: [50, 50] });
    const xs: number[] = [raw.reset({ seed: 0 }).observation[0]!];
    env.reset({ seed: 0 });
    let out = 0;
    for (let i = 0; i < 49; i++) {
      xs.push(raw.step(0).observation[0]!);
      out = env.step(0).observation[0]!;
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(env.rms.mean[0]).toBeCloseTo(mean, 5);
    expect(env.rms.var[0]).toBeCloseTo(variance, 4);
    expect(out).toBeCloseTo((xs.at(-1)! - env.rms.mean[0]!) / Math.sqrt(env.rms.var[0]! + 1e-8), 5);
    expect(env.observationSpace.contains(new Float32Array([1e9, -1e9]))).toBe(true);
    env.training = false;
    const before = env.rms.getState();
    env.step(0);
    expect(env.rms.getState()).toEqual(before);
  });

  it('requires a Box observation space', () => {
    const env = new TransformObservation(new FakeEnv(), (o) => o[0]!, new Discrete(2));
    expect(() => new NormalizeObservation(env as never)).toThrow(/env.observationSpace must be a Box space/);
  });
});

describe('NormalizeReward', () => {
  it('divides rewards by the std of the discounted return', () => {
    const env = new NormalizeReward(new FakeEnv({ episodeLength: [1000, 1000], reward: () => 1 }), { gamma: 0.9 });
    env.reset({ seed: 0 });
    let r = 0;
    for (let i = 0; i < 500; i++) r = env.step(0).reward;
    // The discounted return converges to 10 and its variance shrinks; the scaled reward grows.
    const std = Math.sqrt(env.rms.var[0]! + 1e-8);
    expect(r).toBeCloseTo(1 / std, 6);
    expect(() => new NormalizeReward(new FakeEnv(), { gamma: 2 })).toThrow('gamma must be a finite number in [0, 1]; got 2');
  });
});

describe('ClipAction, TransformReward, TransformObservation', () => {
  it('clips actions into the Box before stepping', () => {
    const env = new ClipAction(new EchoEnv());
    env.reset({ seed: 0 });
    const r = env.step([5, -0.5]);
    expect(Array.from(r.observation)).toEqual([1, -0.5]);
    expect(env.actionSpace.contains([100, -100])).toBe(true);
    expect(() => env.step([1])).toThrow(/action must be an array of length 2/);
  });

  it('transforms rewards and observations', () => {
    const env = new TransformObservation(new TransformReward(new FakeEnv({ reward: () => 1 }), (r) => r * 10), (o) => o[0]! * 100);
    env.reset({ seed: 0 });
    const r = env.step(0);
    expect(r.reward).toBe(10);
    expect(r.observation).toBeCloseTo(1);
    expect(findWrapper(env, TransformReward)).toBeInstanceOf(TransformReward);
    expect(findWrapper(env, TimeLimit)).toBeUndefined();
    expect(env.unwrapped).toBeInstanceOf(FakeEnv);
  });
});

describe('PassiveEnvChecker', () => {
  it('rejects actions outside the action space, naming the field', () => {
    const env = new PassiveEnvChecker(new FakeEnv());
    env.reset({ seed: 0 });
    expect(() => env.step(7)).toThrow('action must be an element of the action space Discrete(2); got 7');
  });

  it('rejects NaN observations from a custom env', () => {
    const inner = new EchoEnv();
    const env = new PassiveEnvChecker(inner);
    env.reset({ seed: 0 });
    inner.nanNext = true;
    expect(() => env.step(new Float32Array([0, 0]))).toThrow(EnvOutputError);
    expect(() => env.step(new Float32Array([0, 0]))).toThrow(/NaN or Infinity/);
  });
});
