import { InvalidArgumentError } from '@bellman/mdp-core';
import type { TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel, greedyActions, stateActionValues, type CsrBackupModel } from './bellman-backup.js';
import {
  checkHook,
  checkMaxSweeps,
  checkMdp,
  checkOptions,
  checkPolicy,
  type DynamicProgrammingResult,
  type SweepInfo,
  type SweepMode,
  type SweepOrder,
  sweepSettings,
} from './options.js';
import { evaluateInto } from './policy-evaluation.js';

/** Information given to `onSweep` during policy iteration's evaluation phases. */
export interface PolicyIterationSweepInfo extends SweepInfo {
  /** The policy-iteration step (1-based) whose policy is being evaluated. */
  readonly iteration: number;
}

/** Information given to `onIteration` after every policy-improvement step. */
export interface PolicyIterationInfo {
  /** Policy-iteration step (1-based). */
  readonly iteration: number;
  /** Evaluation sweeps of this step. */
  readonly sweeps: number;
  /** Number of states whose action the improvement changed (0 = stable). */
  readonly changed: number;
  /** V of the policy evaluated in this step (live view: copy it to keep it). */
  readonly values: Float64Array;
  /** The improved policy (live view: copy it to keep it). */
  readonly policy: Int32Array;
}

/** Options of {@link policyIteration}. */
export interface PolicyIterationOptions {
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`; an error when neither is given). */
  gamma?: number | undefined;
  /** Threshold θ of each policy evaluation (default 1e-6; must be > 0). */
  theta?: number | undefined;
  /** Upper limit on the sweeps of each policy evaluation (default 10 000). A small value gives modified policy iteration. */
  maxSweeps?: number | undefined;
  /** Upper limit on evaluation–improvement steps (default 1000). */
  maxIterations?: number | undefined;
  /** Sweep mode of the evaluations (default `'in-place'`). */
  mode?: SweepMode | undefined;
  /** State order of in-place evaluation sweeps (default `'forward'`). */
  order?: SweepOrder | undefined;
  /** The first policy, one action per state (`Int32Array` or `{ actions }`; default action 0 everywhere). */
  initialPolicy?: Int32Array | { readonly actions: ArrayLike<number> } | undefined;
  /** Action values within this distance of the best count as tied (default 1e-9). */
  tieTolerance?: number | undefined;
  /** Called after every evaluation sweep (sweep = total so far); return `false` to stop everything. */
  onSweep?: ((info: PolicyIterationSweepInfo) => void | boolean) | undefined;
  /** Called after every improvement step; return `false` to stop. */
  onIteration?: ((info: PolicyIterationInfo) => void | boolean) | undefined;
}

/** What {@link policyIteration} returns. */
export interface PolicyIterationResult extends DynamicProgrammingResult {
  /** Number of evaluation–improvement steps done. */
  iterations: number;
}

const KEYS = ['gamma', 'theta', 'maxSweeps', 'maxIterations', 'mode', 'order', 'initialPolicy', 'tieTolerance', 'onSweep', 'onIteration'];

/**
 * Policy iteration (Sutton & Barto §4.3): alternate iterative policy evaluation
 *
 *   V(s) ← Σ_{s′, r} p(s′, r | s, π(s)) · [r + γ · (1 − terminated) · V(s′)]   (until max |ΔV| < θ)
 *
 * and greedy improvement
 *
 *   π(s) ← argmax_a Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)]
 *
 * until no action changes. An action keeps its place when it is still within `tieTolerance` of the
 * best (so ties cannot make the loop cycle). Each evaluation starts from the previous values. The
 * returned `policy` is greedy for the final values with ties to the lowest index, like the other solvers.
 * With γ = 1, an improper policy (one that never terminates) is evaluated only up to `maxSweeps`.
 *
 * @example
 * ```ts
 * const mdp = gridWorldMDP(suttonBartoGrid4x4());
 * const { values, iterations } = policyIteration(mdp);
 * values[5]; // −2
 * ```
 */
export function policyIteration(mdp: TabularMDP, options: PolicyIterationOptions = {}): PolicyIterationResult {
  checkMdp(mdp);
  checkOptions('policyIteration options', options, KEYS);
  const { nS, nA } = mdp;
  const maxIterations = checkMaxSweeps('maxIterations', options.maxIterations, 1000);
  const { gamma, theta, maxSweeps, mode, order, tieTolerance } = sweepSettings(mdp, options);
  const onSweep = checkHook<(info: PolicyIterationSweepInfo) => void | boolean>('onSweep', options.onSweep);
  const onIteration = checkHook<(info: PolicyIterationInfo) => void | boolean>('onIteration', options.onIteration);
  let actions: Int32Array;
  if (options.initialPolicy === undefined) actions = new Int32Array(nS);
  else {
    const init = checkPolicy('initialPolicy', options.initialPolicy, nS, nA);
    if (init.kind !== 'deterministic') {
      throw new InvalidArgumentError('initialPolicy', 'a deterministic policy (Int32Array of actions or { actions })', options.initialPolicy);
    }
    actions = init.actions;
  }
  const model = cachedBackupModel(mdp, gamma, 'csr') as CsrBackupModel;
  const policy = { kind: 'deterministic' as const, actions };
  const q = new Float64Array(nA);
  let values: Float64Array = new Float64Array(nS);
  let totalSweeps = 0;
  let iterations = 0;
  let delta = Infinity;
  let stable = false;
  let stopped = false;
  let iteration = 0;
  const hook =
    onSweep === undefined
      ? undefined
      : (info: SweepInfo) => onSweep({ sweep: totalSweeps + info.sweep, delta: info.delta, values: info.values, iteration });
  while (iterations < maxIterations && !stable && !stopped) {
    iteration = iterations + 1;
    const evaluation = evaluateInto(model, policy, values, theta, maxSweeps, mode, order, hook);
    values = evaluation.values;
    totalSweeps += evaluation.sweeps;
    delta = evaluation.delta;
    iterations++;
    if (evaluation.stopped) {
      stopped = true;
      break;
    }
    let changed = 0;
    for (let s = 0; s < nS; s++) {
      stateActionValues(model, values, s, q);
      let best = -Infinity;
      for (let a = 0; a < nA; a++) if (q[a]! > best) best = q[a]!;
      const current = actions[s]!;
      if (q[current]! >= best - tieTolerance) continue;
      let a = 0;
      while (q[a]! < best - tieTolerance) a++;
      actions[s] = a;
      changed++;
    }
    stable = changed === 0;
    if (onIteration !== undefined && onIteration({ iteration: iterations, sweeps: evaluation.sweeps, changed, values, policy: actions }) === false) {
      stopped = true;
    }
  }
  const greedy = new Int32Array(nS);
  greedyActions(model, values, greedy, tieTolerance);
  return { values, policy: greedy, sweeps: totalSweeps, delta, converged: stable && delta < theta, iterations };
}
