import {
  DeterministicTabularPolicy,
  FrozenLakeEnv,
  StochasticTabularPolicy,
  TabularMDPBuilder,
  gridWorldMDP,
  suttonBartoGrid4x4,
} from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import { randomWalkMDP } from '../examples/random-walk.js';
import { OffPolicyMonteCarloControl, OffPolicyMonteCarloPrediction } from './off-policy-mc.js';

/** One state, two actions ending the episode: action 0 pays 1, action 1 pays 0. */
function bandit() {
  const b = new TabularMDPBuilder(2, 2);
  b.add(0, 0, 1, 1, 1, true).add(0, 1, 1, 1, 0, true);
  b.add(1, 0, 1, 1, 0, true).add(1, 1, 1, 1, 0, true);
  return b.build({ initialStateDistribution: [1, 0] });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('OffPolicyMonteCarloPrediction', () => {
  // π(0|0) = 0.9 → v_π(0) = 0.9; the behaviour is uniform, so v_b(0) = 0.5.
  const target = new StochasticTabularPolicy([0.9, 0.1, 0.5, 0.5], 2, 2);

  it('ordinary IS is unbiased: the one-episode estimate ρG averages to v_π (2000 seeds)', () => {
    const estimates: number[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const agent = new OffPolicyMonteCarloPrediction(bandit(), { targetPolicy: target, sampling: 'ordinary', gamma: 1, seed });
      agent.learn({ episodes: 1 });
      estimates.push(agent.v[0]!);
      expect([0, 1.8]).toContain(agent.v[0]); // ρG with ρ = 0.9/0.5 or 0.1/0.5 and G ∈ {1, 0}
    }
    expect(Math.abs(mean(estimates) - 0.9)).toBeLessThan(0.06); // sd of the mean ≈ 0.02
  });

  it('weighted IS is biased after one episode (estimate = G, mean v_b = 0.5) but converges to v_π', () => {
    const estimates: number[] = [];
    for (let seed = 0; seed < 2000; seed++) {
      const agent = new OffPolicyMonteCarloPrediction(bandit(), { targetPolicy: target, gamma: 1, seed });
      agent.learn({ episodes: 1 });
      estimates.push(agent.v[0]!);
    }
    expect(Math.abs(mean(estimates) - 0.5)).toBeLessThan(0.04);
    const long = new OffPolicyMonteCarloPrediction(bandit(), { targetPolicy: target, gamma: 1, seed: 0 });
    long.learn({ episodes: 5000 });
    expect(long.v[0]).toBeCloseTo(0.9, 1);
    // Q(s, a) does not weight the first action: both estimates are exact.
    expect(long.q[0]).toBe(1);
    expect(long.q[1]).toBe(0);
  });

  it('estimates the random walk under π(right) = 0.7 from uniformly random episodes (weighted and ordinary)', () => {
    const mdp = randomWalkMDP();
    const table = new Float64Array(14);
    for (let s = 0; s < 7; s++) table.set([0.3, 0.7], 2 * s);
    const targetPolicy = new StochasticTabularPolicy(table, 7, 2);
    // v_π by iterating v(i) = 0.3 v(i − 1) + 0.7 v(i + 1) with v(0) = 0 and the right exit worth 1.
    const v = new Float64Array(7);
    for (let k = 0; k < 5000; k++) for (let i = 1; i <= 5; i++) v[i] = 0.3 * v[i - 1]! + 0.7 * (i === 5 ? 1 : v[i + 1]!);
    for (const [sampling, tolerance] of [
      ['weighted', 0.03],
      ['ordinary', 0.08],
    ] as const) {
      const agent = new OffPolicyMonteCarloPrediction(mdp, { targetPolicy, sampling, gamma: 1, seed: 3 });
      agent.learn({ episodes: 2000 });
      for (let i = 1; i <= 5; i++) expect(Math.abs(agent.v[i]! - v[i]!), `${sampling} state ${i}`).toBeLessThan(tolerance);
    }
  });

  it('evaluates a deterministic target policy', () => {
    // Always right: every state's value is 1.
    const right = new DeterministicTabularPolicy(new Array<number>(7).fill(1), 2);
    const agent = new OffPolicyMonteCarloPrediction(randomWalkMDP(), { targetPolicy: right, gamma: 1, seed: 0 });
    agent.learn({ episodes: 500 });
    for (let i = 1; i <= 5; i++) expect(agent.v[i]).toBeCloseTo(1, 12);
  });

  it('ordinary IS counts zero-weight returns in its averages (two-step task, deterministic target)', () => {
    // State 0: action 0 pays 0, action 1 pays 0.5, both → state 1; state 1: action 0 pays 1, action 1 pays 0, then the end.
    const b = new TabularMDPBuilder(3, 2);
    b.add(0, 0, 1, 1, 0, false).add(0, 1, 1, 1, 0.5, false);
    b.add(1, 0, 1, 2, 1, true).add(1, 1, 1, 2, 0, true);
    b.add(2, 0, 1, 2, 0, true).add(2, 1, 1, 2, 0, true);
    const mdp = b.build({ initialStateDistribution: [1, 0, 0] });
    // π: action 1 in state 0, action 0 in state 1 → v_π(0) = 1.5, q_π(0, 0) = 1, q_π(0, 1) = 1.5, v_π(1) = 1.
    const targetPolicy = new DeterministicTabularPolicy([1, 0, 0], 2);
    for (const sampling of ['ordinary', 'weighted'] as const) {
      const agent = new OffPolicyMonteCarloPrediction(mdp, { targetPolicy, sampling, gamma: 1, seed: 5 });
      agent.learn({ episodes: 20000 });
      // Ordinary IS: V(0) averages ρG ∈ {0, 6}, sd 2.6, so its standard error is about 0.02.
      const near = (x: number, y: number) => expect(Math.abs(x - y), `${sampling}: ${x} vs ${y}`).toBeLessThan(0.08);
      near(agent.v[0]!, 1.5);
      near(agent.v[1]!, 1);
      near(agent.q[0]!, 1);
      near(agent.q[1]!, 1.5);
    }
  });

  it('needs π(a|s) from both policies and a behaviour that covers what it does', () => {
    const mdp = bandit();
    expect(() => new OffPolicyMonteCarloPrediction(mdp, {} as never)).toThrow(/OffPolicyMonteCarloPrediction\.targetPolicy must be a Policy with probs/);
    expect(() => new OffPolicyMonteCarloPrediction(mdp, { targetPolicy: { act: () => 0 } })).toThrow(/targetPolicy must be a Policy with probs\(observation\) \(importance sampling needs π\(a\|s\)\)/);
    const liar = { act: () => 1, probs: () => Float64Array.of(1, 0) };
    const agent = new OffPolicyMonteCarloPrediction(mdp, { targetPolicy: target, behaviourPolicy: liar });
    expect(() => agent.learn({ episodes: 1 })).toThrow(/behaviourPolicy\.probs\(0\)\[1\] must be positive for the action the policy took; got 0/);
    expect(() => new OffPolicyMonteCarloPrediction(mdp, { targetPolicy: target, sampling: 'per-decision' as never })).toThrow(/sampling must be one of "ordinary", "weighted"/);
  });
});

describe('OffPolicyMonteCarloControl', () => {
  it('finds the 6-step path on deterministic FrozenLake from ε-greedy behaviour (10 seeds)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const env = new FrozenLakeEnv({ isSlippery: false });
      const agent = new OffPolicyMonteCarloControl(env, { gamma: 0.9, epsilon: 0.3, seed });
      agent.learn({ episodes: 2000 });
      let s = 0;
      let steps = 0;
      for (; steps < 50; steps++) {
        const o = env.model.transitions(s, agent.predict(s, { deterministic: true }))[0]!;
        s = o.next;
        if (o.terminated) break;
      }
      expect(steps + 1).toBe(6);
      expect(s).toBe(15);
      // The target policy is greedy: Q(start, greedy) is its discounted return γ^5.
      expect(Math.max(...Array.from(agent.q.subarray(0, 4)))).toBeCloseTo(0.9 ** 5, 10);
    }
  });

  it('learns q* on the 4×4 gridworld with weighted IS when Q starts pessimistic', () => {
    const mdp = gridWorldMDP(suttonBartoGrid4x4());
    const vStar = (s: number) => (s === 0 || s === 15 ? 0 : -Math.min(Math.floor(s / 4) + (s % 4), 6 - Math.floor(s / 4) - (s % 4)));
    for (let seed = 0; seed < 10; seed++) {
      const agent = new OffPolicyMonteCarloControl(mdp, { gamma: 1, epsilon: 0.5, seed, initialValue: -20, maxStepsPerEpisode: 100 });
      agent.learn({ episodes: 3000 });
      const pi = agent.greedyPolicy();
      for (let s = 1; s < 15; s++) {
        const a = pi.action(s);
        expect(-1 + vStar(mdp.transitions(s, a)[0]!.next), `seed ${seed}, state ${s}`).toBe(vStar(s));
        // Weighted averages of the returns of the greedy tails seen so far (earlier tails followed
        // earlier, worse greedy policies).
        expect(Math.abs(agent.q[s * 4 + a]! - vStar(s))).toBeLessThan(0.3);
      }
    }
  });

  it('with ordinary IS and a fixed uniform behaviour policy averages W·G to q* (two-step task, bounded weights)', () => {
    // State 0: action 0 pays 0, action 1 pays 0.5, both → state 1; state 1: action 0 pays 1, action 1 pays 0, then the end.
    const b = new TabularMDPBuilder(3, 2);
    b.add(0, 0, 1, 1, 0, false).add(0, 1, 1, 1, 0.5, false);
    b.add(1, 0, 1, 2, 1, true).add(1, 1, 1, 2, 0, true);
    b.add(2, 0, 1, 2, 0, true).add(2, 1, 1, 2, 0, true);
    const mdp = b.build({ initialStateDistribution: [1, 0, 0] });
    const agent = new OffPolicyMonteCarloControl(mdp, { gamma: 1, sampling: 'ordinary', behaviourPolicy: StochasticTabularPolicy.uniform(3, 2), seed: 1 });
    expect(agent.epsilon).toBe(0);
    expect(agent.getConfig()).not.toHaveProperty('epsilon');
    agent.learn({ episodes: 4000 });
    // Q(0, a) = mean of W·G with W = 1/b = 2 when state 1 took the greedy action 0, else 0: E = r(a) + 1.
    expect(agent.q[0]).toBeCloseTo(1, 1);
    expect(agent.q[1]).toBeCloseTo(1.5, 1);
    expect(agent.q[2]).toBe(1);
    expect(agent.q[3]).toBe(0);
    expect(Array.from(agent.greedyPolicy().actions)).toEqual([1, 0, 0]);
    // The same data with weighted IS gives the exact values of the greedy tails.
    const weighted = new OffPolicyMonteCarloControl(mdp, { gamma: 1, behaviourPolicy: StochasticTabularPolicy.uniform(3, 2), seed: 1 });
    weighted.learn({ episodes: 4000 });
    expect(Array.from(weighted.q.subarray(0, 4))).toEqual([1, 1.5, 1, 0]);
  });

  it('rejects ε together with a behaviour policy', () => {
    expect(() => new OffPolicyMonteCarloControl(bandit(), { epsilon: 0.2, behaviourPolicy: StochasticTabularPolicy.uniform(2, 2) })).toThrow(
      /OffPolicyMonteCarloControl\.epsilon must be left out when a behaviourPolicy is given/,
    );
  });
});
