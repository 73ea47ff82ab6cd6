import { describe, expect, it } from 'vitest';
import { checkEnv } from './check-env.js';
import { CartPoleEnv } from './envs/classic-control/cartpole.js';
import { FrozenLakeEnv } from './envs/toy-text/frozen-lake.js';
import { builtinEnvSpecs } from './registration.js';
import { listEnvs, make } from './registry.js';
import { Rng } from './rng.js';
import { Box } from './spaces/box.js';
import { Discrete } from './spaces/discrete.js';

const ids = builtinEnvSpecs.map((s) => s.id);
const randomStart = new Set(['CartPole-v1', 'Pendulum-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Acrobot-v1', 'Taxi-v3']);

describe('built-in environments', () => {
  it('registers the Gymnasium ids', () => {
    expect(listEnvs().map((s) => s.id)).toEqual(expect.arrayContaining(ids));
    expect(ids).toEqual([
      'CartPole-v1',
      'Pendulum-v1',
      'MountainCar-v0',
      'MountainCarContinuous-v0',
      'Acrobot-v1',
      'FrozenLake-v1',
      'FrozenLake8x8-v1',
      'CliffWalking-v0',
      'Taxi-v3',
      'GridWorld-v0',
    ]);
  });

  it.each(ids)('%s passes checkEnv through make() and bare', (id) => {
    const made = make(id);
    const report = checkEnv(made, { steps: 300, seedChangesStart: randomStart.has(id) });
    expect(report.stepsChecked).toBe(300);
    const bare = made.unwrapped!;
    expect(bare).not.toBe(made);
    checkEnv(bare, { steps: 100 });
  });

  it('applies the registered time limits', () => {
    const env = make('MountainCar-v0');
    expect(env.spec?.maxEpisodeSteps).toBe(200);
    expect(make('CartPole-v1').spec?.rewardThreshold).toBe(475);
    env.reset({ seed: 0 });
    // Never pushing, the car cannot reach the flag: the TimeLimit truncates at step 200.
    let steps = 0;
    for (;;) {
      const r = env.step(1);
      steps++;
      if (r.terminated || r.truncated) {
        expect(r.truncated).toBe(true);
        expect(r.terminated).toBe(false);
        break;
      }
    }
    expect(steps).toBe(200);
  });

  it('has typed make() for built-ins and passes options through', () => {
    const lake = make('FrozenLake-v1', { isSlippery: false });
    expect(lake.unwrapped).toBeInstanceOf(FrozenLakeEnv);
    expect((lake.unwrapped as FrozenLakeEnv).isSlippery).toBe(false);
    expect(make('FrozenLake8x8-v1').observationSpace).toEqual(new Discrete(64));
    expect(make('CartPole-v1').unwrapped).toBeInstanceOf(CartPoleEnv);
    expect(make('Pendulum-v1', { g: 9.81 }).actionSpace).toBeInstanceOf(Box);
    expect(make('GridWorld-v0', { rows: 3, cols: 3, terminals: [{ cell: [2, 2] }] }).observationSpace).toEqual(new Discrete(9));
  });

  it('gives clear errors for bad input', () => {
    expect(() => make('CartPole-v2')).toThrow(/unknown environment id "CartPole-v2"; did you mean "CartPole-v1"\?/);
    expect(() => make('cartpole')).toThrow(/did you mean "CartPole-v1"/);
    expect(() => make('FrozenLake-v1', { isSlipery: false })).toThrow(/did you mean "isSlippery"/);
    expect(() => make('GridWorld-v0', { rows: -2, cols: 3 })).toThrow(/rows must be an integer >= 1; got -2/);
    const env = make('CartPole-v1');
    expect(() => env.step(0)).toThrow(/before reset/);
    env.reset({ seed: 1 });
    expect(() => env.step(2)).toThrow(/action must be an element of the action space Discrete\(2\); got 2/);
    const pendulum = make('Pendulum-v1');
    pendulum.reset({ seed: 1 });
    expect(() => pendulum.step(new Float32Array([Number.NaN]))).toThrow(/action/);
    expect(() => new Rng(0).integer(-1)).toThrow(/n must be an integer/);
  });
});
