import { describe, expect, it } from 'vitest';
import { EnvCheckError, checkEnv } from './check-env.js';
import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from './env.js';
import { Box } from './spaces/box.js';
import { Discrete } from './spaces/discrete.js';
import { FakeEnv } from './testing/fake-env.js';

/** Breaks one rule at a time, to show each check can fail. */
class FaultyEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Discrete(2);
  private counter = 0;
  constructor(private readonly fault: 'unseeded' | 'out-of-space' | 'accepts-bad-actions' | 'non-boolean') {
    super();
  }
  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    // 'unseeded' ignores the seed and uses a counter instead.
    const start = this.fault === 'unseeded' ? (this.counter++ % 10) / 10 : this.rng.uniform(-0.5, 0.5);
    return { observation: new Float32Array([start]), info: {} };
  }
  step(action: number): StepResult<Float32Array> {
    if (this.fault !== 'accepts-bad-actions' && !this.actionSpace.contains(action)) throw new Error('bad action');
    const obs = new Float32Array([this.fault === 'out-of-space' ? 5 : 0]);
    return { observation: obs, reward: 0, terminated: (this.fault === 'non-boolean' ? 1 : false) as boolean, truncated: false, info: {} };
  }
}

describe('checkEnv', () => {
  it('passes a conforming env and reports ended episodes', () => {
    const report = checkEnv(new FakeEnv());
    expect(report.stepsChecked).toBe(200);
    expect(report.episodesEnded).toBeGreaterThan(5);
  });

  it.each([
    ['unseeded', /reset\(\{ seed: 0 \}\) twice gave different observations/],
    ['out-of-space', /observation .* is not in Box/],
    ['accepts-bad-actions', /with an action outside Discrete\(2\) did not throw/],
    ['non-boolean', /terminated must be a boolean/],
  ] as const)('fails an env with fault %s', (fault, message) => {
    expect(() => checkEnv(new FaultyEnv(fault))).toThrow(EnvCheckError);
    expect(() => checkEnv(new FaultyEnv(fault))).toThrow(message);
  });
});
