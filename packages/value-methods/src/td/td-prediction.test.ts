import { DiscreteModelEnv, Discrete, TabularMDPBuilder, TimeLimit, type Env, type StepResult } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { randomWalkMDP, randomWalkStates, randomWalkTrueValues } from '../examples/random-walk.js';
import { rmsError } from '../learning-curve.js';
import { MonteCarloPrediction } from '../monte-carlo/mc-prediction.js';
import { TDPrediction } from './td-prediction.js';

const walk = randomWalkMDP();
const truth = randomWalkTrueValues();
const inner = randomWalkStates();

/** Mean over `runs` seeds of the RMS error (over states A…E) after `episodes` episodes. */
function meanRms(make: (seed: number) => { v: Float64Array; learn(o: { episodes: number }): unknown }, runs = 100, episodes = 100): number {
  let sum = 0;
  for (let seed = 0; seed < runs; seed++) {
    const agent = make(seed);
    agent.learn({ episodes });
    sum += rmsError(agent.v, truth, inner);
  }
  return sum / runs;
}

/** A deterministic chain 0 → 1 → … → n − 1 → terminal n with reward r_i on leaving state i (one action). */
function chain(rewards: number[]): DiscreteModelEnv {
  const n = rewards.length;
  const b = new TabularMDPBuilder(n + 1, 1);
  rewards.forEach((r, s) => b.add(s, 0, 1, s + 1, r, s + 1 === n));
  b.add(n, 0, 1, n, 0, true);
  const initial = new Float64Array(n + 1);
  initial[0] = 1;
  return new DiscreteModelEnv(b.build({ initialStateDistribution: initial }));
}

describe('TDPrediction: TD(0)', () => {
  it('beats constant-α MC on the 5-state random walk after 100 episodes (S&B Example 6.2, 100 seeds)', () => {
    const td = (alpha: number) => meanRms((seed) => new TDPrediction(walk, { alpha, gamma: 1, initialValue: 0.5, seed }));
    const mc = (alpha: number, visits: 'first' | 'every') =>
      meanRms((seed) => new MonteCarloPrediction(walk, { alpha, visits, gamma: 1, initialValue: 0.5, seed }));
    const td05 = td(0.05);
    const td10 = td(0.1);
    const mcEvery = [0.01, 0.02, 0.03, 0.04].map((a) => mc(a, 'every'));
    const mcFirst = [0.01, 0.02, 0.03, 0.04].map((a) => mc(a, 'first'));
    // Figure 6.2's ranges: TD(0) α = 0.05 about 0.03–0.05, α = 0.1 about 0.05–0.07; MC every-visit ≥ 0.08.
    expect(td05).toBeLessThan(0.045);
    expect(td10).toBeLessThan(0.07);
    for (const e of mcEvery) {
      expect(e).toBeGreaterThan(0.075);
      expect(td10).toBeLessThan(e - 0.015);
      expect(td05).toBeLessThan(e - 0.03);
    }
    // First-visit MC makes fewer updates per episode (less noise), but TD(0) with α = 0.05 still wins.
    for (const e of mcFirst) expect(td05).toBeLessThan(e - 0.01);
  });

  it('learns the random walk values 1/6 … 5/6 with a decaying step size', () => {
    const td = new TDPrediction(walk, { alpha: { type: 'linear', start: 0.1, end: 0.005, duration: 2000 }, gamma: 1, initialValue: 0.5, seed: 3 });
    td.learn({ episodes: 3000 });
    expect(rmsError(td.v, truth, inner)).toBeLessThan(0.02);
  });

  it('makes the update V(S) ← V(S) + α[R + γV(S′) − V(S)] exactly (hand-computed chain)', () => {
    const td = new TDPrediction(chain([1, 2, 3]), { alpha: 0.5, gamma: 0.9, initialValue: 10 });
    td.learn({ episodes: 1 });
    // V(0) = 10 + 0.5(1 + 9 − 10) = 10; V(1) = 10 + 0.5(2 + 9 − 10) = 10.5; V(2) = 10 + 0.5(3 + 0 − 10) = 6.5.
    expect(Array.from(td.v)).toEqual([10, 10.5, 6.5, 10]);
  });

  it('gives the same values for the same seed and different ones for another seed', () => {
    const a = new TDPrediction(walk, { alpha: 0.1, gamma: 1, seed: 7 });
    const b = new TDPrediction(walk, { alpha: 0.1, gamma: 1, seed: 7 });
    const c = new TDPrediction(walk, { alpha: 0.1, gamma: 1, seed: 8 });
    const ca = a.learn({ episodes: 20 });
    expect(b.learn({ episodes: 20 })).toEqual(ca);
    c.learn({ episodes: 20 });
    expect(Array.from(b.v)).toEqual(Array.from(a.v));
    expect(Array.from(c.v)).not.toEqual(Array.from(a.v));
  });
});

describe('TDPrediction: n-step TD', () => {
  it('n = 4 beats TD(0) on the 19-state random walk (S&B Figure 7.2: RMS averaged over the first 10 episodes, 100 seeds)', () => {
    const mdp = randomWalkMDP({ states: 19, leftReward: -1 });
    const t19 = randomWalkTrueValues({ states: 19, leftReward: -1 });
    const s19 = randomWalkStates({ states: 19 });
    const score = (n: number, alpha: number) => {
      let sum = 0;
      for (let seed = 0; seed < 100; seed++) {
        const agent = new TDPrediction(mdp, { n, alpha, gamma: 1, seed });
        agent.learn({ episodes: 10, onEpisode: () => void (sum += rmsError(agent.v, t19, s19)) });
      }
      return sum / 1000;
    };
    const fourStep = score(4, 0.4);
    const oneStep = Math.min(score(1, 0.2), score(1, 0.4), score(1, 0.8));
    expect(fourStep).toBeLessThan(0.29); // the figure's n = 4 minimum is about 0.26
    expect(oneStep).toBeGreaterThan(0.32); // n = 1 stays above about 0.34
    expect(fourStep).toBeLessThan(oneStep - 0.05);
  });

  it('updates towards the n-step return, cut at the end of the episode (hand-computed chain)', () => {
    const td = new TDPrediction(chain([1, 2, 3, 4]), { n: 2, alpha: 1, gamma: 0.5, initialValue: 8 });
    td.learn({ episodes: 1 });
    // G_{0:2} = 1 + 0.5·2 + 0.25·V(2) = 4; G_{1:3} = 2 + 0.5·3 + 0.25·V(3) = 5.5;
    // G_{2:4} = 3 + 0.5·4 = 5 (terminal); G_{3:4} = 4.
    expect(Array.from(td.v)).toEqual([4, 5.5, 5, 4, 8]);
  });

  it('with n at least the episode length, is constant-α every-visit MC on an episode without revisits', () => {
    const env = chain([1, -2, 0.5, 3]);
    const td = new TDPrediction(env, { n: 10, alpha: 0.3, gamma: 0.8, initialValue: 1 });
    const mc = new MonteCarloPrediction(chain([1, -2, 0.5, 3]), { alpha: 0.3, gamma: 0.8, initialValue: 1, visits: 'every' });
    td.learn({ episodes: 3 });
    mc.learn({ episodes: 3 });
    Array.from(td.v).forEach((x, i) => expect(x).toBeCloseTo(mc.v[i]!, 12));
  });

  it('bootstraps from the last state when the episode is truncated', () => {
    // A 2-state loop that never terminates; TimeLimit cuts it after 3 steps.
    const b = new TabularMDPBuilder(2, 1);
    b.add(0, 0, 1, 1, 1, false);
    b.add(1, 0, 1, 0, 1, false);
    const initial = Float64Array.of(1, 0);
    const env = new TimeLimit(new DiscreteModelEnv(b.build({ initialStateDistribution: initial })), 3);
    const td = new TDPrediction(env, { n: 2, alpha: 1, gamma: 0.5, initialValue: 4 });
    const curve = td.learn({ episodes: 1 });
    expect(curve.length).toEqual([3]);
    // States 0,1,0,(1 at T=3). τ=0: G = 1 + 0.5 + 0.25·V(0)=1.5+1=2.5 → V(0)=2.5.
    // τ=1: G = 1 + 0.5·1 + 0.25·V(1)=1.5+1=2.5 → V(1)=2.5. τ=2: G = 1 + 0.5·V(S_3=1)=1+1.25=2.25 → V(0)=2.25.
    expect(Array.from(td.v)).toEqual([2.25, 2.5]);
  });

  it('caps episodes at maxStepsPerEpisode', () => {
    const b = new TabularMDPBuilder(1, 1);
    b.add(0, 0, 1, 0, 0, false);
    const td = new TDPrediction(b.build(), { maxStepsPerEpisode: 25, gamma: 0.9 });
    const stats: boolean[] = [];
    const curve = td.learn({ episodes: 2, onEpisode: (s) => void stats.push(s.truncated) });
    expect(curve.length).toEqual([25, 25]);
    expect(stats).toEqual([true, true]);
    expect(td.totalSteps).toBe(50);
  });
});

describe('TDPrediction: config and env checks', () => {
  it('names the field of a bad config value', () => {
    expect(() => new TDPrediction(walk, { alpha: 0 })).toThrow(/TDPrediction\.alpha must be a number in \(0, 1\]; got 0/);
    expect(() => new TDPrediction(walk, { alpha: 1.5 })).toThrow(/TDPrediction\.alpha/);
    expect(() => new TDPrediction(walk, { gamma: 1.1 })).toThrow(/TDPrediction\.gamma must be a number in \[0, 1\]; got 1\.1/);
    expect(() => new TDPrediction(walk, { n: 0 })).toThrow(/TDPrediction\.n must be an integer >= 1; got 0/);
    expect(() => new TDPrediction(walk, { n: 1.5 })).toThrow(/TDPrediction\.n/);
    expect(() => new TDPrediction(walk, { seed: -1 })).toThrow(/TDPrediction\.seed/);
    expect(() => new TDPrediction(walk, { maxStepsPerEpisode: 0 })).toThrow(/TDPrediction\.maxStepsPerEpisode must be an integer >= 1/);
    expect(() => new TDPrediction(walk, { alhpa: 0.1 } as never)).toThrow(/TDPrediction config\.alhpa .*did you mean "alpha"/);
    expect(() => new TDPrediction(walk, { policy: 3 } as never)).toThrow(/TDPrediction\.policy must be a Policy/);
    expect(() => new TDPrediction(walk).learn({ episodes: 0 })).toThrow(/episodes must be an integer >= 1; got 0/);
  });

  it('rejects environments whose spaces are not Discrete', () => {
    const boxEnv = {
      observationSpace: { toJSON: () => ({ type: 'Box' }), toString: () => 'Box(-1, 1, [2], float32)' },
      actionSpace: new Discrete(2),
      reset: () => ({ observation: new Float32Array(2), info: {} }),
      step: (): StepResult<Float32Array> => ({ observation: new Float32Array(2), reward: 0, terminated: true, truncated: false, info: {} }),
    } as unknown as Env<unknown, unknown>;
    expect(() => new TDPrediction(boxEnv)).toThrow(/TDPrediction env\.observationSpace must be a Discrete space .*got "Box\(-1, 1, \[2\], float32\)"/);
    expect(() => new TDPrediction({} as never)).toThrow(/TDPrediction env must be an Env/);
  });

  it('reports a policy that returns an action outside the action space', () => {
    const td = new TDPrediction(walk, { policy: { act: () => 2 } });
    expect(() => td.learn({ episodes: 1 })).toThrow(/TDPrediction\.policy action must be an action of the env's action space \(Discrete\(2\)\); got 2/);
  });
});
