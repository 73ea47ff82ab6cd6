import { describe, expect, it } from 'vitest';
import { RandomWalkAction, randomWalkEnv, randomWalkMDP, randomWalkStates, randomWalkTrueValues } from './random-walk.js';

describe('random walk (S&B Example 6.2 / 7.1)', () => {
  it('has 5 states between two terminal ends, starts in C and pays 1 on the right', () => {
    const mdp = randomWalkMDP();
    expect([mdp.nS, mdp.nA]).toEqual([7, 2]);
    expect(Array.from(mdp.initialStateDistribution!)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(mdp.transitions(3, RandomWalkAction.LEFT)).toEqual([{ p: 1, next: 2, reward: 0, terminated: false }]);
    expect(mdp.transitions(5, RandomWalkAction.RIGHT)).toEqual([{ p: 1, next: 6, reward: 1, terminated: true }]);
    expect(mdp.transitions(1, RandomWalkAction.LEFT)).toEqual([{ p: 1, next: 0, reward: 0, terminated: true }]);
    expect(mdp.transitions(0, 0)).toEqual([{ p: 1, next: 0, reward: 0, terminated: true }]);
    expect(Array.from(randomWalkTrueValues())).toEqual([0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 0]);
    expect(Array.from(randomWalkStates())).toEqual([1, 2, 3, 4, 5]);
  });

  it('builds the 19-state walk of Example 7.1 with −1 on the left', () => {
    const mdp = randomWalkMDP({ states: 19, leftReward: -1 });
    expect(mdp.nS).toBe(21);
    expect(mdp.initialStateDistribution![10]).toBe(1);
    expect(mdp.transitions(1, RandomWalkAction.LEFT)[0]!.reward).toBe(-1);
    const v = randomWalkTrueValues({ states: 19, leftReward: -1 });
    expect(v[1]).toBeCloseTo(-0.9, 15);
    expect(v[10]).toBeCloseTo(0, 15);
    expect(v[19]).toBeCloseTo(0.9, 15);
  });

  it('true values match a simulation of the uniformly random walk', () => {
    const env = randomWalkEnv();
    const rng = env.rng;
    env.reset({ seed: 0 });
    let rightExits = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      env.reset();
      for (;;) {
        const r = env.step(rng.integer(2));
        if (r.terminated) {
          rightExits += r.reward;
          break;
        }
      }
    }
    expect(Math.abs(rightExits / n - 0.5)).toBeLessThan(0.015); // v(C) = 1/2
  });

  it('rejects an even number of states', () => {
    expect(() => randomWalkMDP({ states: 4 })).toThrow(/randomWalk options\.states must be an odd integer >= 1/);
    expect(() => randomWalkMDP({ size: 5 } as never)).toThrow(/randomWalk options\.size/);
  });
});
