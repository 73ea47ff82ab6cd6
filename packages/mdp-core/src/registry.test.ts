import { describe, expect, it } from 'vitest';
import { EnvStateError, UnknownEnvError } from './errors.js';
import { envSpec, isRegistered, listEnvs, make, register } from './registry.js';
import { FakeEnv } from './testing/fake-env.js';
import { OrderEnforcing, PassiveEnvChecker, TimeLimit } from './wrappers/index.js';

register({
  id: 'RegistryFake-v0',
  entryPoint: (o) => new FakeEnv(o as { obsSize?: number }),
  maxEpisodeSteps: 3,
  defaultOptions: { obsSize: 3 },
  optionNames: ['obsSize', 'nActions'],
});

describe('registry', () => {
  it('make() wraps like gymnasium.make and records the spec', () => {
    const env = make('RegistryFake-v0');
    expect(env).toBeInstanceOf(OrderEnforcing);
    expect((env as OrderEnforcing<unknown, unknown>).env).toBeInstanceOf(TimeLimit);
    expect(((env as OrderEnforcing<unknown, unknown>).env as TimeLimit<unknown, unknown>).env).toBeInstanceOf(PassiveEnvChecker);
    expect(env.spec).toMatchObject({ id: 'RegistryFake-v0', maxEpisodeSteps: 3, options: { obsSize: 3 } });
    expect(env.observationSpace.shape).toEqual([3]);
    expect(env.unwrapped).toBeInstanceOf(FakeEnv);
  });

  it('applies the time limit and then enforces reset', () => {
    const env = make<Float32Array, number>('RegistryFake-v0', { maxEpisodeSteps: 2 });
    env.reset({ seed: 0 });
    env.step(0);
    expect(env.step(0).truncated).toBe(true);
    expect(() => env.step(0)).toThrow(EnvStateError);
  });

  it('passes options and rejects unknown ones with a suggestion', () => {
    expect(make('RegistryFake-v0', { obsSize: 5 }).observationSpace.shape).toEqual([5]);
    expect(() => make('RegistryFake-v0', { obSize: 5 })).toThrow(/option "obSize" must be one of obsSize, nActions.*did you mean "obsSize"/);
    expect(() => make('RegistryFake-v0', { maxEpisodeSteps: -1 })).toThrow('maxEpisodeSteps must be an integer >= 1; got -1');
    expect(make('RegistryFake-v0', { maxEpisodeSteps: null })).not.toBeInstanceOf(TimeLimit);
  });

  it('suggests a close id for an unknown one', () => {
    expect(() => make('RegistryFak-v0')).toThrow(UnknownEnvError);
    expect(() => make('RegistryFak-v0')).toThrow(/unknown environment id "RegistryFak-v0"; did you mean "RegistryFake-v0"\?/);
    expect(() => make('Nothing-like-it-v9')).not.toThrow(/did you mean/);
    expect(() => make('Nothing-like-it-v9')).toThrow(/Registered ids:/);
  });

  it('validates registrations', () => {
    expect(() => register({ id: 'bad id', entryPoint: () => new FakeEnv() })).toThrow(/spec.id must be a string of the form "Name-vN"/);
    expect(() => register({ id: 'Ok-v0', entryPoint: 3 as never })).toThrow(/spec.entryPoint must be a function/);
    expect(isRegistered('RegistryFake-v0')).toBe(true);
    expect(envSpec('RegistryFake-v0').maxEpisodeSteps).toBe(3);
    expect(listEnvs().map((s) => s.id)).toContain('RegistryFake-v0');
  });
});
