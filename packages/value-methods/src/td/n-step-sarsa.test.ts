import { DiscreteModelEnv, GridWorldEnv, TabularMDPBuilder, TimeLimit, cliffWalkingMDP, windyGridWorld } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { NStepSarsa } from './n-step-sarsa.js';
import { Sarsa } from './sarsa.js';

/** A one-action chain 0 → 1 → … → terminal with the given rewards. */
function chain(rewards: number[]) {
  const n = rewards.length;
  const b = new TabularMDPBuilder(n + 1, 1);
  rewards.forEach((r, s) => b.add(s, 0, 1, s + 1, r, s + 1 === n));
  b.add(n, 0, 1, n, 0, true);
  const initial = new Float64Array(n + 1);
  initial[0] = 1;
  return b.build({ initialStateDistribution: initial });
}

/** Steps the greedy policy takes from (3, 0) to the goal on the windy model (Infinity after 100). */
function greedyLength(agent: NStepSarsa, env: GridWorldEnv): number {
  let s = 30;
  for (let n = 1; n <= 100; n++) {
    const o = env.model.transitions(s, agent.predict(s, { deterministic: true }))[0]!;
    s = o.next;
    if (o.terminated) return n;
  }
  return Infinity;
}

describe('NStepSarsa', () => {
  it('with n = 1 is exactly SARSA', () => {
    const config = { alpha: 0.5, epsilon: 0.1, gamma: 1, seed: 4 };
    const a = new NStepSarsa(cliffWalkingMDP(), { ...config, n: 1 });
    const b = new Sarsa(cliffWalkingMDP(), config);
    expect(a.learn({ episodes: 100 })).toEqual(b.learn({ episodes: 100 }));
    expect(Array.from(a.q)).toEqual(Array.from(b.q));
  });

  it('updates towards the n-step return, cut at the terminal state (hand-computed chain)', () => {
    const agent = new NStepSarsa(chain([1, 2, 3, 4]), { n: 2, alpha: 1, gamma: 0.5, initialValue: 8 });
    agent.learn({ episodes: 1 });
    // G_{0:2} = 1 + 0.5·2 + 0.25·Q(2) = 4; G_{1:3} = 2 + 1.5 + 2 = 5.5; G_{2:4} = 3 + 2 = 5; G_{3:4} = 4.
    expect(Array.from(agent.q)).toEqual([4, 5.5, 5, 4, 8]);
  });

  it('bootstraps from Q(S_T, A_T) when the episode is truncated', () => {
    const b = new TabularMDPBuilder(2, 1);
    b.add(0, 0, 1, 1, 1, false).add(1, 0, 1, 0, 1, false);
    const env = new TimeLimit(new DiscreteModelEnv(b.build({ initialStateDistribution: [1, 0] })), 3);
    const agent = new NStepSarsa(env, { n: 2, alpha: 1, gamma: 0.5, initialValue: 4 });
    agent.learn({ episodes: 1 });
    expect(Array.from(agent.q)).toEqual([2.25, 2.5]); // as n-step TD on the same loop
  });

  it('learns the Windy Gridworld faster with n = 2 than with n = 1 (20 seeds, α = 0.5, ε = 0.1)', () => {
    const env = new GridWorldEnv(windyGridWorld());
    const run = (n: number) => {
      let stepsAt50 = 0;
      const firstOptimal: number[] = [];
      for (let seed = 0; seed < 20; seed++) {
        const agent = new NStepSarsa(env, { n, alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
        let first = Infinity;
        agent.learn({
          episodes: 200,
          onEpisode: ({ episode, totalSteps }) => {
            if (episode === 50) stepsAt50 += totalSteps;
            if (first === Infinity && greedyLength(agent, env) === 15) first = episode;
          },
        });
        firstOptimal.push(first);
      }
      firstOptimal.sort((a, b) => a - b);
      return { stepsAt50: stepsAt50 / 20, medianFirst: firstOptimal[10]! };
    };
    const one = run(1);
    const two = run(2);
    expect(two.stepsAt50).toBeLessThan(one.stepsAt50 - 400); // about 3950 vs 4800
    expect(two.medianFirst).toBeLessThan(one.medianFirst);
    expect(one.medianFirst).toBeLessThan(200);
  });

  it('validates n', () => {
    expect(() => new NStepSarsa(cliffWalkingMDP(), { n: 0 })).toThrow(/NStepSarsa\.n must be an integer >= 1; got 0/);
  });
});
