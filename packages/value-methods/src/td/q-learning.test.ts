import {
  BaseEnv,
  CliffWalkingEnv,
  Discrete,
  DeterministicTabularPolicy,
  EnvOutputError,
  GridWorldEnv,
  TabularMDPBuilder,
  cliffWalkingMDP,
  make,
  windyGridWorld,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { linearSchedule } from '../schedules.js';
import { QLearning } from './q-learning.js';

/** The greedy policy's states from the start (36), following the deterministic cliff model; null after 100 steps. */
function greedyPath(agent: QLearning, start = 36): number[] | null {
  const model = cliffWalkingMDP();
  const pi = agent.greedyPolicy();
  let s = start;
  const path = [s];
  for (let n = 0; n < 100; n++) {
    const o = model.transitions(s, pi.action(s))[0]!;
    if (o.reward === -100) return null;
    s = o.next;
    path.push(s);
    if (o.terminated) return path;
  }
  return null;
}

/** The optimal path: up once, right along row 2 (right above the cliff), down into the goal. */
const EDGE_PATH = [36, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 47];

describe('QLearning on Cliff Walking (S&B Example 6.6, α = 0.5, ε = 0.1)', () => {
  it('learns the optimal 13-step path along the cliff edge (10 seeds)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const agent = new QLearning(new CliffWalkingEnv(), { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      agent.learn({ episodes: 500 });
      expect(greedyPath(agent)).toEqual(EDGE_PATH);
      // V*(start) = −13 and Q-learning's estimates there have converged on a deterministic task.
      expect(agent.stateValues()[36]).toBeCloseTo(-13, 6);
    }
  });

  it('gives the same learning curve for a CliffWalkingEnv, make("CliffWalking-v0") and the bare TabularMDP', () => {
    const config = { alpha: 0.5, epsilon: 0.1, gamma: 1, seed: 5 };
    const a = new QLearning(new CliffWalkingEnv(), config);
    const b = new QLearning(make('CliffWalking-v0'), config);
    const c = new QLearning(cliffWalkingMDP(), config);
    const curve = a.learn({ episodes: 100 });
    expect(b.learn({ episodes: 100 })).toEqual(curve);
    expect(c.learn({ episodes: 100 })).toEqual(curve);
    expect(Array.from(c.q)).toEqual(Array.from(a.q));
  });
});

describe('tabular agent plumbing (through QLearning)', () => {
  const cliff = cliffWalkingMDP();

  it('is reproducible from its seed, and a second learn() continues the run', () => {
    const a = new QLearning(cliff, { alpha: 0.5, seed: 1 });
    const b = new QLearning(cliff, { alpha: 0.5, seed: 1 });
    const c = new QLearning(cliff, { alpha: 0.5, seed: 2 });
    const first = a.learn({ episodes: 30 });
    const second = a.learn({ episodes: 20 });
    const whole = b.learn({ episodes: 50 });
    expect(first.episode).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(second.episode[0]).toBe(31);
    expect([...first.return, ...second.return]).toEqual(whole.return);
    expect([...first.length, ...second.length]).toEqual(whole.length);
    expect(Array.from(a.q)).toEqual(Array.from(b.q));
    expect(c.learn({ episodes: 50 }).return).not.toEqual(whole.return);
    expect(a.episodes).toBe(50);
    expect(a.totalSteps).toBe(whole.length.reduce((x, y) => x + y, 0));
  });

  it('returns a learning curve of plain arrays: episode, return (undiscounted), length', () => {
    const agent = new QLearning(cliff, { gamma: 0.5, seed: 0 });
    const stats: { episode: number; return: number; length: number }[] = [];
    const curve = agent.learn({ episodes: 5, onEpisode: (s) => void stats.push(s) });
    expect(Object.keys(curve)).toEqual(['episode', 'return', 'length']);
    expect(Array.isArray(curve.return)).toBe(true);
    expect(JSON.parse(JSON.stringify(curve))).toEqual(curve);
    stats.forEach((s, i) => {
      expect(s.episode).toBe(curve.episode[i]);
      expect(s.return).toBe(curve.return[i]);
      expect(s.length).toBe(curve.length[i]);
      // Every step costs −1 and a fall −100 more, whatever γ is.
      expect(s.return).toBeLessThanOrEqual(-s.length);
      expect((-s.return - s.length) % 99).toBe(0);
    });
  });

  it('stops when onEpisode returns false and reports α and ε', () => {
    const agent = new QLearning(cliff, { alpha: linearSchedule({ start: 0.5, end: 0.1, duration: 4 }), epsilon: 0.2 });
    const seen: (number | undefined)[][] = [];
    const curve = agent.learn({
      episodes: 100,
      onEpisode: (s) => {
        seen.push([s.alpha, s.epsilon]);
        return s.episode < 6;
      },
    });
    expect(curve.episode).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map(([a]) => +a!.toFixed(12))).toEqual([0.5, 0.4, 0.3, 0.2, 0.1, 0.1]);
    expect(seen.every(([, e]) => e === 0.2)).toBe(true);
  });

  it('moves a step-unit ε schedule before every step', () => {
    const agent = new QLearning(cliff, { epsilon: { type: 'linear', start: 1, end: 0, duration: 10, unit: 'step' }, seed: 0 });
    const eps: number[] = [];
    agent.learn({ episodes: 3, onEpisode: (s) => void eps.push(s.epsilon!) });
    expect(eps[0]).toBe(1); // value at the start of episode 1 (t = 0)
    expect(agent.epsilon).toBe(0); // more than 10 steps were taken
  });

  it('predicts greedily with deterministic: true and otherwise without changing what learning does', () => {
    const a = new QLearning(cliff, { alpha: 0.5, seed: 3 });
    const b = new QLearning(cliff, { alpha: 0.5, seed: 3 });
    a.learn({ episodes: 50 });
    b.learn({ episodes: 50 });
    for (let s = 0; s < 48; s++) b.predict(s);
    expect(b.learn({ episodes: 10 })).toEqual(a.learn({ episodes: 10 }));
    const greedy = a.greedyPolicy();
    expect(greedy).toBeInstanceOf(DeterministicTabularPolicy);
    for (let s = 0; s < 48; s++) expect(a.predict(s, { deterministic: true })).toBe(greedy.action(s));
    expect(() => a.predict(48)).toThrow(/observation 48, outside its Discrete\(48\) observation space/);
  });

  it('caps runaway episodes at maxStepsPerEpisode and bootstraps there', () => {
    const b = new TabularMDPBuilder(1, 2);
    b.add(0, 0, 1, 0, -1, false).add(0, 1, 1, 0, -1, false);
    const agent = new QLearning(b.build(), { maxStepsPerEpisode: 200, gamma: 0.5, alpha: 0.5 });
    const truncated: boolean[] = [];
    const curve = agent.learn({ episodes: 3, onEpisode: (s) => void truncated.push(s.truncated && !s.terminated) });
    expect(curve.length).toEqual([200, 200, 200]);
    expect(truncated).toEqual([true, true, true]);
    // Q → −1 / (1 − γ) = −2: the cut did not zero the bootstrap.
    expect(agent.q[0]).toBeCloseTo(-2, 6);
  });

  it('takes γ from the model when it has one', () => {
    expect(new QLearning(new GridWorldEnv(windyGridWorld())).gamma).toBe(1);
    expect(new QLearning(new CliffWalkingEnv()).gamma).toBe(0.99);
    expect(new QLearning(new CliffWalkingEnv(), { gamma: 0.9 }).gamma).toBe(0.9);
  });

  it('round-trips its config through JSON', () => {
    const agent = new QLearning(cliff, { alpha: linearSchedule({ start: 0.5, end: 0.1, duration: 20 }), epsilon: 0.05, gamma: 1, seed: 9, initialValue: -1 });
    const config = JSON.parse(JSON.stringify(agent.getConfig())) as Record<string, unknown>;
    expect(config).toEqual({
      gamma: 1,
      seed: 9,
      maxStepsPerEpisode: 10000,
      initialValue: -1,
      epsilon: { type: 'constant', value: 0.05 },
      alpha: { type: 'linear', start: 0.5, end: 0.1, duration: 20 },
    });
    const twin = new QLearning(cliff, config);
    expect(twin.learn({ episodes: 20 })).toEqual(agent.learn({ episodes: 20 }));
  });

  it('names the field of a bad config value', () => {
    expect(() => new QLearning(cliff, { alpha: 0 })).toThrow(/QLearning\.alpha must be a number in \(0, 1\]; got 0/);
    expect(() => new QLearning(cliff, { epsilon: -0.1 })).toThrow(/QLearning\.epsilon must be a number in \[0, 1\]; got -0\.1/);
    expect(() => new QLearning(cliff, { epsilon: { type: 'linear', start: 1, end: 2, duration: 5 } })).toThrow(/QLearning\.epsilon\.end must be a number in \[0, 1\]; got 2/);
    expect(() => new QLearning(cliff, { gamma: -1 })).toThrow(/QLearning\.gamma/);
    expect(() => new QLearning(cliff, { initialValue: NaN })).toThrow(/QLearning\.initialValue must be a finite number; got NaN/);
    expect(() => new QLearning(cliff, { epsilon: 0.1, lambda: 0.5 } as never)).toThrow(/QLearning config\.lambda must be one of the known options/);
    expect(() => new QLearning(cliff, 5 as never)).toThrow(/QLearning config must be an object/);
    expect(() => new QLearning(cliff).learn({ episodes: 2.5 })).toThrow(/QLearning\.learn options\.episodes must be an integer >= 1; got 2\.5/);
    expect(() => new QLearning(cliff).learn({ episodes: 1, onEpisode: 1 as never })).toThrow(/onEpisode must be a function/);
  });

  it('rejects CartPole (Box observations) with a clear error', () => {
    expect(() => new QLearning(make('CartPole-v1'))).toThrow(/QLearning env\.observationSpace must be a Discrete space \(tabular methods keep one table entry per state and action; discretise Box spaces first\); got "Box/);
  });

  it('works with Discrete spaces that do not start at 0', () => {
    // Observations {10, 11, 12}, actions {5, 6}: action 6 moves right, 5 stays; reaching 12 ends with +1.
    class Offset extends BaseEnv<number, number> {
      readonly observationSpace = new Discrete(3, 10);
      readonly actionSpace = new Discrete(2, 5);
      private s = 10;
      reset(options?: ResetOptions): ResetResult<number> {
        this.seed(options?.seed);
        this.s = 10;
        return { observation: 10, info: {} };
      }
      step(action: number): StepResult<number> {
        if (!this.actionSpace.contains(action)) throw new Error('action outside Discrete(2, start=5)');
        if (action === 6) this.s++;
        return { observation: this.s, reward: this.s === 12 ? 1 : 0, terminated: this.s === 12, truncated: false, info: {} };
      }
    }
    const agent = new QLearning(new Offset(), { alpha: 0.5, gamma: 0.9, epsilon: 0.2, seed: 0 });
    agent.learn({ episodes: 200 });
    expect(agent.q.length).toBe(6);
    expect(agent.predict(10, { deterministic: true })).toBe(6);
    expect(agent.predict(11, { deterministic: true })).toBe(6);
    expect(agent.q[1 * 2 + 1]).toBeCloseTo(1, 3);
    expect(agent.q[0 * 2 + 1]).toBeCloseTo(0.9, 3);
  });

  it('reports an env that returns a non-number reward', () => {
    class Broken extends BaseEnv<number, number> {
      readonly observationSpace = new Discrete(2);
      readonly actionSpace = new Discrete(2);
      reset(): ResetResult<number> {
        return { observation: 0, info: {} };
      }
      step(): StepResult<number> {
        return { observation: 1, reward: NaN, terminated: true, truncated: false, info: {} };
      }
    }
    expect(() => new QLearning(new Broken()).learn({ episodes: 1 })).toThrow(EnvOutputError);
  });
});
