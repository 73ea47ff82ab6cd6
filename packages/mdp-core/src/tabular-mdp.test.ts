import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { TabularMDP, TabularMDPBuilder, type TabularMDPData } from './tabular-mdp.js';

/** Two states, two actions: state 1 is absorbing and terminal. */
const SMALL_TABLE: [number, number, number, boolean][][][] = [
  [
    [
      [0.25, 0, 0, false],
      [0.75, 1, 1, true],
    ],
    [[1, 0, -1, false]],
  ],
  [[[1, 1, 0, true]], [[1, 1, 0, true]]],
];

function smallCSR(): TabularMDPData {
  return {
    nS: 2,
    nA: 2,
    rowPtr: Int32Array.of(0, 2, 3, 4, 5),
    prob: Float64Array.of(0.25, 0.75, 1, 1, 1),
    next: Int32Array.of(0, 1, 0, 1, 1),
    reward: Float64Array.of(0, 1, -1, 0, 0),
    terminated: Uint8Array.of(0, 1, 0, 1, 1),
  };
}

describe('TabularMDP.fromTable / toTable', () => {
  it('stores a Gymnasium table in CSR order (row = s * nA + a)', () => {
    const mdp = TabularMDP.fromTable(SMALL_TABLE);
    expect(mdp.nS).toBe(2);
    expect(mdp.nA).toBe(2);
    expect(Array.from(mdp.rowPtr)).toEqual([0, 2, 3, 4, 5]);
    expect(Array.from(mdp.prob)).toEqual([0.25, 0.75, 1, 1, 1]);
    expect(Array.from(mdp.next)).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(mdp.reward)).toEqual([0, 1, -1, 0, 0]);
    expect(Array.from(mdp.terminated)).toEqual([0, 1, 0, 1, 1]);
    expect(mdp.numTransitions).toBe(5);
    expect(mdp.gamma).toBeUndefined();
    expect(mdp.initialStateDistribution).toBeUndefined();
  });

  it('round-trips arrays exactly', () => {
    expect(TabularMDP.fromTable(SMALL_TABLE).toTable()).toEqual(SMALL_TABLE);
  });

  it('accepts objects keyed by string indices (JSON dumps of Python dicts) and 0/1 terminated flags', () => {
    const P = {
      '0': { '0': [[0.25, 0, 0, 0], [0.75, 1, 1, 1]], '1': [[1, 0, -1, false]] },
      '1': { '1': [[1, 1, 0, true]], '0': [[1, 1, 0, true]] },
    };
    expect(TabularMDP.fromTable(P).toTable()).toEqual(SMALL_TABLE);
  });

  it('accepts outcome objects { p, next, reward, terminated }', () => {
    const P = [[[{ p: 1, next: 0, reward: 2, terminated: false }]]];
    expect(TabularMDP.fromTable(P).transitions(0, 0)).toEqual([{ p: 1, next: 0, reward: 2, terminated: false }]);
  });

  it('keeps gamma and the initial state distribution', () => {
    const mdp = TabularMDP.fromTable(SMALL_TABLE, { gamma: 0.9, initialStateDistribution: [0.5, 0.5], nS: 2, nA: 2 });
    expect(mdp.gamma).toBe(0.9);
    expect(Array.from(mdp.initialStateDistribution!)).toEqual([0.5, 0.5]);
  });

  it('keeps duplicate outcomes and their order', () => {
    const P = [[[[0.5, 0, 0, false], [0.5, 0, 0, false]]]];
    expect(TabularMDP.fromTable(P).toTable()).toEqual(P);
  });
});

describe('TabularMDP accessors', () => {
  const mdp = TabularMDP.fromCSR(smallCSR());

  it('transitions(s, a) lists the outcomes of a row', () => {
    expect(mdp.transitions(0, 0)).toEqual([
      { p: 0.25, next: 0, reward: 0, terminated: false },
      { p: 0.75, next: 1, reward: 1, terminated: true },
    ]);
    expect(mdp.transitions(1, 1)).toEqual([{ p: 1, next: 1, reward: 0, terminated: true }]);
  });

  it('expectedReward(s, a) is Σ p·r', () => {
    expect(mdp.expectedReward(0, 0)).toBeCloseTo(0.75, 15);
    expect(mdp.expectedReward(0, 1)).toBe(-1);
  });

  it('rejects states and actions out of range', () => {
    expect(() => mdp.transitions(2, 0)).toThrow(/state must be an integer in \[0, 1\]/);
    expect(() => mdp.expectedReward(0, -1)).toThrow(/action must be an integer in \[0, 1\]/);
  });
});

describe('TabularMDP validation', () => {
  const bad = (patch: Partial<TabularMDPData>): (() => TabularMDP) => () => TabularMDP.fromCSR({ ...smallCSR(), ...patch });

  it('accepts a valid model (sums within 1e-9)', () => {
    expect(() => bad({ prob: Float64Array.of(0.25, 0.75 + 5e-10, 1, 1, 1) })()).not.toThrow();
  });

  it('names the row whose probabilities do not sum to 1', () => {
    expect(bad({ prob: Float64Array.of(0.25, 0.7, 1, 1, 1) })).toThrow(/prob \(state 0, action 0, entries 0\.\.1\) must be probabilities summing to 1/);
    expect(bad({ prob: Float64Array.of(0.25, 0.75 + 2e-9, 1, 1, 1) })).toThrow(InvalidArgumentError);
  });

  it('rejects negative and non-finite probabilities', () => {
    expect(bad({ prob: Float64Array.of(1.25, -0.25, 1, 1, 1) })).toThrow(/prob\[1\] \(state 0, action 0\) must be a finite number >= 0; got -0.25/);
    expect(bad({ prob: Float64Array.of(NaN, 1, 1, 1, 1) })).toThrow(/prob\[0\]/);
  });

  it('rejects next states outside [0, nS)', () => {
    expect(bad({ next: Int32Array.of(0, 2, 0, 1, 1) })).toThrow(/next\[1\] \(state 0, action 0\) must be a state in \[0, 2\); got 2/);
    expect(bad({ next: Int32Array.of(0, 1, -1, 1, 1) })).toThrow(/next\[2\]/);
  });

  it('rejects non-positive sizes', () => {
    expect(bad({ nS: 0 })).toThrow(/nS must be an integer in \[1, /);
    expect(bad({ nA: 1.5 })).toThrow(/nA must be/);
  });

  it('checks the CSR shape', () => {
    expect(bad({ rowPtr: Int32Array.of(0, 2, 3, 5) })).toThrow(/rowPtr must be an Int32Array of length nS \* nA \+ 1 = 5/);
    expect(bad({ rowPtr: Int32Array.of(1, 2, 3, 4, 5) })).toThrow(/rowPtr\[0\] must be 0/);
    expect(bad({ rowPtr: Int32Array.of(0, 3, 2, 4, 5) })).toThrow(/rowPtr\[2\] must be >= rowPtr\[1\]/);
    expect(bad({ reward: Float64Array.of(0, 1, -1, 0) })).toThrow(/reward must be of length rowPtr\[nS \* nA\] = 5/);
    expect(bad({ next: Float64Array.of(0, 1, 0, 1, 1) as unknown as Int32Array })).toThrow(/next must be an Int32Array/);
    expect(bad({ terminated: Uint8Array.of(0, 2, 0, 1, 1) })).toThrow(/terminated\[1\]/);
    expect(bad({ reward: Float64Array.of(0, Infinity, -1, 0, 0) })).toThrow(/reward\[1\]/);
  });

  it('rejects empty rows', () => {
    expect(bad({ rowPtr: Int32Array.of(0, 2, 2, 4, 5), prob: Float64Array.of(0.25, 0.75, 1, 1, 1) })).toThrow(/state 0, action 1.*no outcomes/);
  });

  it('checks gamma and the initial distribution', () => {
    expect(bad({ gamma: 1.5 })).toThrow(/gamma must be a finite number in \[0, 1\]/);
    expect(bad({ initialStateDistribution: Float64Array.of(1) })).toThrow(/initialStateDistribution must be of length 2/);
    expect(bad({ initialStateDistribution: Float64Array.of(0.5, 0.6) })).toThrow(/initialStateDistribution must be probabilities summing to 1/);
    expect(bad({ initialStateDistribution: Float64Array.of(1.5, -0.5) })).toThrow(/initialStateDistribution\[1\]/);
  });

  it('rejects unknown keys', () => {
    expect(() => TabularMDP.fromCSR({ ...smallCSR(), nStates: 2 } as TabularMDPData)).toThrow(/TabularMDP data.nStates/);
  });

  it('fromTable names the bad entry', () => {
    expect(() => TabularMDP.fromTable([[[[1, 3, 0, false]]]])).toThrow(/P\[0\]\[0\]\[0\] next state must be an integer in \[0, 0\]; got 3/);
    expect(() => TabularMDP.fromTable([[[[-1, 0, 0, false]]]])).toThrow(/P\[0\]\[0\]\[0\] probability must be a finite number >= 0/);
    expect(() => TabularMDP.fromTable([[[[0.5, 0, 0, false]]]])).toThrow(/state 0, action 0.*sum 0.5/);
    expect(() => TabularMDP.fromTable([[[[1, 0, 0, 'yes']]]] as never)).toThrow(/P\[0\]\[0\]\[0\] terminated must be a boolean/);
    expect(() => TabularMDP.fromTable([[[[1, 0, 0]]]] as never)).toThrow(/P\[0\]\[0\]\[0\] must be an outcome/);
    expect(() => TabularMDP.fromTable([])).toThrow(/P must be a non-empty table/);
    expect(() => TabularMDP.fromTable([[[[1, 0, 0, false]]], [[[1, 0, 0, false]], [[1, 0, 0, false]]]])).toThrow(/P\[1\] must be 1 actions \(like P\[0\]\)/);
    expect(() => TabularMDP.fromTable({ '0': [[[1, 0, 0, false]]], '2': [[[1, 0, 0, false]]] })).toThrow(/P keys must be the indices "0" … "1"; got "2"/);
    expect(() => TabularMDP.fromTable(SMALL_TABLE, { nS: 3 })).toThrow(/options.nS must be equal to the number of states in P \(2\)/);
    expect(() => TabularMDP.fromTable(SMALL_TABLE, { nA: 1 })).toThrow(/options.nA/);
  });
});

describe('TabularMDPBuilder', () => {
  it('builds the same model as fromTable, growing past its capacity', () => {
    const b = new TabularMDPBuilder(2, 2, { capacity: 1 });
    b.add(0, 0, 0.25, 0, 0, false).add(0, 0, 0.75, 1, 1, true).add(0, 1, 1, 0, -1, false);
    b.add(1, 0, 1, 1, 0, true).add(1, 1, 1, 1, 0, true);
    expect(b.length).toBe(5);
    const mdp = b.build({ gamma: 0.5 });
    expect(mdp.toTable()).toEqual(SMALL_TABLE);
    expect(mdp.prob.length).toBe(5);
    expect(mdp.gamma).toBe(0.5);
  });

  it('requires rows in (state, action) order', () => {
    const b = new TabularMDPBuilder(2, 2);
    b.add(1, 0, 1, 1, 0, true);
    expect(() => b.add(0, 1, 1, 0, 0, false)).toThrow(/added in \(state, action\) order/);
  });

  it('rejects bad indices as they come and empty rows at build', () => {
    const b = new TabularMDPBuilder(2, 2);
    expect(() => b.add(2, 0, 1, 0, 0, false)).toThrow(/state must be an integer in \[0, 2\)/);
    expect(() => b.add(0, 2, 1, 0, 0, false)).toThrow(/action must be an integer in \[0, 2\)/);
    expect(() => b.add(0, 0, 1, 5, 0, false)).toThrow(/next state of \(state 0, action 0\)/);
    b.add(0, 0, 1, 0, 0, false);
    expect(() => b.build()).toThrow(/state 0, action 1.*no outcomes/);
  });

  it('cannot be reused after build', () => {
    const b = new TabularMDPBuilder(1, 1);
    b.add(0, 0, 1, 0, 0, true);
    b.build();
    expect(() => b.add(0, 0, 1, 0, 0, true)).toThrow(/after build/);
    expect(() => b.build()).toThrow(/twice/);
  });
});
