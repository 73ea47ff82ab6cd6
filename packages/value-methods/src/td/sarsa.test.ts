import { CliffWalkingEnv, GridWorldEnv, windyGridWorld, type DiscreteModelEnv } from '@bellman/mdp-core';
import { describe, expect, it } from 'vitest';
import type { TabularControlAgent } from '../tabular-agent.js';
import { QLearning } from './q-learning.js';
import { Sarsa } from './sarsa.js';

/**
 * The states the greedy policy visits from `start` on the env's (deterministic) model, or null if
 * it falls off the cliff (reward −100) or has not reached a terminal state after `max` steps.
 */
function greedyPath(agent: TabularControlAgent, env: DiscreteModelEnv, start: number, max = 100): number[] | null {
  let s = start;
  const path = [s];
  for (let n = 0; n < max; n++) {
    const outcome = env.model.transitions(s, agent.predict(s, { deterministic: true }))[0]!;
    if (outcome.reward === -100) return null;
    s = outcome.next;
    path.push(s);
    if (outcome.terminated) return path;
  }
  return null;
}

/** Cells of the path on the row right above the cliff (row 2, columns 1–10). */
const edgeCells = (path: number[]) => path.filter((s) => Math.floor(s / 12) === 2 && s % 12 >= 1 && s % 12 <= 10).length;

describe('Sarsa on Cliff Walking (S&B Example 6.6, α = 0.5, ε = 0.1)', () => {
  it('prefers the safe path away from the cliff, unlike Q-learning, and earns more per episode while exploring', () => {
    let sarsaOnline = 0;
    let qOnline = 0;
    let safeTotal = 0;
    for (let seed = 0; seed < 10; seed++) {
      const env = new CliffWalkingEnv();
      const sarsa = new Sarsa(env, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      // Constant α = 0.5 keeps Q noisy, so the greedy path is read after each of the last 100 of
      // 500 episodes: it must mostly be a safe one (at most one cell on the row along the cliff, where a path
      // that goes round comes down next to the goal), and never the 13-step edge path.
      let safe = 0;
      let edge = 0;
      let none = 0;
      const curve = sarsa.learn({
        episodes: 500,
        onEpisode: ({ episode }) => {
          if (episode <= 400) return;
          const path = greedyPath(sarsa, env, 36);
          if (path === null) {
            none++;
            return;
          }
          expect(path.length - 1).toBeGreaterThan(13); // never the edge path
          if (edgeCells(path) <= 1) safe++;
          else edge++;
        },
      });
      expect(safe).toBeGreaterThanOrEqual(40);
      expect(safe).toBeGreaterThan(2 * edge);
      expect(none).toBeLessThan(50); // constant-α noise sometimes leaves a loop in the greedy policy
      safeTotal += safe;
      sarsaOnline += curve.return.slice(-100).reduce((a, b) => a + b, 0) / 100;

      const q = new QLearning(new CliffWalkingEnv(), { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      qOnline += q.learn({ episodes: 500 }).return.slice(-100).reduce((a, b) => a + b, 0) / 100;
    }
    expect(safeTotal / 1000).toBeGreaterThan(0.7);
    // Figure 6.4: SARSA about −25 per episode, Q-learning about −50 (it falls off while exploring).
    expect(sarsaOnline / 10).toBeGreaterThan(-35);
    expect(qOnline / 10).toBeLessThan(-40);
  });
});

describe('Sarsa on the Windy Gridworld (S&B Example 6.5, α = 0.5, ε = 0.1, γ = 1)', () => {
  it('finds the 15-step path within the 170 episodes of Figure 6.3 (about 8000 steps)', () => {
    let steps = 0;
    for (let seed = 0; seed < 10; seed++) {
      const env = new GridWorldEnv(windyGridWorld());
      const sarsa = new Sarsa(env, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed });
      let found = 0;
      let shortest = Infinity;
      sarsa.learn({
        episodes: 170,
        onEpisode: ({ episode }) => {
          const path = greedyPath(sarsa, env, 30);
          if (path === null) return;
          shortest = Math.min(shortest, path.length - 1);
          if (path.length - 1 === 15 && found === 0) found = episode;
        },
      });
      expect(shortest).toBe(15); // nothing shorter exists, and it gets there
      expect(found).toBeGreaterThan(0);
      steps += sarsa.totalSteps;
    }
    const mean = steps / 10;
    expect(mean).toBeGreaterThan(7000);
    expect(mean).toBeLessThan(9500);
  });

  it('its greedy path settles on 15 steps once ε and α are annealed (schedules)', () => {
    const env = new GridWorldEnv(windyGridWorld());
    const sarsa = new Sarsa(env, {
      alpha: 0.5,
      epsilon: { type: 'linear', start: 0.1, end: 0, duration: 200 },
      gamma: 1,
      seed: 1,
    });
    sarsa.learn({ episodes: 250 });
    expect(greedyPath(sarsa, env, 30)?.length).toBe(16);
  });
});
