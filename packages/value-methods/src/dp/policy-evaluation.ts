import type { TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel, greedyActions, sweepPolicy, type CsrBackupModel } from './bellman-backup.js';
import {
  checkHook,
  checkMdp,
  checkOptions,
  checkPolicy,
  checkValues,
  type DynamicProgrammingResult,
  type NormalizedPolicy,
  type SweepHook,
  type SweepMode,
  type SweepOrder,
  type TabularPolicyLike,
  sweepSettings,
} from './options.js';
import { isBackward } from './value-iteration.js';

/** Options of {@link policyEvaluation}. */
export interface PolicyEvaluationOptions {
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`; an error when neither is given). */
  gamma?: number | undefined;
  /** Stop when a sweep changes no value by θ or more (default 1e-6; must be > 0). */
  theta?: number | undefined;
  /** Upper limit on the number of sweeps (default 10 000; at least 1). */
  maxSweeps?: number | undefined;
  /** `'in-place'` (default, as in Sutton & Barto's boxed algorithm) or `'synchronous'` (two arrays; the "k" of Figure 4.1). */
  mode?: SweepMode | undefined;
  /** State order of in-place sweeps (default `'forward'`). */
  order?: SweepOrder | undefined;
  /** Start values V₀ (length nS; default all zeros). */
  init?: ArrayLike<number> | undefined;
  /** Action values within this distance of the best count as tied in the returned greedy policy (default 1e-9). */
  tieTolerance?: number | undefined;
  /** Called after every sweep with the sweep number, its max-delta and the live values; return `false` to stop. */
  onSweep?: SweepHook | undefined;
}

/** What {@link policyEvaluation} returns: V_π, and the policy greedy with respect to it. */
export type PolicyEvaluationResult = DynamicProgrammingResult;

const KEYS = ['gamma', 'theta', 'maxSweeps', 'mode', 'order', 'init', 'tieTolerance', 'onSweep'];

/** @internal Sweeps until θ; shared with policy iteration. `values` holds V₀ and receives the result. */
export function evaluateInto(
  model: CsrBackupModel,
  policy: NormalizedPolicy,
  values: Float64Array,
  theta: number,
  maxSweeps: number,
  mode: SweepMode,
  order: SweepOrder,
  onSweep: SweepHook | undefined,
): { values: Float64Array; sweeps: number; delta: number; stopped: boolean } {
  const actions = policy.kind === 'deterministic' ? policy.actions : null;
  const probs = policy.kind === 'stochastic' ? policy.probs : null;
  let scratch = mode === 'synchronous' ? new Float64Array(values.length) : values;
  let sweeps = 0;
  let delta = Infinity;
  let stopped = false;
  while (sweeps < maxSweeps && !stopped) {
    delta = sweepPolicy(model, actions, probs, values, scratch, isBackward(order, sweeps));
    if (scratch !== values) [values, scratch] = [scratch, values];
    sweeps++;
    if (onSweep !== undefined && onSweep({ sweep: sweeps, delta, values }) === false) stopped = true;
    if (delta < theta) break;
  }
  return { values, sweeps, delta, stopped };
}

/**
 * Iterative policy evaluation (Sutton & Barto §4.1): repeated sweeps of the Bellman expectation backup
 *
 *   V(s) ← Σ_a π(a|s) Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)]
 *
 * until max_s |ΔV(s)| < θ (or `maxSweeps`). Synchronous sweeps compute V_{k+1} from V_k alone;
 * in-place sweeps overwrite V as they go and usually converge in fewer sweeps. Also returns the
 * policy greedy with respect to V_π (one step of policy improvement).
 *
 * @param policy one action per state (`Int32Array`, `DeterministicTabularPolicy`) or π(a|s)
 *   row-major (`Float64Array`, `StochasticTabularPolicy`).
 *
 * @example
 * ```ts
 * // Sutton & Barto Example 4.1: the equiprobable random policy on the 4×4 gridworld.
 * const mdp = gridWorldMDP(suttonBartoGrid4x4());
 * const random = new Float64Array(mdp.nS * mdp.nA).fill(0.25);
 * policyEvaluation(mdp, random, { theta: 1e-10 }).values; // 0, −14, −20, −22, −14, …
 * ```
 */
export function policyEvaluation(mdp: TabularMDP, policy: TabularPolicyLike, options: PolicyEvaluationOptions = {}): PolicyEvaluationResult {
  checkMdp(mdp);
  checkOptions('policyEvaluation options', options, KEYS);
  const { gamma, theta, maxSweeps, mode, order, tieTolerance } = sweepSettings(mdp, options);
  const pi = checkPolicy('policy', policy, mdp.nS, mdp.nA);
  const onSweep = checkHook<SweepHook>('onSweep', options.onSweep);
  const start = options.init === undefined ? new Float64Array(mdp.nS) : checkValues('init', options.init, mdp.nS);
  const model = cachedBackupModel(mdp, gamma, 'csr') as CsrBackupModel;
  const { values, sweeps, delta } = evaluateInto(model, pi, start, theta, maxSweeps, mode, order, onSweep);
  const greedy = new Int32Array(mdp.nS);
  greedyActions(model, values, greedy, tieTolerance);
  return { values, policy: greedy, sweeps, delta, converged: delta < theta };
}
