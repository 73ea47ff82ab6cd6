/**
 * Validation shared by the dynamic-programming functions: every error names the option at fault
 * and what it allows.
 */
import { InvalidArgumentError, assertInteger, assertKnownKeys, assertNumber, assertOneOf } from '@bellman/mdp-core';
import type { TabularMDP } from '@bellman/mdp-core';

/** How a sweep uses the values it has just computed. */
export type SweepMode = 'synchronous' | 'in-place';

/** The order in which a sweep visits states. */
export type SweepOrder = 'forward' | 'backward' | 'alternating';

/** Information given to an `onSweep` hook after every sweep. */
export interface SweepInfo {
  /** Number of sweeps done so far (1 after the first sweep). */
  readonly sweep: number;
  /** max_s |V_new(s) − V_old(s)| of this sweep. */
  readonly delta: number;
  /**
   * The current values (length nS). A live view: read or copy it inside the hook, do not keep or
   * modify it.
   */
  readonly values: Float64Array;
}

/** What every dynamic-programming solver returns (typed arrays only, no per-state objects). */
export interface DynamicProgrammingResult {
  /** V(s) for every state (length nS). */
  values: Float64Array;
  /** A greedy policy π(s) = argmax_a Q(s, a) (length nS; ties within the tie tolerance go to the lowest action index). */
  policy: Int32Array;
  /** Number of sweeps done (for policy iteration: evaluation sweeps summed over iterations). */
  sweeps: number;
  /** max_s |V_new(s) − V_old(s)| of the last sweep. */
  delta: number;
  /** Whether the last delta fell below θ (for policy iteration: and the policy is stable). */
  converged: boolean;
}

/** Called after every sweep; returning `false` stops the iteration after this sweep. */
export type SweepHook = (info: SweepInfo) => void | boolean;

/**
 * A tabular policy in any of the shapes mdp-core uses: an `Int32Array` of actions (length nS), a
 * `Float64Array` of probabilities π(a|s) (row-major, length nS · nA), or an object with `actions`
 * (like `DeterministicTabularPolicy`) or `table` (like `StochasticTabularPolicy`).
 */
export type TabularPolicyLike =
  | Int32Array
  | Float64Array
  | { readonly actions: ArrayLike<number> }
  | { readonly table: ArrayLike<number> };

/** @internal A validated policy: one action per state, or π(a|s) row-major. */
export type NormalizedPolicy = { kind: 'deterministic'; actions: Int32Array } | { kind: 'stochastic'; probs: Float64Array };

/** @internal Allowed values of `mode`. */
export const SWEEP_MODES: readonly SweepMode[] = ['synchronous', 'in-place'];
/** @internal Allowed values of `order`. */
export const SWEEP_ORDERS: readonly SweepOrder[] = ['forward', 'backward', 'alternating'];

/** Default threshold θ on the max-delta of a sweep. */
export const DEFAULT_THETA = 1e-6;
/** Default cap on the number of sweeps. */
export const DEFAULT_MAX_SWEEPS = 10_000;
/** Default tolerance under which two action values count as tied. */
export const DEFAULT_TIE_TOLERANCE = 1e-9;

/** @internal Checks that `mdp` has the shape of mdp-core's TabularMDP (duck-typed, so two copies of mdp-core still work together). */
export function checkMdp(mdp: unknown): TabularMDP {
  const m = mdp as Partial<TabularMDP> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    !Number.isInteger(m.nS) ||
    !Number.isInteger(m.nA) ||
    !(m.rowPtr instanceof Int32Array) ||
    m.rowPtr.length !== m.nS! * m.nA! + 1 ||
    !(m.prob instanceof Float64Array) ||
    !(m.next instanceof Int32Array) ||
    !(m.reward instanceof Float64Array) ||
    !(m.terminated instanceof Uint8Array)
  ) {
    throw new InvalidArgumentError('mdp', 'a TabularMDP from @bellman/mdp-core', mdp);
  }
  return mdp as TabularMDP;
}

/** @internal Rejects non-objects and unknown keys (with a did-you-mean). */
export function checkOptions(field: string, options: unknown, keys: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError(field, 'an options object', options);
  }
  assertKnownKeys(field, options, keys);
}

/** @internal γ from the options, else from the MDP; an error when neither has one. */
export function resolveGamma(mdp: TabularMDP, gamma: unknown): number {
  if (gamma === undefined) {
    if (mdp.gamma === undefined) {
      throw new InvalidArgumentError('gamma', 'a number in [0, 1] (the MDP carries no gamma, so the options must give one)', gamma);
    }
    return mdp.gamma;
  }
  return assertNumber('gamma', gamma, 0, 1);
}

/** @internal θ > 0 (default {@link DEFAULT_THETA}). */
export function checkTheta(theta: unknown): number {
  if (theta === undefined) return DEFAULT_THETA;
  if (typeof theta !== 'number' || !(theta > 0) || !Number.isFinite(theta)) {
    throw new InvalidArgumentError('theta', 'a finite number > 0', theta);
  }
  return theta;
}

/** @internal An integer ≥ 1 (default `fallback`). */
export function checkMaxSweeps(field: string, value: unknown, fallback = DEFAULT_MAX_SWEEPS): number {
  return value === undefined ? fallback : assertInteger(field, value, 1);
}

/** @internal `'synchronous'` or `'in-place'`. */
export function checkMode(mode: unknown, fallback: SweepMode): SweepMode {
  return mode === undefined ? fallback : assertOneOf('mode', mode, SWEEP_MODES);
}

/** @internal `'forward'` (default), `'backward'` or `'alternating'`. */
export function checkOrder(order: unknown): SweepOrder {
  return order === undefined ? 'forward' : assertOneOf('order', order, SWEEP_ORDERS);
}

/** @internal A finite number ≥ 0 (default {@link DEFAULT_TIE_TOLERANCE}). */
export function checkTolerance(field: string, value: unknown): number {
  return value === undefined ? DEFAULT_TIE_TOLERANCE : assertNumber(field, value, 0);
}

/** The sweep settings every solver shares, validated with their defaults. */
export interface SweepSettings {
  gamma: number;
  theta: number;
  maxSweeps: number;
  mode: SweepMode;
  order: SweepOrder;
  tieTolerance: number;
}

/**
 * Validates the options every solver shares: `gamma` (default: the MDP's), `theta` (1e-6),
 * `maxSweeps` (10 000), `mode` ('in-place'), `order` ('forward'), `tieTolerance` (1e-9).
 */
export function sweepSettings(
  mdp: TabularMDP,
  options: { gamma?: unknown; theta?: unknown; maxSweeps?: unknown; mode?: unknown; order?: unknown; tieTolerance?: unknown },
): SweepSettings {
  return {
    gamma: resolveGamma(mdp, options.gamma),
    theta: checkTheta(options.theta),
    maxSweeps: checkMaxSweeps('maxSweeps', options.maxSweeps),
    mode: checkMode(options.mode, 'in-place'),
    order: checkOrder(options.order),
    tieTolerance: checkTolerance('tieTolerance', options.tieTolerance),
  };
}

/** @internal A function or undefined. */
export function checkHook<T>(field: string, hook: unknown): T | undefined {
  if (hook === undefined) return undefined;
  if (typeof hook !== 'function') throw new InvalidArgumentError(field, 'a function', hook);
  return hook as T;
}

/** @internal Copies a user-given value array (length nS, finite numbers) into a new Float64Array. */
export function checkValues(field: string, values: unknown, nS: number): Float64Array {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<unknown>).length !== 'number') {
    throw new InvalidArgumentError(field, `an array of ${nS} numbers (one value per state)`, values);
  }
  const arr = values as ArrayLike<unknown>;
  if (arr.length !== nS) throw new InvalidArgumentError(field, `an array of length nS = ${nS}`, `length ${arr.length}`);
  const out = new Float64Array(nS);
  for (let s = 0; s < nS; s++) {
    const v = arr[s];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`${field}[${s}]`, 'a finite number', v);
    out[s] = v;
  }
  return out;
}

/** @internal Checks the shape and contents of a tabular policy for an MDP with `nS` states and `nA` actions. */
export function checkPolicy(field: string, policy: unknown, nS: number, nA: number): NormalizedPolicy {
  const actionsShape = `an Int32Array of ${nS} actions in [0, ${nA})`;
  const probsShape = `a Float64Array of nS × nA = ${nS} × ${nA} = ${nS * nA} probabilities π(a|s)`;
  let actions: ArrayLike<unknown> | undefined;
  let probs: ArrayLike<unknown> | undefined;
  if (policy instanceof Int32Array) actions = policy;
  else if (policy instanceof Float64Array) probs = policy;
  else if (policy !== null && typeof policy === 'object' && 'actions' in policy) actions = (policy as { actions: ArrayLike<unknown> }).actions;
  else if (policy !== null && typeof policy === 'object' && 'table' in policy) probs = (policy as { table: ArrayLike<unknown> }).table;
  else {
    throw new InvalidArgumentError(field, `${actionsShape}, ${probsShape}, or an object with \`actions\` or \`table\``, policy);
  }
  if (actions !== undefined) {
    if (actions === null || typeof actions !== 'object' || actions.length !== nS) {
      throw new InvalidArgumentError(`${field} actions`, actionsShape, actions);
    }
    const out = new Int32Array(nS);
    for (let s = 0; s < nS; s++) out[s] = assertInteger(`${field} action of state ${s}`, actions[s], 0, nA - 1);
    return { kind: 'deterministic', actions: out };
  }
  if (probs === null || typeof probs !== 'object' || probs.length !== nS * nA) {
    throw new InvalidArgumentError(`${field} probabilities`, probsShape, probs);
  }
  const out = new Float64Array(nS * nA);
  for (let s = 0; s < nS; s++) {
    let sum = 0;
    for (let a = 0; a < nA; a++) {
      const p = probs[s * nA + a];
      if (typeof p !== 'number' || !(p >= 0) || !Number.isFinite(p)) {
        throw new InvalidArgumentError(`${field} π(${a}|${s})`, 'a finite probability >= 0', p);
      }
      out[s * nA + a] = p;
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new InvalidArgumentError(`${field} row of state ${s}`, 'probabilities summing to 1 (±1e-6)', out.subarray(s * nA, (s + 1) * nA));
    }
  }
  return { kind: 'stochastic', probs: out };
}
