// Every toy-text transition model against the tables recorded from Gymnasium 0.29.1
// (../shared/fixtures/gymnasium/*.table.json): same states, actions, outcome order,
// next states, rewards and termination flags; probabilities within 1e-12.
import { describe, expect, it } from 'vitest';
import { loadGymnasiumFixture } from '../../../test/fixtures.js';
import { TabularMDP, type GymnasiumTransition } from '../../tabular-mdp.js';
import { CliffWalkingEnv } from './cliff-walking.js';
import type { DiscreteModelEnv } from './discrete-model-env.js';
import { FrozenLakeEnv } from './frozen-lake.js';
import { TaxiEnv } from './taxi.js';

interface TableFixture {
  env: string;
  kwargs: Record<string, unknown>;
  nS: number;
  nA: number;
  P: Record<string, Record<string, [number, number, number, boolean][]>>;
}

function expectSameTable(ours: GymnasiumTransition[][], fixture: TableFixture): void {
  expect(ours.length).toBe(fixture.nS);
  expect(Object.keys(fixture.P).length).toBe(fixture.nS);
  let outcomes = 0;
  for (let s = 0; s < fixture.nS; s++) {
    const theirs = fixture.P[String(s)]!;
    expect(ours[s]!.length, `actions of state ${s}`).toBe(fixture.nA);
    for (let a = 0; a < fixture.nA; a++) {
      const expected = theirs[String(a)]!;
      const actual = ours[s]![a] as unknown as GymnasiumTransition[];
      expect(actual.length, `outcomes of (${s}, ${a})`).toBe(expected.length);
      expected.forEach(([p, next, reward, terminated], i) => {
        const [ap, anext, areward, aterminated] = actual[i]!;
        expect(Math.abs(ap - p), `p of (${s}, ${a})[${i}]`).toBeLessThanOrEqual(1e-12);
        expect([anext, areward, aterminated], `(${s}, ${a})[${i}]`).toEqual([next, reward, terminated]);
        outcomes++;
      });
    }
  }
  expect(outcomes).toBeGreaterThan(0);
}

const cases: [file: string, make: () => DiscreteModelEnv][] = [
  ['FrozenLake-v1.table.json', () => new FrozenLakeEnv()],
  ['FrozenLake-v1-not-slippery.table.json', () => new FrozenLakeEnv({ isSlippery: false })],
  ['FrozenLake8x8-v1.table.json', () => new FrozenLakeEnv({ mapName: '8x8' })],
  ['CliffWalking-v0.table.json', () => new CliffWalkingEnv()],
  ['Taxi-v3.table.json', () => new TaxiEnv()],
];

describe('toy-text transition models match Gymnasium 0.29.1 exactly', () => {
  for (const [file, make] of cases) {
    it(file, () => {
      const fixture = loadGymnasiumFixture<TableFixture>(file);
      const env = make();
      expect(env.model.nS).toBe(fixture.nS);
      expect(env.model.nA).toBe(fixture.nA);
      expectSameTable(env.model.toTable() as unknown as GymnasiumTransition[][], fixture);
    });

    it(`${file} loads through TabularMDP.fromTable and round-trips`, () => {
      const fixture = loadGymnasiumFixture<TableFixture>(file);
      const mdp = TabularMDP.fromTable(fixture.P, { nS: fixture.nS, nA: fixture.nA });
      expectSameTable(mdp.toTable() as unknown as GymnasiumTransition[][], fixture);
      const ours = make().model;
      expect(Array.from(mdp.rowPtr)).toEqual(Array.from(ours.rowPtr));
      expect(Array.from(mdp.next)).toEqual(Array.from(ours.next));
    });
  }
});
