import { describe, expect, it } from 'vitest';
import { loadGymnasiumFixture } from '../../../test/fixtures.js';
import type { Env } from '../../env.js';
import { EnvStateError, InvalidArgumentError } from '../../errors.js';
import { TimeLimit } from '../../wrappers/time-limit.js';
import { AcrobotEnv, CartPoleEnv, MountainCarContinuousEnv, MountainCarEnv, PendulumEnv } from './index.js';

interface FixtureStep {
  action: number | number[];
  observation: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}
interface Trajectory {
  state: number[];
  observation: number[];
  steps: FixtureStep[];
}
interface Fixture {
  env: string;
  gymnasium: string;
  trajectories: Trajectory[];
}

/** What every classic-control env offers beyond `Env`. */
type ClassicEnv = Env<Float32Array, unknown> & { state: ArrayLike<number>; getObservation(): Float32Array };

const REL = 1e-5;
const ABS = 1e-6;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, where: string): void {
  expect(actual.length, `${where}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= REL * Math.abs(e) + ABS)) {
      expect.fail(`${where}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  }
}

interface EnvCase {
  id: string;
  create: () => ClassicEnv;
  maxEpisodeSteps: number;
  /** Fixture action → action given to `step`. */
  action: (a: number | number[]) => unknown;
  /** A fixed action sequence for the determinism checks. */
  actions: (t: number) => unknown;
}

const cases: EnvCase[] = [
  {
    id: 'CartPole-v1',
    create: () => new CartPoleEnv(),
    maxEpisodeSteps: 500,
    action: (a) => a,
    actions: (t) => (t * 7) % 3 === 0 ? 0 : 1,
  },
  {
    id: 'Pendulum-v1',
    create: () => new PendulumEnv(),
    maxEpisodeSteps: 200,
    // The fixtures were recorded with float64 action arrays; a number array keeps that precision.
    action: (a) => a,
    actions: (t) => Float32Array.of(Math.sin(t) * 2.5),
  },
  {
    id: 'MountainCar-v0',
    create: () => new MountainCarEnv(),
    maxEpisodeSteps: 200,
    action: (a) => a,
    actions: (t) => t % 3,
  },
  {
    id: 'MountainCarContinuous-v0',
    create: () => new MountainCarContinuousEnv(),
    maxEpisodeSteps: 999,
    action: (a) => a,
    actions: (t) => Float32Array.of(Math.cos(t / 5) * 1.2),
  },
  {
    id: 'Acrobot-v1',
    create: () => new AcrobotEnv(),
    maxEpisodeSteps: 500,
    action: (a) => a,
    actions: (t) => (t * 5) % 3,
  },
];

/** The observation Gymnasium's `_get_obs` gives for a state (float32 rounding of the features). */
function referenceObservation(id: string, state: number[]): number[] {
  const s = state;
  switch (id) {
    case 'Pendulum-v1':
      return Array.from(Float32Array.of(Math.cos(s[0]!), Math.sin(s[0]!), s[1]!));
    case 'Acrobot-v1':
      return Array.from(Float32Array.of(Math.cos(s[0]!), Math.sin(s[0]!), Math.cos(s[1]!), Math.sin(s[1]!), s[2]!, s[3]!));
    default:
      return Array.from(Float32Array.from(s));
  }
}

describe.each(cases)('$id matches Gymnasium 0.29.1', (c) => {
  const fixture = loadGymnasiumFixture<Fixture>(`${c.id}.json`);

  it('has fixtures recorded from Gymnasium 0.29.1', () => {
    expect(fixture.gymnasium).toBe('0.29.1');
    expect(fixture.trajectories.length).toBeGreaterThan(0);
  });

  it.each(fixture.trajectories.map((t, i) => ({ t, i, label: String(i) })))('replays trajectory $label', ({ t, i }) => {
    const env = c.create();
    const limited = new TimeLimit(env, c.maxEpisodeSteps);
    limited.reset({ seed: 1000 + i });
    env.state = t.state;

    // The observation of the fixture's start state.
    const obs0 = env.getObservation();
    if (c.id === 'Acrobot-v1') {
      // The Acrobot fixture records the raw state as float32 here (not the 6-feature
      // observation); check both that record and our features of the same state.
      expectClose(Float32Array.from(t.state), t.observation, 'fixture start state');
      expectClose(obs0, referenceObservation(c.id, t.state), 'start observation');
    } else {
      expectClose(obs0, t.observation, 'start observation');
    }
    expect(obs0).toBeInstanceOf(Float32Array);

    t.steps.forEach((step, k) => {
      const result = limited.step(c.action(step.action));
      const where = `trajectory ${i} step ${k}`;
      expectClose(result.observation, step.observation, `${where} observation`);
      expectClose([result.reward], [step.reward], `${where} reward`);
      expect(result.terminated, `${where} terminated`).toBe(step.terminated);
      expect(result.truncated, `${where} truncated`).toBe(step.truncated);
      expect(result.observation).toBeInstanceOf(Float32Array);
    });
  });

  it('is deterministic under a seed and differs across seeds', () => {
    const run = (seed: number) => {
      const env = c.create();
      const out: number[][] = [Array.from(env.reset({ seed }).observation)];
      for (let t = 0; t < 60; t++) {
        const r = env.step(c.actions(t));
        out.push([...Array.from(r.observation), r.reward, Number(r.terminated)]);
        if (r.terminated) out.push(Array.from(env.reset().observation));
      }
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)[0]).not.toEqual(run(8)[0]);
  });

  it('continues the stream on unseeded resets and reseeds on seeded ones', () => {
    const env = c.create();
    const a = Array.from(env.reset({ seed: 3 }).observation);
    const b = Array.from(env.reset().observation);
    expect(b).not.toEqual(a);
    expect(Array.from(env.reset({ seed: 3 }).observation)).toEqual(a);
  });

  it('returns a new observation array on every call and observations inside the space', () => {
    const env = c.create();
    const r0 = env.reset({ seed: 11 });
    expect(env.observationSpace.contains(r0.observation)).toBe(true);
    expect(r0.info).toEqual({});
    const r1 = env.step(c.actions(0));
    expect(r1.observation).not.toBe(r0.observation);
    expect(r1.truncated).toBe(false);
    expect(r1.info).toEqual({});
  });

  it('throws EnvStateError when stepping before reset', () => {
    const env = c.create();
    expect(() => env.step(c.actions(0))).toThrow(EnvStateError);
    expect(() => env.step(c.actions(0))).toThrow(/reset/);
  });
});

describe('action validation', () => {
  const discrete: [string, () => ClassicEnv, number][] = [
    ['CartPole', () => new CartPoleEnv(), 2],
    ['MountainCar', () => new MountainCarEnv(), 3],
    ['Acrobot', () => new AcrobotEnv(), 3],
  ];
  it.each(discrete)('%s rejects actions outside Discrete(n)', (_name, create, n) => {
    const env = create();
    env.reset({ seed: 0 });
    for (const bad of [n, -1, 0.5, NaN, '1', null, undefined, [0], true]) {
      expect(() => env.step(bad)).toThrow(InvalidArgumentError);
      expect(() => env.step(bad)).toThrow(/^action must be an integer in \{0, 1(, 2)?\} \(Discrete\([23]\)\)/);
    }
  });

  const box: [string, () => ClassicEnv][] = [
    ['Pendulum', () => new PendulumEnv()],
    ['MountainCarContinuous', () => new MountainCarContinuousEnv()],
  ];
  it.each(box)('%s rejects malformed continuous actions', (_name, create) => {
    const env = create();
    env.reset({ seed: 0 });
    for (const bad of [0.5, Float32Array.of(NaN), [Infinity], new Float32Array(2), [], ['1'], null, Int32Array.of(1)]) {
      expect(() => env.step(bad)).toThrow(InvalidArgumentError);
      expect(() => env.step(bad)).toThrow(/^action must be a Float32Array/);
    }
    // Out-of-range values are clipped, not rejected (Gymnasium clips too).
    expect(() => env.step(Float32Array.of(5))).not.toThrow();
    expect(() => env.step([-5])).not.toThrow();
    expect(() => env.step(Float64Array.of(0.25))).not.toThrow();
  });

  it('validates the action before checking that the env was reset', () => {
    expect(() => new CartPoleEnv().step(3)).toThrow(InvalidArgumentError);
  });
});

describe('CartPoleEnv', () => {
  it("has Gymnasium's constants and spaces", () => {
    const env = new CartPoleEnv();
    expect(env.gravity).toBe(9.8);
    expect(env.totalMass).toBe(1.1);
    expect(env.polemassLength).toBe(0.05);
    expect(env.tau).toBe(0.02);
    expect(env.thetaThresholdRadians).toBeCloseTo(0.20943951, 8);
    expect(Array.from(env.observationSpace.high)).toEqual(
      Array.from(Float32Array.of(4.8, 3.4028234663852886e38, (24 * Math.PI) / 360 * 2, 3.4028234663852886e38)),
    );
    expect(Array.from(env.observationSpace.low)).toEqual(Array.from(env.observationSpace.high).map((v) => -v));
    expect(env.observationSpace.dtype).toBe('float32');
    expect(env.actionSpace.n).toBe(2);
  });

  it('gives reward 0 for steps taken after termination, like Gymnasium', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 0 });
    env.state = [2.39, 1, 0, 0];
    const first = env.step(1);
    expect(first).toMatchObject({ terminated: true, reward: 1 });
    const second = env.step(1);
    expect(second).toMatchObject({ terminated: true, reward: 0 });
    expect(env.step(0).reward).toBe(0);
    env.reset({ seed: 0 });
    env.state = [2.39, 1, 0, 0];
    expect(env.step(1).reward).toBe(1);
  });

  it('samples the start state from reset options low/high', () => {
    const env = new CartPoleEnv();
    for (let seed = 0; seed < 20; seed++) {
      const { observation } = env.reset({ seed, options: { low: 0, high: 1 } });
      for (const v of observation) expect(v >= 0 && v <= 1).toBe(true);
    }
    const { observation } = env.reset({ seed: 1 });
    for (const v of observation) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
    // Only one bound given: the other keeps its default.
    for (const v of env.reset({ seed: 2, options: { high: -0.04 } }).observation) {
      expect(v >= Math.fround(-0.05) && v <= Math.fround(-0.04)).toBe(true);
    }
  });

  it('rejects bad reset bounds and options', () => {
    const env = new CartPoleEnv();
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(/options\.low must be <= options\.high/);
    expect(() => env.reset({ options: { low: 'a' } })).toThrow(InvalidArgumentError);
    expect(() => env.reset({ options: { high: NaN } })).toThrow(/options\.high/);
    expect(() => new CartPoleEnv({ gravity: 1 } as never)).toThrow(/CartPoleEnv options\.gravity/);
    expect(() => new CartPoleEnv(5 as never)).toThrow(InvalidArgumentError);
  });

  it('validates states assigned directly', () => {
    const env = new CartPoleEnv();
    expect(() => (env.state = [0, 0, 0])).toThrow(/CartPoleEnv\.state must be an array of 4 finite numbers/);
    expect(() => (env.state = [0, 0, NaN, 0])).toThrow(InvalidArgumentError);
    env.state = [0, 0, 0.01, 0];
    expect(env.step(0).terminated).toBe(false);
    // In-place edits of the state are seen by the next step.
    env.state[0] = 2.5;
    expect(env.step(0).terminated).toBe(true);
  });
});

describe('PendulumEnv', () => {
  it("has Gymnasium's constants, spaces and g option", () => {
    const env = new PendulumEnv();
    expect([env.maxSpeed, env.maxTorque, env.dt, env.g, env.m, env.l]).toEqual([8, 2, 0.05, 10, 1, 1]);
    expect(Array.from(env.observationSpace.high)).toEqual([1, 1, 8]);
    expect(Array.from(env.actionSpace.low)).toEqual([-2]);
    expect(Array.from(env.actionSpace.high)).toEqual([2]);
    expect(new PendulumEnv({ g: 9.81 }).g).toBe(9.81);
    expect(() => new PendulumEnv({ g: NaN })).toThrow(/PendulumEnv options\.g must be a finite number/);
    expect(() => new PendulumEnv({ gg: 1 } as never)).toThrow(/did you mean "g"/);
  });

  it('uses gravity g in the dynamics', () => {
    const a = new PendulumEnv({ g: 10 });
    const b = new PendulumEnv({ g: 2 });
    for (const env of [a, b]) {
      env.reset({ seed: 0 });
      env.state = [1, 0];
    }
    expect(a.step([0]).observation[2]).not.toBe(b.step([0]).observation[2]);
  });

  it('clips the torque into [-2, 2] for the dynamics and the reward', () => {
    const a = new PendulumEnv();
    const b = new PendulumEnv();
    a.reset({ seed: 0 });
    b.reset({ seed: 0 });
    a.state = [0.3, 0.1];
    b.state = [0.3, 0.1];
    const ra = a.step([7]);
    const rb = b.step(Float32Array.of(2));
    expect(ra).toEqual(rb);
    expect(a.lastU).toBe(2);
  });

  it('follows the fixtures closely with float32 actions too', () => {
    // The fixtures were recorded with float64 actions; rounding each torque to float32 moves
    // a 200-step trajectory by ~2e-5 at most.
    const fixture = loadGymnasiumFixture<Fixture>('Pendulum-v1.json');
    for (const t of fixture.trajectories) {
      const env = new PendulumEnv();
      env.reset({ seed: 0 });
      env.state = t.state;
      for (const step of t.steps) {
        const r = env.step(Float32Array.from(step.action as number[]));
        for (let i = 0; i < 3; i++) expect(Math.abs(r.observation[i]! - step.observation[i]!)).toBeLessThan(1e-4);
        expect(Math.abs(r.reward - step.reward)).toBeLessThan(1e-4);
      }
    }
  });

  it('samples the start state from x_init / y_init', () => {
    const env = new PendulumEnv();
    for (let seed = 0; seed < 20; seed++) {
      env.reset({ seed, options: { x_init: 0.5, y_init: 0.25 } });
      expect(Math.abs(env.state[0]!)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(env.state[1]!)).toBeLessThanOrEqual(0.25);
    }
    env.reset({ seed: 1, options: {} });
    expect(Math.abs(env.state[0]!)).toBeLessThanOrEqual(Math.PI);
    expect(() => env.reset({ options: { x_init: 'pi' } })).toThrow(/options\.x_init must be a finite number/);
    expect(() => env.reset({ options: { y_init: Infinity } })).toThrow(/options\.y_init/);
  });
});

describe('MountainCarEnv', () => {
  it("has Gymnasium's constants and spaces", () => {
    const env = new MountainCarEnv();
    expect([env.minPosition, env.maxPosition, env.maxSpeed, env.goalPosition, env.goalVelocity, env.force, env.gravity]).toEqual([
      -1.2, 0.6, 0.07, 0.5, 0, 0.001, 0.0025,
    ]);
    expect(Array.from(env.observationSpace.low)).toEqual(Array.from(Float32Array.of(-1.2, -0.07)));
    expect(Array.from(env.observationSpace.high)).toEqual(Array.from(Float32Array.of(0.6, 0.07)));
  });

  it('terminates at the goal, honouring goalVelocity', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0 });
    env.state = [0.49, 0.05];
    expect(env.step(2)).toMatchObject({ terminated: true, reward: -1 });
    const picky = new MountainCarEnv({ goalVelocity: 0.06 });
    picky.reset({ seed: 0 });
    picky.state = [0.49, 0.05];
    expect(picky.step(2).terminated).toBe(false);
    expect(() => new MountainCarEnv({ goalVelocity: '0' as never })).toThrow(/goalVelocity/);
  });

  it('stops the car at the left wall', () => {
    const env = new MountainCarEnv();
    env.reset({ seed: 0 });
    env.state = [-1.19, -0.05];
    const { observation } = env.step(0);
    expect(observation[0]).toBe(Math.fround(-1.2));
    expect(observation[1]).toBe(0);
  });

  it('samples x from reset bounds with zero velocity', () => {
    const env = new MountainCarEnv();
    const { observation } = env.reset({ seed: 5, options: { low: -0.2, high: -0.1 } });
    expect(observation[0]! >= Math.fround(-0.2) && observation[0]! <= Math.fround(-0.1)).toBe(true);
    expect(observation[1]).toBe(0);
    expect(() => env.reset({ options: { low: 0, high: -1 } })).toThrow(InvalidArgumentError);
  });
});

describe('MountainCarContinuousEnv', () => {
  it("has Gymnasium's constants and spaces", () => {
    const env = new MountainCarContinuousEnv();
    expect([env.minAction, env.maxAction, env.goalPosition, env.power, env.goalVelocity]).toEqual([-1, 1, 0.45, 0.0015, 0]);
    expect(Array.from(env.actionSpace.low)).toEqual([-1]);
    expect(Array.from(env.observationSpace.high)).toEqual(Array.from(Float32Array.of(0.6, 0.07)));
    expect(new MountainCarContinuousEnv({ goalVelocity: 0.01 }).goalVelocity).toBe(0.01);
  });

  it('rewards reaching the goal with 100 minus the (unclipped) action cost', () => {
    const env = new MountainCarContinuousEnv();
    env.reset({ seed: 0 });
    env.state = [0.44, 0.05];
    const r = env.step([1.5]);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBeCloseTo(100 - 0.1 * 1.5 * 1.5, 12);
  });

  it('keeps the state in float32 between steps', () => {
    const env = new MountainCarContinuousEnv();
    env.reset({ seed: 0 });
    env.step([0.3]);
    for (const v of env.state) expect(Math.fround(v)).toBe(v);
  });
});

describe('AcrobotEnv', () => {
  it("has Gymnasium's constants and spaces", () => {
    const env = new AcrobotEnv();
    expect(env.dt).toBe(0.2);
    expect(env.availTorque).toEqual([-1, 0, 1]);
    expect(env.torqueNoiseMax).toBe(0);
    expect(Array.from(env.observationSpace.high)).toEqual(Array.from(Float32Array.of(1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI)));
  });

  it('rounds the sampled start state to float32', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 9 });
    for (const v of env.state) {
      expect(Math.fround(v)).toBe(v);
      expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
    }
  });

  it('terminates with reward 0 when the tip is above the line', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 0 });
    env.state = [Math.PI, 0, 0, 0];
    expect(env.step(1)).toMatchObject({ terminated: true, reward: 0 });
  });

  it('wraps angles into [-π, π] and bounds velocities', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 0 });
    env.state = [3.1, -3.1, 12, -28];
    env.step(2);
    expect(Math.abs(env.state[0]!)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(env.state[1]!)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(env.state[2]!)).toBeLessThanOrEqual(4 * Math.PI);
    expect(Math.abs(env.state[3]!)).toBeLessThanOrEqual(9 * Math.PI);
    env.state = [1e9, -1e9, 0, 0];
    env.step(1);
    expect(Math.abs(env.state[0]!)).toBeLessThanOrEqual(Math.PI);
  });
});
