import { describe, expect, it } from 'vitest';
import type { Env, ResetOptions, ResetResult, StepResult } from './env.js';
import { InvalidArgumentError } from './errors.js';
import { CliffWalkingEnv } from './envs/toy-text/cliff-walking.js';
import { DiscreteModelEnv } from './envs/toy-text/discrete-model-env.js';
import { FrozenLakeEnv } from './envs/toy-text/frozen-lake.js';
import { GridWorldEnv, suttonBartoGrid4x4 } from './envs/toy-text/gridworld.js';
import { TaxiEnv } from './envs/toy-text/taxi.js';
import { Discrete } from './spaces/discrete.js';
import { TabularMDP } from './tabular-mdp.js';
import { toTabular } from './to-tabular.js';

/** A minimal Gymnasium-style wrapper: forwards everything, exposes `env` and `unwrapped`. */
class FakeWrapper implements Env<number, number> {
  constructor(readonly env: Env<number, number>) {}
  get observationSpace() {
    return this.env.observationSpace;
  }
  get actionSpace() {
    return this.env.actionSpace;
  }
  get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped ?? this.env;
  }
  reset(options?: ResetOptions): ResetResult<number> {
    return this.env.reset(options);
  }
  step(action: number): StepResult<number> {
    return this.env.step(action);
  }
}

/** A wrapper that only exposes `.env` (no `unwrapped`). */
class BareWrapper {
  constructor(readonly env: unknown) {}
}

/** A non-tabular environment. */
class ContinuousEnv implements Env<number, number> {
  readonly observationSpace = new Discrete(2);
  readonly actionSpace = new Discrete(2);
  reset(): ResetResult<number> {
    return { observation: 0, info: {} };
  }
  step(): StepResult<number> {
    return { observation: 0, reward: 0, terminated: false, truncated: false, info: {} };
  }
}

describe('toTabular', () => {
  it('returns the model of every toy-text environment (the same object)', () => {
    for (const env of [new FrozenLakeEnv(), new CliffWalkingEnv(), new TaxiEnv(), new GridWorldEnv(suttonBartoGrid4x4())]) {
      expect(toTabular(env)).toBe(env.model);
      expect(toTabular(env)).toBeInstanceOf(TabularMDP);
    }
  });

  it('looks through wrappers', () => {
    const inner = new FrozenLakeEnv({ mapName: '8x8' });
    expect(toTabular(new FakeWrapper(new FakeWrapper(inner)))).toBe(inner.model);
    const model = TabularMDP.fromTable([[[[1, 0, 0, true]]]]);
    const plain = new DiscreteModelEnv(model);
    expect(toTabular(new BareWrapper(new BareWrapper(plain)) as unknown as Env)).toBe(model);
  });

  it('throws a clear error for non-tabular environments', () => {
    const env = new FakeWrapper(new ContinuousEnv());
    expect(() => toTabular(env)).toThrow(InvalidArgumentError);
    expect(() => toTabular(env)).toThrow(/env must be a toy-text\/tabular environment .*; got "FakeWrapper"/);
    expect(() => toTabular(new BareWrapper(null) as unknown as Env)).toThrow(/toy-text/);
  });

  it('does not loop on cyclic wrappers', () => {
    const a = { env: undefined as unknown };
    const b = { env: a };
    a.env = b;
    expect(() => toTabular(a as unknown as Env)).toThrow(/toy-text/);
  });
});
