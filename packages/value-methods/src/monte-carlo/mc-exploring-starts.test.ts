import {
  BaseEnv,
  Discrete,
  GridWorldEnv,
  TimeLimit,
  Wrapper,
  gridWorldMDP,
  suttonBartoGrid4x4,
  unwrap,
  type DiscreteModelEnv,
  type ResetOptions,
  type ResetResult,
  type StepResult,
} from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { MonteCarloExploringStarts } from './mc-exploring-starts.js';

/** Records the state each episode's first step is taken from. */
class StartSpy extends Wrapper<number, number> {
  starts: number[] = [];
  private fresh = false;
  override reset(options?: ResetOptions) {
    this.fresh = true;
    return super.reset(options);
  }
  override step(action: number) {
    if (this.fresh) this.starts.push(unwrap<DiscreteModelEnv>(this).state!);
    this.fresh = false;
    return super.step(action);
  }
}

/** Example 4.1: V*(s) = −(distance to the nearer terminal corner). */
const vStar = (s: number) => (s === 0 || s === 15 ? 0 : -Math.min(Math.floor(s / 4) + (s % 4), 6 - Math.floor(s / 4) - (s % 4)));

describe('MonteCarloExploringStarts', () => {
  it('finds an optimal policy on the 4×4 gridworld (S&B Example 4.1, 10 seeds)', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    for (let seed = 0; seed < 10; seed++) {
      const es = new MonteCarloExploringStarts(mdp, { gamma: 1, seed, maxStepsPerEpisode: 20 });
      es.learn({ episodes: 3000 });
      const pi = es.greedyPolicy();
      for (let s = 1; s < 15; s++) {
        const next = mdp.transitions(s, pi.action(s))[0]!.next;
        expect(-1 + vStar(next), `seed ${seed}, state ${s}`).toBe(vStar(s));
      }
    }
  });

  it('starts from every non-terminal state and pair, and works through wrappers', () => {
    const env = new TimeLimit(new GridWorldEnv(suttonBartoGrid4x4()), 50);
    const es = new MonteCarloExploringStarts(env, { gamma: 1, seed: 0 });
    expect(Array.from(es.startStates)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    es.learn({ episodes: 500 });
    // Every (s, a) pair of a non-terminal state has been tried.
    for (let s = 1; s < 15; s++) for (let a = 0; a < 4; a++) expect(es.counts[s * 4 + a]).toBeGreaterThan(0);
    expect(es.counts[0]).toBe(0);
    const spy = new StartSpy(new GridWorldEnv(suttonBartoGrid4x4()));
    const only = new MonteCarloExploringStarts(spy, { startStates: [5, 10], seed: 0 });
    only.learn({ episodes: 40 });
    expect(spy.starts).toHaveLength(40);
    expect(new Set(spy.starts)).toEqual(new Set([5, 10]));
  });

  it('needs a model to start anywhere, and checks startStates', () => {
    class NoModel extends BaseEnv<number, number> {
      readonly observationSpace = new Discrete(2);
      readonly actionSpace = new Discrete(2);
      reset(): ResetResult<number> {
        return { observation: 0, info: {} };
      }
      step(): StepResult<number> {
        return { observation: 1, reward: 0, terminated: true, truncated: false, info: {} };
      }
    }
    expect(() => new MonteCarloExploringStarts(new NoModel())).toThrow(/MonteCarloExploringStarts env must be a TabularMDP or an environment built on one .*; got "NoModel"/);
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    expect(() => new MonteCarloExploringStarts(mdp, { startStates: [] })).toThrow(/startStates must be a non-empty array/);
    expect(() => new MonteCarloExploringStarts(mdp, { startStates: [3, 16] })).toThrow(/startStates\[1\] must be a state index in \[0, 15\]; got 16/);
    expect(() => new MonteCarloExploringStarts(mdp, { epsilon: 0.1 } as never)).toThrow(/MonteCarloExploringStarts config\.epsilon must be one of the known options/);
  });
});
