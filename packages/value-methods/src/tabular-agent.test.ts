import { CliffWalkingEnv, DiscreteModelEnv, TimeLimit, cliffWalkingMDP, make } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { randomWalkMDP } from './examples/random-walk.js';
import { ConfigReader, resolveTabularEnv } from './tabular-agent.js';
import { TDPrediction } from './td/td-prediction.js';

describe('resolveTabularEnv', () => {
  it('wraps a TabularMDP in a DiscreteModelEnv and reads table sizes from Discrete spaces', () => {
    const mdp = cliffWalkingMDP();
    const fromMdp = resolveTabularEnv('env', mdp);
    expect(fromMdp.env).toBeInstanceOf(DiscreteModelEnv);
    expect([fromMdp.nS, fromMdp.nA, fromMdp.observationStart, fromMdp.actionStart]).toEqual([48, 4, 0, 0]);
    expect(fromMdp.model).toBe(mdp);
    const wrapped = resolveTabularEnv('env', new TimeLimit(new CliffWalkingEnv(), 100));
    expect([wrapped.nS, wrapped.nA]).toEqual([48, 4]);
    expect(wrapped.model?.nS).toBe(48); // found under the wrapper
    expect(resolveTabularEnv('env', make('FrozenLake-v1')).nS).toBe(16);
  });

  it('rejects non-Discrete spaces and non-envs, naming the field', () => {
    expect(() => resolveTabularEnv('X env', make('CartPole-v1'))).toThrow(/^X env\.observationSpace must be a Discrete space/);
    expect(() => resolveTabularEnv('X env', make('Pendulum-v1'))).toThrow(/X env\.observationSpace/);
    expect(() => resolveTabularEnv('X env', null as never)).toThrow(/X env must be an Env \(with reset and step\) whose spaces are Discrete, or a TabularMDP; got null/);
  });
});

describe('ConfigReader', () => {
  it('reads, validates and records fields', () => {
    const r = new ConfigReader('Agent', { a: 0.5, n: 3, kind: 'x' }, ['a', 'n', 'kind', 'flag']);
    expect(r.number('a', 1, { min: 0, max: 1, minExclusive: true })).toBe(0.5);
    expect(r.integer('n', 1, 1)).toBe(3);
    expect(r.oneOf('kind', 'y', ['x', 'y'] as const)).toBe('x');
    expect(r.boolean('flag', true)).toBe(true);
    expect(r.resolved).toEqual({ a: 0.5, n: 3, kind: 'x', flag: true });
    expect(() => new ConfigReader('Agent', { b: 1 }, ['a'])).toThrow(/Agent config\.b must be one of the known options \(a\)/);
    expect(() => new ConfigReader('Agent', { flag: 1 }, ['flag']).boolean('flag', false)).toThrow(/Agent\.flag must be true or false; got 1/);
    expect(() => new ConfigReader('Agent', { x: -1 }, ['x']).number('x', 0, { min: 0 })).toThrow(/Agent\.x must be a finite number >= 0; got -1/);
  });
});

describe('TabularAgent seeding', () => {
  it('seeds the env from the agent seed (same seed → same run, even on a fresh env)', () => {
    const runs = [0, 0, 1].map((seed) => {
      const td = new TDPrediction(randomWalkMDP(), { seed, gamma: 1 });
      return td.learn({ episodes: 10 }).length;
    });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });
});
