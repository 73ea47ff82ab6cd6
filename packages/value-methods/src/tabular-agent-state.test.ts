import { describe, expect, it } from 'vitest';
import { make, restoreEnvState, snapshotEnvState } from '@bellman/mdp-core';
import { QLearning } from './td/q-learning.js';

describe('TabularAgent getState / setState', () => {
  it('an agent restored between episodes (with its Q table and env state) continues exactly', () => {
    const build = () => new QLearning(make('FrozenLake-v1'), { seed: 4, alpha: 0.2, epsilon: 0.2 });
    const whole = build();
    whole.learn({ episodes: 300 });

    const first = build();
    first.learn({ episodes: 120 });
    const saved = JSON.parse(JSON.stringify({ agent: first.getState(), q: Array.from(first.q), env: snapshotEnvState(first.env) })) as {
      agent: ReturnType<QLearning['getState']>;
      q: number[];
      env: ReturnType<typeof snapshotEnvState>;
    };
    const resumed = build();
    resumed.q.set(saved.q);
    resumed.setState(saved.agent);
    restoreEnvState(resumed.env, saved.env);
    resumed.learn({ episodes: 180 });

    expect(resumed.episodes).toBe(300);
    expect(resumed.totalSteps).toBe(whole.totalSteps);
    expect(Array.from(resumed.q)).toEqual(Array.from(whole.q));
  });

  it('rejects malformed state, naming the field', () => {
    const agent = new QLearning(make('FrozenLake-v1'), { seed: 1 });
    expect(() => agent.setState({ ...agent.getState(), steps: -1 })).toThrow(/state.steps/);
    expect(() => agent.setState({ ...agent.getState(), extra: 1 } as never)).toThrow(/extra/);
  });
});
