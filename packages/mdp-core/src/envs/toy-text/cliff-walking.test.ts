import { describe, expect, it } from 'vitest';
import { CliffWalkingAction, CliffWalkingEnv } from './cliff-walking.js';

describe('CliffWalkingEnv', () => {
  const { UP, RIGHT, DOWN } = CliffWalkingAction;

  it('starts at (3, 0) = 36 with 48 states and 4 actions', () => {
    const env = new CliffWalkingEnv();
    expect(env.observationSpace.n).toBe(48);
    expect(env.actionSpace.n).toBe(4);
    for (let seed = 0; seed < 5; seed++) expect(env.reset({ seed }).observation).toBe(36);
  });

  it('stepping into the cliff costs −100 and returns to the start without terminating', () => {
    const env = new CliffWalkingEnv();
    env.reset({ seed: 0 });
    expect(env.step(RIGHT)).toEqual({ observation: 36, reward: -100, terminated: false, truncated: false, info: { prob: 1 } });
  });

  it('the safe path along the top reaches the goal with return −17', () => {
    const env = new CliffWalkingEnv();
    env.reset({ seed: 0 });
    const actions = [UP, UP, UP, ...Array<number>(11).fill(RIGHT), DOWN, DOWN, DOWN];
    let total = 0;
    let last = env.step(actions[0]!);
    total += last.reward;
    for (const a of actions.slice(1)) {
      expect(last.terminated).toBe(false);
      last = env.step(a);
      total += last.reward;
    }
    expect(last.observation).toBe(47);
    expect(last.terminated).toBe(true);
    expect(total).toBe(-17);
  });

  it('the optimal path just above the cliff has return −13', () => {
    const env = new CliffWalkingEnv();
    env.reset({ seed: 0 });
    let total = env.step(UP).reward;
    for (let i = 0; i < 11; i++) total += env.step(RIGHT).reward;
    const last = env.step(DOWN);
    expect(last).toMatchObject({ observation: 47, terminated: true });
    expect(total + last.reward).toBe(-13);
  });

  it('rejects options', () => {
    expect(() => new CliffWalkingEnv({ shape: [4, 12] } as never)).toThrow(/CliffWalking options\.shape/);
  });
});
