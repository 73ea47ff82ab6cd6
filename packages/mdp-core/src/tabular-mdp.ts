import { BellmanError, InvalidArgumentError, assertInteger, assertKnownKeys, assertNumber } from './errors.js';

/**
 * Finite Markov decision processes stored in compressed sparse row (CSR) form.
 *
 * The outcomes of every (state, action) pair form one row; rows are laid out in the order
 * `row = s * nA + a`, and the outcomes of row `r` occupy indices `rowPtr[r] .. rowPtr[r + 1] − 1`
 * of the parallel arrays `prob`, `next`, `reward` and `terminated`. There is no per-state object,
 * so a million-state gridworld fits in a few flat typed arrays and value iteration runs over them
 * without allocation.
 */

/** One outcome of taking an action in a state (the slow, readable view of a CSR entry). */
export interface Transition {
  /** Probability of this outcome. */
  readonly p: number;
  /** Next state index. */
  readonly next: number;
  /** Reward received on this transition. */
  readonly reward: number;
  /** Whether the episode ends with this transition (no bootstrapping past it). */
  readonly terminated: boolean;
}

/** Gymnasium's outcome tuple `(probability, next_state, reward, terminated)`. */
export type GymnasiumTransition = [p: number, next: number, reward: number, terminated: boolean];

/**
 * Gymnasium's transition table `P[s][a] = [[p, next, reward, terminated], …]`, as arrays or as
 * objects keyed by string indices `"0"`, `"1"`, … (the shape of a Python dict dumped to JSON).
 * Outcomes may also be given as `{ p, next, reward, terminated }` objects.
 */
export type GymnasiumTable =
  | ReadonlyArray<GymnasiumStateTable>
  | Readonly<Record<string, GymnasiumStateTable>>;

/** The per-state part of a {@link GymnasiumTable}: `P[s][a]` is a list of outcomes. */
export type GymnasiumStateTable =
  | ReadonlyArray<ReadonlyArray<GymnasiumOutcome>>
  | Readonly<Record<string, ReadonlyArray<GymnasiumOutcome>>>;

/**
 * One outcome in a {@link GymnasiumTable}: a tuple `[p, next, reward, terminated]` (terminated may
 * be 0/1; plain `(number | boolean)[]` is accepted for untyped literals and checked at run time)
 * or a {@link Transition}-like object.
 */
export type GymnasiumOutcome =
  | readonly [p: number, next: number, reward: number, terminated: boolean | number]
  | ReadonlyArray<number | boolean>
  | { readonly p: number; readonly next: number; readonly reward: number; readonly terminated: boolean | number };

/** Options shared by {@link TabularMDP.fromTable} and {@link TabularMDPBuilder.build}. */
export interface TabularMDPOptions {
  /** Discount factor in [0, 1] (kept with the model for convenience; algorithms may override it). */
  gamma?: number | undefined;
  /** Start-state distribution (length nS, non-negative, summing to 1 within 1e-9). */
  initialStateDistribution?: Float64Array | readonly number[] | undefined;
}

/** The raw CSR arrays of a {@link TabularMDP} (see the module comment for the layout). */
export interface TabularMDPData {
  /** Number of states (positive integer). */
  nS: number;
  /** Number of actions (positive integer). */
  nA: number;
  /** Row offsets, length `nS * nA + 1`, starting at 0 and non-decreasing. */
  rowPtr: Int32Array;
  /** Outcome probabilities (non-negative; each row sums to 1 within 1e-9). */
  prob: Float64Array;
  /** Next states, each in [0, nS). */
  next: Int32Array;
  /** Rewards (finite). */
  reward: Float64Array;
  /** 1 when the outcome ends the episode, else 0. */
  terminated: Uint8Array;
  /** Discount factor in [0, 1]. */
  gamma?: number | undefined;
  /** Start-state distribution (length nS). */
  initialStateDistribution?: Float64Array | undefined;
}

/** Tolerance on the sum of each probability row (and of the initial distribution). */
export const PROBABILITY_SUM_TOLERANCE = 1e-9;

const MAX_INT32 = 2147483647;

/**
 * A finite MDP in CSR form: `nS` states, `nA` actions, and for every (s, a) a list of outcomes
 * `(prob, next, reward, terminated)` stored in flat typed arrays.
 *
 * Build it with {@link TabularMDP.fromTable} (Gymnasium's `P`), {@link TabularMDP.fromCSR}
 * (ready-made typed arrays) or a {@link TabularMDPBuilder} (streaming construction of huge
 * models). Every constructor validates the model and throws {@link InvalidArgumentError}
 * naming the offending field.
 *
 * @example
 * ```ts
 * const mdp = TabularMDP.fromTable([[[[1, 0, 0, true]]]]); // one absorbing state, one action
 * mdp.transitions(0, 0); // [{ p: 1, next: 0, reward: 0, terminated: true }]
 * ```
 */
export class TabularMDP {
  /** Number of states. */
  readonly nS: number;
  /** Number of actions. */
  readonly nA: number;
  /** Discount factor, when the model carries one. */
  readonly gamma: number | undefined;
  /** Row offsets (length `nS * nA + 1`): outcomes of (s, a) are at `rowPtr[s*nA+a] .. rowPtr[s*nA+a+1] − 1`. */
  readonly rowPtr: Int32Array;
  /** Outcome probabilities. */
  readonly prob: Float64Array;
  /** Outcome next states. */
  readonly next: Int32Array;
  /** Outcome rewards. */
  readonly reward: Float64Array;
  /** Outcome termination flags (1 = terminated). */
  readonly terminated: Uint8Array;
  /** Start-state distribution (length nS), when the model carries one. */
  readonly initialStateDistribution: Float64Array | undefined;

  /**
   * Wraps CSR arrays after validating them (the arrays are used as given, not copied).
   * Same as {@link TabularMDP.fromCSR}.
   */
  constructor(data: TabularMDPData) {
    if (data === null || typeof data !== 'object') {
      throw new InvalidArgumentError('TabularMDP data', 'an object { nS, nA, rowPtr, prob, next, reward, terminated }', data);
    }
    assertKnownKeys('TabularMDP data', data, [
      'nS',
      'nA',
      'rowPtr',
      'prob',
      'next',
      'reward',
      'terminated',
      'gamma',
      'initialStateDistribution',
    ]);
    const nS = assertInteger('nS', data.nS, 1, MAX_INT32);
    const nA = assertInteger('nA', data.nA, 1, MAX_INT32);
    const nRows = nS * nA;
    if (nRows + 1 > MAX_INT32) {
      throw new InvalidArgumentError('nS * nA', `at most ${MAX_INT32 - 1} (Int32 row offsets)`, nRows);
    }
    const rowPtr = expectArray('rowPtr', data.rowPtr, Int32Array, 'an Int32Array');
    const prob = expectArray('prob', data.prob, Float64Array, 'a Float64Array');
    const next = expectArray('next', data.next, Int32Array, 'an Int32Array');
    const reward = expectArray('reward', data.reward, Float64Array, 'a Float64Array');
    const terminated = expectArray('terminated', data.terminated, Uint8Array, 'a Uint8Array');

    if (rowPtr.length !== nRows + 1) {
      throw new InvalidArgumentError('rowPtr', `an Int32Array of length nS * nA + 1 = ${nRows + 1}`, `length ${rowPtr.length}`);
    }
    if (rowPtr[0] !== 0) throw new InvalidArgumentError('rowPtr[0]', '0', rowPtr[0]);
    const nnz = rowPtr[nRows]!;
    for (const [field, arr] of [
      ['prob', prob],
      ['next', next],
      ['reward', reward],
      ['terminated', terminated],
    ] as const) {
      if (arr.length !== nnz) {
        throw new InvalidArgumentError(field, `of length rowPtr[nS * nA] = ${nnz}`, `length ${arr.length}`);
      }
    }

    for (let r = 0; r < nRows; r++) {
      if (rowPtr[r + 1]! < rowPtr[r]!) {
        throw new InvalidArgumentError(`rowPtr[${r + 1}]`, `>= rowPtr[${r}] = ${rowPtr[r]} (non-decreasing)`, rowPtr[r + 1]);
      }
    }
    for (let r = 0; r < nRows; r++) {
      const start = rowPtr[r]!;
      const end = rowPtr[r + 1]!;
      let sum = 0;
      for (let i = start; i < end; i++) {
        const p = prob[i]!;
        if (!(p >= 0) || p === Infinity) {
          throw new InvalidArgumentError(`prob[${i}] (state ${Math.floor(r / nA)}, action ${r % nA})`, 'a finite number >= 0', p);
        }
        sum += p;
        const n = next[i]!;
        if (n < 0 || n >= nS) {
          throw new InvalidArgumentError(`next[${i}] (state ${Math.floor(r / nA)}, action ${r % nA})`, `a state in [0, ${nS})`, n);
        }
        if (!Number.isFinite(reward[i]!)) {
          throw new InvalidArgumentError(`reward[${i}] (state ${Math.floor(r / nA)}, action ${r % nA})`, 'a finite number', reward[i]);
        }
        if (terminated[i]! > 1) {
          throw new InvalidArgumentError(`terminated[${i}] (state ${Math.floor(r / nA)}, action ${r % nA})`, '0 or 1', terminated[i]);
        }
      }
      if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
        throw new InvalidArgumentError(
          `prob (state ${Math.floor(r / nA)}, action ${r % nA}, entries ${start}..${end - 1})`,
          `probabilities summing to 1 within ${PROBABILITY_SUM_TOLERANCE}`,
          end === start ? 'no outcomes' : `sum ${sum}`,
        );
      }
    }

    let gamma: number | undefined;
    if (data.gamma !== undefined) gamma = assertNumber('gamma', data.gamma, 0, 1);
    let initial: Float64Array | undefined;
    if (data.initialStateDistribution !== undefined) {
      initial = validateDistribution('initialStateDistribution', data.initialStateDistribution, nS);
    }

    this.nS = nS;
    this.nA = nA;
    this.gamma = gamma;
    this.rowPtr = rowPtr;
    this.prob = prob;
    this.next = next;
    this.reward = reward;
    this.terminated = terminated;
    this.initialStateDistribution = initial;
  }

  /** Validates and wraps ready-made CSR typed arrays (not copied). */
  static fromCSR(data: TabularMDPData): TabularMDP {
    return new TabularMDP(data);
  }

  /**
   * Builds a model from Gymnasium's transition table `P[s][a] = [[p, next, reward, terminated], …]`
   * (arrays or objects keyed `"0"`, `"1"`, …, as in JSON dumps of `env.unwrapped.P`). Outcome
   * order is preserved. `nS` and `nA` are inferred from the table; when given they must match.
   */
  static fromTable(
    P: GymnasiumTable,
    options: { nS?: number | undefined; nA?: number | undefined } & TabularMDPOptions = {},
  ): TabularMDP {
    assertKnownKeys('fromTable options', options, ['nS', 'nA', 'gamma', 'initialStateDistribution']);
    const states = indexedEntries<GymnasiumStateTable>('P', P);
    const nS = states.length;
    if (nS === 0) throw new InvalidArgumentError('P', 'a non-empty table P[s][a]', P);
    if (options.nS !== undefined && assertInteger('options.nS', options.nS, 1) !== nS) {
      throw new InvalidArgumentError('options.nS', `equal to the number of states in P (${nS})`, options.nS);
    }
    const perState = states.map((row, s) => indexedEntries<ReadonlyArray<GymnasiumOutcome>>(`P[${s}]`, row));
    const nA = perState[0]!.length;
    if (nA === 0) throw new InvalidArgumentError('P[0]', 'a non-empty list of actions', states[0]);
    if (options.nA !== undefined && assertInteger('options.nA', options.nA, 1) !== nA) {
      throw new InvalidArgumentError('options.nA', `equal to the number of actions in P[0] (${nA})`, options.nA);
    }
    const builder = new TabularMDPBuilder(nS, nA);
    for (let s = 0; s < nS; s++) {
      const actions = perState[s]!;
      if (actions.length !== nA) {
        throw new InvalidArgumentError(`P[${s}]`, `${nA} actions (like P[0])`, `${actions.length} actions`);
      }
      for (let a = 0; a < nA; a++) {
        const outcomes = actions[a]!;
        if (!Array.isArray(outcomes)) {
          throw new InvalidArgumentError(`P[${s}][${a}]`, 'a list of outcomes [p, next, reward, terminated]', outcomes);
        }
        for (let i = 0; i < outcomes.length; i++) {
          const field = `P[${s}][${a}][${i}]`;
          const o = outcomes[i] as unknown;
          let p: unknown, nx: unknown, r: unknown, t: unknown;
          if (Array.isArray(o) && o.length === 4) {
            [p, nx, r, t] = o as unknown[];
          } else if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
            ({ p, next: nx, reward: r, terminated: t } = o as Record<string, unknown>);
          } else {
            throw new InvalidArgumentError(field, 'an outcome [p, next, reward, terminated]', o);
          }
          const pv = assertNumber(`${field} probability`, p, 0);
          const nv = assertInteger(`${field} next state`, nx, 0, nS - 1);
          const rv = assertNumber(`${field} reward`, r);
          if (t !== true && t !== false && t !== 0 && t !== 1) {
            throw new InvalidArgumentError(`${field} terminated`, 'a boolean (or 0/1)', t);
          }
          builder.add(s, a, pv, nv, rv, t === true || t === 1);
        }
      }
    }
    return builder.build({ gamma: options.gamma, initialStateDistribution: options.initialStateDistribution });
  }

  /** Total number of stored outcomes (the length of `prob`, `next`, `reward`, `terminated`). */
  get numTransitions(): number {
    return this.prob.length;
  }

  /** The outcomes of action `a` in state `s`, in storage order (allocates: use the CSR arrays in hot loops). */
  transitions(s: number, a: number): ReadonlyArray<Transition> {
    const row = this.rowIndex(s, a);
    const out: Transition[] = [];
    for (let i = this.rowPtr[row]!, end = this.rowPtr[row + 1]!; i < end; i++) {
      out.push({ p: this.prob[i]!, next: this.next[i]!, reward: this.reward[i]!, terminated: this.terminated[i] === 1 });
    }
    return out;
  }

  /** Expected immediate reward Σ p · r of action `a` in state `s`. */
  expectedReward(s: number, a: number): number {
    const row = this.rowIndex(s, a);
    let sum = 0;
    for (let i = this.rowPtr[row]!, end = this.rowPtr[row + 1]!; i < end; i++) sum += this.prob[i]! * this.reward[i]!;
    return sum;
  }

  /**
   * Gymnasium's table `P[s][a] = [[p, next, reward, terminated], …]` as nested arrays
   * (outcomes in storage order). Allocates one array per outcome: meant for small models.
   */
  toTable(): GymnasiumTransition[][][] {
    const { nS, nA, rowPtr, prob, next, reward, terminated } = this;
    const P: GymnasiumTransition[][][] = new Array<GymnasiumTransition[][]>(nS);
    for (let s = 0; s < nS; s++) {
      const actions: GymnasiumTransition[][] = new Array<GymnasiumTransition[]>(nA);
      for (let a = 0; a < nA; a++) {
        const row = s * nA + a;
        const outcomes: GymnasiumTransition[] = [];
        for (let i = rowPtr[row]!, end = rowPtr[row + 1]!; i < end; i++) {
          outcomes.push([prob[i]!, next[i]!, reward[i]!, terminated[i] === 1]);
        }
        actions[a] = outcomes;
      }
      P[s] = actions;
    }
    return P;
  }

  private rowIndex(s: number, a: number): number {
    assertInteger('state', s, 0, this.nS - 1);
    assertInteger('action', a, 0, this.nA - 1);
    return s * this.nA + a;
  }
}

/**
 * Streaming construction of a {@link TabularMDP}: add outcomes in (state, action) order, then
 * `build()`. Arrays grow by doubling; give `capacity` (the total number of outcomes) to allocate
 * once and avoid the final copy.
 *
 * @example
 * ```ts
 * const b = new TabularMDPBuilder(2, 1, { capacity: 3 });
 * b.add(0, 0, 0.5, 0, 0, false);
 * b.add(0, 0, 0.5, 1, 1, true);
 * b.add(1, 0, 1, 1, 0, true);
 * const mdp = b.build({ gamma: 0.9 });
 * ```
 */
export class TabularMDPBuilder {
  /** Number of states. */
  readonly nS: number;
  /** Number of actions. */
  readonly nA: number;
  private readonly rowPtr: Int32Array;
  private prob: Float64Array;
  private next: Int32Array;
  private reward: Float64Array;
  private terminated: Uint8Array;
  private size = 0;
  private openRow = 0;
  private built = false;

  /**
   * @param nS number of states (positive integer)
   * @param nA number of actions (positive integer)
   * @param options.capacity expected total number of outcomes (default `nS * nA`)
   */
  constructor(nS: number, nA: number, options: { capacity?: number } = {}) {
    assertKnownKeys('TabularMDPBuilder options', options, ['capacity']);
    this.nS = assertInteger('nS', nS, 1, MAX_INT32);
    this.nA = assertInteger('nA', nA, 1, MAX_INT32);
    if (nS * nA + 1 > MAX_INT32) {
      throw new InvalidArgumentError('nS * nA', `at most ${MAX_INT32 - 1} (Int32 row offsets)`, nS * nA);
    }
    const capacity = assertInteger('capacity', options.capacity ?? nS * nA, 0, MAX_INT32);
    this.rowPtr = new Int32Array(nS * nA + 1);
    this.prob = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.reward = new Float64Array(capacity);
    this.terminated = new Uint8Array(capacity);
  }

  /** Number of outcomes added so far. */
  get length(): number {
    return this.size;
  }

  /**
   * Appends one outcome of action `a` in state `s`. Rows must come in order of `s * nA + a`
   * (all outcomes of (0,0), then (0,1), …); outcomes of one row keep their order.
   */
  add(s: number, a: number, p: number, next: number, reward: number, terminated: boolean): this {
    if (this.built) throw new BellmanError('TabularMDPBuilder.add() called after build()');
    if (!Number.isInteger(s) || s < 0 || s >= this.nS) throw new InvalidArgumentError('state', `an integer in [0, ${this.nS})`, s);
    if (!Number.isInteger(a) || a < 0 || a >= this.nA) throw new InvalidArgumentError('action', `an integer in [0, ${this.nA})`, a);
    if (!Number.isInteger(next) || next < 0 || next >= this.nS) {
      throw new InvalidArgumentError(`next state of (state ${s}, action ${a})`, `an integer in [0, ${this.nS})`, next);
    }
    const row = s * this.nA + a;
    if (row < this.openRow) {
      throw new InvalidArgumentError(
        `outcome of (state ${s}, action ${a})`,
        `added in (state, action) order: rows before (state ${Math.floor(this.openRow / this.nA)}, action ${this.openRow % this.nA}) are closed`,
        row,
      );
    }
    while (this.openRow < row) this.rowPtr[++this.openRow] = this.size;
    if (this.size === this.prob.length) this.grow();
    const i = this.size++;
    this.prob[i] = p;
    this.next[i] = next;
    this.reward[i] = reward;
    this.terminated[i] = terminated ? 1 : 0;
    return this;
  }

  /** Closes the remaining rows, trims the arrays and returns the validated model. */
  build(options: TabularMDPOptions = {}): TabularMDP {
    if (this.built) throw new BellmanError('TabularMDPBuilder.build() called twice');
    assertKnownKeys('build options', options, ['gamma', 'initialStateDistribution']);
    this.built = true;
    const nRows = this.nS * this.nA;
    while (this.openRow < nRows) this.rowPtr[++this.openRow] = this.size;
    const n = this.size;
    const trim = <T extends Float64Array | Int32Array | Uint8Array>(arr: T): T => (arr.length === n ? arr : (arr.slice(0, n) as T));
    const data: TabularMDPData = {
      nS: this.nS,
      nA: this.nA,
      rowPtr: this.rowPtr,
      prob: trim(this.prob),
      next: trim(this.next),
      reward: trim(this.reward),
      terminated: trim(this.terminated),
    };
    if (options.gamma !== undefined) data.gamma = options.gamma;
    if (options.initialStateDistribution !== undefined) {
      data.initialStateDistribution = Float64Array.from(options.initialStateDistribution);
    }
    return new TabularMDP(data);
  }

  private grow(): void {
    const capacity = Math.min(MAX_INT32, Math.max(16, this.prob.length * 2));
    if (capacity === this.prob.length) throw new BellmanError('TabularMDPBuilder: more than 2^31 − 1 outcomes');
    const prob = new Float64Array(capacity);
    prob.set(this.prob);
    const next = new Int32Array(capacity);
    next.set(this.next);
    const reward = new Float64Array(capacity);
    reward.set(this.reward);
    const terminated = new Uint8Array(capacity);
    terminated.set(this.terminated);
    this.prob = prob;
    this.next = next;
    this.reward = reward;
    this.terminated = terminated;
  }
}

/** Checks a probability vector (length n, non-negative, sum 1 within tolerance) and returns it as a Float64Array. */
export function validateDistribution(field: string, dist: unknown, n: number): Float64Array {
  if (!(dist instanceof Float64Array) && !Array.isArray(dist)) {
    throw new InvalidArgumentError(field, `a Float64Array or number[] of length ${n}`, dist);
  }
  const arr = dist instanceof Float64Array ? dist : Float64Array.from(dist as unknown[], (v) => (typeof v === 'number' ? v : NaN));
  if (arr.length !== n) throw new InvalidArgumentError(field, `of length ${n}`, `length ${arr.length}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = arr[i]!;
    if (!(p >= 0) || p === Infinity) throw new InvalidArgumentError(`${field}[${i}]`, 'a finite number >= 0', (dist as ArrayLike<unknown>)[i]);
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new InvalidArgumentError(field, `probabilities summing to 1 within ${PROBABILITY_SUM_TOLERANCE}`, `sum ${sum}`);
  }
  return arr;
}

function expectArray<T>(field: string, value: unknown, ctor: new (n: number) => T, description: string): T {
  if (!(value instanceof ctor)) throw new InvalidArgumentError(field, description, value);
  return value;
}

/** Entries `0..n−1` of an array or of an object keyed by string indices, in index order. */
function indexedEntries<T>(field: string, value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value === null || typeof value !== 'object') {
    throw new InvalidArgumentError(field, 'an array or an object keyed by "0", "1", …', value);
  }
  const record = value as Record<string, T>;
  const keys = Object.keys(record);
  const out: T[] = new Array<T>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = String(i);
    if (!Object.prototype.hasOwnProperty.call(record, key)) {
      const bad = keys.find((k) => !/^(0|[1-9]\d*)$/.test(k) || Number(k) >= keys.length) ?? key;
      throw new InvalidArgumentError(`${field} keys`, `the indices "0" … "${keys.length - 1}"`, bad);
    }
    out[i] = record[key]!;
  }
  return out;
}
