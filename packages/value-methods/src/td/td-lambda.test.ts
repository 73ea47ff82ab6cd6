import { DiscreteModelEnv, TabularMDPBuilder, type Env, type ResetOptions } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { randomWalkMDP, randomWalkStates, randomWalkTrueValues } from '../examples/random-walk.js';
import { rmsError } from '../learning-curve.js';
import { MonteCarloPrediction } from '../monte-carlo/mc-prediction.js';
import { TDLambda } from './td-lambda.js';
import { TDPrediction } from './td-prediction.js';

const walk = randomWalkMDP();
const truth = randomWalkTrueValues();
const inner = randomWalkStates();

/** Wraps an env and records every episode's states and rewards. */
class Recorder implements Env<number, number> {
  episodes: { states: number[]; rewards: number[] }[] = [];
  constructor(private readonly env: DiscreteModelEnv) {}
  get observationSpace() {
    return this.env.observationSpace;
  }
  get actionSpace() {
    return this.env.actionSpace;
  }
  reset(options?: ResetOptions) {
    const r = this.env.reset(options);
    this.episodes.push({ states: [r.observation], rewards: [] });
    return r;
  }
  step(action: number) {
    const r = this.env.step(action);
    const ep = this.episodes[this.episodes.length - 1]!;
    ep.rewards.push(r.reward);
    if (!r.terminated) ep.states.push(r.observation);
    return r;
  }
}

describe('TDLambda', () => {
  it('with λ = 0 is exactly TD(0) (same seed, same trajectories)', () => {
    for (const traces of ['accumulating', 'replacing'] as const) {
      const lambda = new TDLambda(walk, { lambda: 0, traces, alpha: 0.1, gamma: 1, initialValue: 0.5, seed: 11 });
      const td0 = new TDPrediction(walk, { alpha: 0.1, gamma: 1, initialValue: 0.5, seed: 11 });
      expect(lambda.learn({ episodes: 50 })).toEqual(td0.learn({ episodes: 50 }));
      expect(Array.from(lambda.v)).toEqual(Array.from(td0.v));
    }
  });

  it('with λ = 1, accumulating traces and offline updates is every-visit constant-α MC with V held during the episode', () => {
    const recorder = new Recorder(new DiscreteModelEnv(walk));
    const agent = new TDLambda(recorder, { lambda: 1, traces: 'accumulating', updates: 'offline', alpha: 0.05, gamma: 1, initialValue: 0.5, seed: 4 });
    agent.learn({ episodes: 30 });
    // Reference: ΔV(s) = α Σ_{t: S_t = s} (G_t − V(S_t)), V fixed within the episode.
    const v = new Float64Array(7).fill(0.5);
    for (const { states, rewards } of recorder.episodes) {
      const delta = new Float64Array(7);
      let g = 0;
      for (let t = rewards.length - 1; t >= 0; t--) {
        g += rewards[t]!;
        const s = states[t]!;
        delta[s] = delta[s]! + 0.05 * (g - v[s]!);
      }
      for (let s = 0; s < 7; s++) v[s] = v[s]! + delta[s]!;
    }
    Array.from(agent.v).forEach((x, i) => expect(x).toBeCloseTo(v[i]!, 12));
  });

  it('with λ = 1 (accumulating, offline) ends close to every-visit MC on the random walk', () => {
    let diff = 0;
    for (let seed = 0; seed < 20; seed++) {
      const lambda = new TDLambda(walk, { lambda: 1, updates: 'offline', alpha: 0.02, gamma: 1, initialValue: 0.5, seed });
      const mc = new MonteCarloPrediction(walk, { visits: 'every', alpha: 0.02, gamma: 1, initialValue: 0.5, seed });
      lambda.learn({ episodes: 100 });
      mc.learn({ episodes: 100 });
      diff += rmsError(lambda.v, mc.v, inner);
    }
    expect(diff / 20).toBeLessThan(0.01);
  });

  it('accumulates or replaces the trace of a revisited state (hand-computed)', () => {
    // State 0: action 0 → 1, action 1 → terminal 2 with reward 1; state 1: any action → 0.
    const b = new TabularMDPBuilder(3, 2);
    b.add(0, 0, 1, 1, 0, false).add(0, 1, 1, 2, 1, true);
    b.add(1, 0, 1, 0, 0, false).add(1, 1, 1, 0, 0, false);
    b.add(2, 0, 1, 2, 0, true).add(2, 1, 1, 2, 0, true);
    const mdp = b.build({ initialStateDistribution: [1, 0, 0] });
    const script = () => {
      let visits = 0;
      return { act: (s: number) => (s === 0 ? (visits++ === 0 ? 0 : 1) : 0) };
    };
    // Trajectory 0 → 1 → 0 → terminal; λγ = 0.5, α = 0.5, V = 0. Only the last TD error is non-zero (δ = 1)
    // with traces e(0) = 0.25 + 1 (accumulating) or 1 (replacing), e(1) = 0.5.
    const acc = new TDLambda(mdp, { lambda: 0.5, traces: 'accumulating', alpha: 0.5, gamma: 1, policy: script() });
    acc.learn({ episodes: 1 });
    expect(Array.from(acc.v)).toEqual([0.625, 0.25, 0]);
    const rep = new TDLambda(mdp, { lambda: 0.5, traces: 'replacing', alpha: 0.5, gamma: 1, policy: script() });
    rep.learn({ episodes: 1 });
    expect(Array.from(rep.v)).toEqual([0.5, 0.25, 0]);
    expect(Array.from(rep.eligibility)).toEqual([0, 0, 0]); // traces are cleared between episodes
  });

  it('replacing traces learn the 5-state random walk and stay stable where accumulating ones blow up (19 states)', () => {
    let rep5 = 0;
    for (let seed = 0; seed < 50; seed++) {
      const a = new TDLambda(walk, { lambda: 0.8, traces: 'replacing', alpha: 0.1, gamma: 1, initialValue: 0.5, seed });
      a.learn({ episodes: 100 });
      rep5 += rmsError(a.v, truth, inner);
    }
    expect(rep5 / 50).toBeLessThan(0.08);

    const mdp = randomWalkMDP({ states: 19, leftReward: -1 });
    const t19 = randomWalkTrueValues({ states: 19, leftReward: -1 });
    const s19 = randomWalkStates({ states: 19 });
    const score = (traces: 'accumulating' | 'replacing', lambda: number, alpha: number) => {
      let sum = 0;
      for (let seed = 0; seed < 30; seed++) {
        const a = new TDLambda(mdp, { lambda, traces, alpha, gamma: 1, seed });
        a.learn({ episodes: 10, onEpisode: () => void (sum += rmsError(a.v, t19, s19)) });
      }
      return sum / 300;
    };
    expect(score('replacing', 0.9, 0.6)).toBeLessThan(0.32);
    expect(score('accumulating', 0.9, 0.6)).toBeGreaterThan(0.5);
    expect(score('replacing', 0.95, 0.6)).toBeLessThan(0.36);
    expect(score('accumulating', 0.95, 0.6)).toBeGreaterThan(1);
  });

  it('validates λ, traces and updates', () => {
    expect(() => new TDLambda(walk, { lambda: 1.2 })).toThrow(/TDLambda\.lambda must be a number in \[0, 1\]; got 1\.2/);
    expect(() => new TDLambda(walk, { traces: 'dutch' as never })).toThrow(/TDLambda\.traces must be one of "accumulating", "replacing"/);
    expect(() => new TDLambda(walk, { updates: 'batch' as never })).toThrow(/TDLambda\.updates/);
    expect(new TDLambda(walk).getConfig()).toEqual({
      gamma: 0.99,
      seed: 0,
      maxStepsPerEpisode: 10000,
      initialValue: 0,
      alpha: { type: 'constant', value: 0.1 },
      lambda: 0.9,
      traces: 'accumulating',
      updates: 'online',
    });
  });
});
