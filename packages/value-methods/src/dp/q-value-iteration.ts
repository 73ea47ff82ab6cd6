import type { TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel, type CsrBackupModel } from './bellman-backup.js';
import {
  checkHook,
  checkMdp,
  checkOptions,
  checkValues,
  type DynamicProgrammingResult,
  type SweepInfo,
  type SweepMode,
  type SweepOrder,
  sweepSettings,
} from './options.js';
import { isBackward } from './value-iteration.js';

/** Information given to `onSweep` during Q-value iteration. */
export interface QValueIterationSweepInfo extends SweepInfo {
  /** The current Q(s, a), row-major (live view: read or copy it inside the hook). */
  readonly q: Float64Array;
}

/** Options of {@link qValueIteration}. */
export interface QValueIterationOptions {
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`; an error when neither is given). */
  gamma?: number | undefined;
  /** Stop when a sweep changes no Q(s, a) by θ or more (default 1e-6; must be > 0). */
  theta?: number | undefined;
  /** Upper limit on the number of sweeps (default 10 000; at least 1). */
  maxSweeps?: number | undefined;
  /** `'in-place'` (default) or `'synchronous'`. */
  mode?: SweepMode | undefined;
  /** State order of in-place sweeps (default `'forward'`). */
  order?: SweepOrder | undefined;
  /** Start values Q₀, row-major, length nS · nA (default all zeros). */
  init?: ArrayLike<number> | undefined;
  /** Action values within this distance of the best count as tied in the greedy policy (default 1e-9). */
  tieTolerance?: number | undefined;
  /** Called after every sweep with the sweep number, its max-delta (over Q), V = max_a Q and Q; return `false` to stop. */
  onSweep?: ((info: QValueIterationSweepInfo) => void | boolean) | undefined;
}

/** What {@link qValueIteration} returns: the usual results plus Q itself. */
export interface QValueIterationResult extends DynamicProgrammingResult {
  /** Q(s, a) row-major (index s · nA + a). */
  q: Float64Array;
}

const KEYS = ['gamma', 'theta', 'maxSweeps', 'mode', 'order', 'init', 'tieTolerance', 'onSweep'];

/**
 * Q-value iteration: sweeps of the Bellman optimality backup on action values
 *
 *   Q(s, a) ← Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · max_{a′} Q(s′, a′)]
 *
 * until max_{s,a} |ΔQ(s, a)| < θ. Synchronous sweeps read only the previous Q; in-place sweeps
 * use the state maxima already updated in this sweep. `values` is V(s) = max_a Q(s, a) and
 * `policy` the greedy action (ties within `tieTolerance` to the lowest index).
 *
 * @example
 * ```ts
 * const { q, policy } = qValueIteration(gridWorldMDP(suttonBartoGrid4x4()));
 * q[1 * 4 + 3]; // Q(state 1, LEFT) = −1
 * ```
 */
export function qValueIteration(mdp: TabularMDP, options: QValueIterationOptions = {}): QValueIterationResult {
  checkMdp(mdp);
  checkOptions('qValueIteration options', options, KEYS);
  const { nS, nA } = mdp;
  const { gamma, theta, maxSweeps, mode, order, tieTolerance } = sweepSettings(mdp, options);
  const onSweep = checkHook<(info: QValueIterationSweepInfo) => void | boolean>('onSweep', options.onSweep);
  const model = cachedBackupModel(mdp, gamma, 'csr') as CsrBackupModel;
  const { rowPtr, next, coef, rowReward } = model;
  let q = options.init === undefined ? new Float64Array(nS * nA) : checkValues('init', options.init, nS * nA);
  let qNext = mode === 'synchronous' ? new Float64Array(nS * nA) : q;
  // V(s) = max_a Q(s, a): the values the backups read.
  const v = new Float64Array(nS);
  const refreshMax = (from: Float64Array): void => {
    for (let s = 0; s < nS; s++) {
      let best = -Infinity;
      for (let a = 0; a < nA; a++) if (from[s * nA + a]! > best) best = from[s * nA + a]!;
      v[s] = best;
    }
  };
  refreshMax(q);
  let sweeps = 0;
  let delta = Infinity;
  let stopped = false;
  while (sweeps < maxSweeps && !stopped) {
    const backward = isBackward(order, sweeps);
    delta = 0;
    for (let s = backward ? nS - 1 : 0; backward ? s >= 0 : s < nS; s += backward ? -1 : 1) {
      let best = -Infinity;
      for (let row = s * nA, rowEnd = row + nA; row < rowEnd; row++) {
        let x = rowReward[row]!;
        if (rowPtr === null) x += coef[row]! * v[next[row]!]!;
        else for (let i = rowPtr[row]!, end = rowPtr[row + 1]!; i < end; i++) x += coef[i]! * v[next[i]!]!;
        const d = Math.abs(x - q[row]!);
        if (d > delta) delta = d;
        qNext[row] = x;
        if (x > best) best = x;
      }
      if (qNext === q) v[s] = best;
    }
    if (qNext !== q) {
      [q, qNext] = [qNext, q];
      refreshMax(q);
    }
    sweeps++;
    if (onSweep !== undefined && onSweep({ sweep: sweeps, delta, values: v, q }) === false) stopped = true;
    if (delta < theta) break;
  }
  const policy = new Int32Array(nS);
  for (let s = 0; s < nS; s++) {
    let a = 0;
    while (q[s * nA + a]! < v[s]! - tieTolerance) a++;
    policy[s] = a;
  }
  return { q, values: v, policy, sweeps, delta, converged: delta < theta };
}
