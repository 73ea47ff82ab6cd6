import { InvalidArgumentError, assertOneOf } from '@bellman/mdp-core';
import type { TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel, greedyActions, lowerBoundValues, type BackupLayout, type BackupModel } from './bellman-backup.js';
import { sweepMax } from './max-sweep-kernels.js';
import {
  checkHook,
  checkMdp,
  checkOptions,
  checkValues,
  type DynamicProgrammingResult,
  type SweepHook,
  type SweepMode,
  type SweepOrder,
  sweepSettings,
  type SweepSettings,
} from './options.js';

/** Where value iteration starts: all zeros, the lower bound min(0, min R)/(1 − γ), or given values. */
export type ValueInit = 'zeros' | 'lower-bound' | ArrayLike<number>;

/** Options of {@link valueIteration}. */
export interface ValueIterationOptions {
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`; an error when neither is given). */
  gamma?: number | undefined;
  /** Stop when a sweep changes no value by θ or more (default 1e-6; must be > 0). */
  theta?: number | undefined;
  /** Upper limit on the number of sweeps (default 10 000; at least 1). */
  maxSweeps?: number | undefined;
  /** `'in-place'` (default, Gauss–Seidel: each backup sees the values already updated in this sweep) or `'synchronous'` (Jacobi: every backup reads the previous sweep's values). */
  mode?: SweepMode | undefined;
  /** State order of a sweep: `'forward'` (0 … nS − 1, default), `'backward'`, or `'alternating'` (forward, backward, …). Only in-place sweeps depend on it. */
  order?: SweepOrder | undefined;
  /**
   * Start values (default `'zeros'`). `'lower-bound'` starts every state at min(0, min_{s,a} R(s, a))/(1 − γ)
   * (γ < 1 only; absorbing states such as walls and terminal cells start at their exact value):
   * the iterates then rise monotonically to V*, and in-place sweeps ordered from the goal carry
   * exact values outwards in a few sweeps. An array gives V₀ directly (length nS).
   */
  init?: ValueInit | undefined;
  /** Storage layout of the compiled model (default `'auto'`; see {@link compileBackupModel}). */
  layout?: BackupLayout | undefined;
  /** Action values within this distance of the best count as tied in the greedy policy (default 1e-9). */
  tieTolerance?: number | undefined;
  /** Called after every sweep with the sweep number, its max-delta and the live values; return `false` to stop. */
  onSweep?: SweepHook | undefined;
}

/** What {@link valueIteration} returns. */
export type ValueIterationResult = DynamicProgrammingResult;

export const VALUE_ITERATION_KEYS = ['gamma', 'theta', 'maxSweeps', 'mode', 'order', 'init', 'layout', 'tieTolerance', 'onSweep'] as const;

/** @internal Validated value-iteration settings (shared with the parallel solver). */
export interface ValueIterationSettings extends SweepSettings {
  layout: BackupLayout;
  onSweep: SweepHook | undefined;
  init: ValueInit;
}

/** @internal */
export function valueIterationSettings(mdp: TabularMDP, options: ValueIterationOptions, keys: readonly string[] = VALUE_ITERATION_KEYS): ValueIterationSettings {
  checkOptions('valueIteration options', options, keys);
  const common = sweepSettings(mdp, options);
  const init = options.init ?? 'zeros';
  if (typeof init === 'string') {
    assertOneOf('init', init, ['zeros', 'lower-bound']);
    if (init === 'lower-bound' && common.gamma === 1) {
      throw new InvalidArgumentError('init', "'zeros' or an array of start values when gamma = 1 ('lower-bound' needs gamma < 1)", init);
    }
  }
  return {
    ...common,
    layout: options.layout === undefined ? 'auto' : assertOneOf('layout', options.layout, ['auto', 'csr', 'runs']),
    onSweep: checkHook<SweepHook>('onSweep', options.onSweep),
    init,
  };
}

/** @internal Fills `out` with the start values `init` describes. */
export function fillInitialValues(init: ValueInit, model: BackupModel, out: Float64Array): void {
  if (init === 'zeros') out.fill(0);
  else if (init === 'lower-bound') lowerBoundValues(model, out);
  else out.set(checkValues('init', init, model.nS));
}

/** @internal Whether sweep number `k` (0-based) runs backward. */
export function isBackward(order: SweepOrder, k: number): boolean {
  return order === 'backward' || (order === 'alternating' && k % 2 === 1);
}

/**
 * Value iteration (Sutton & Barto §4.4): repeated sweeps of the Bellman optimality backup
 *
 *   V(s) ← max_a Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)]
 *
 * until max_s |ΔV(s)| < θ, then the greedy policy π(s) = argmax_a Q(s, a). Transitions marked
 * terminated do not bootstrap. Runs over mdp-core's CSR arrays (compiled once per γ, see
 * {@link compileBackupModel}) without per-state allocation.
 *
 * @example
 * ```ts
 * const mdp = gridWorldMDP(suttonBartoGrid5x5());
 * const { values, policy, sweeps } = valueIteration(mdp, { theta: 1e-10 });
 * values[1]; // v*(A) ≈ 24.42
 * ```
 */
export function valueIteration(mdp: TabularMDP, options: ValueIterationOptions = {}): ValueIterationResult {
  checkMdp(mdp);
  const cfg = valueIterationSettings(mdp, options);
  const model = cachedBackupModel(mdp, cfg.gamma, cfg.layout);
  const nS = mdp.nS;
  let values = new Float64Array(nS);
  fillInitialValues(cfg.init, model, values);
  let scratch = cfg.mode === 'synchronous' ? new Float64Array(nS) : values;
  let sweeps = 0;
  let delta = Infinity;
  let stopped = false;
  while (sweeps < cfg.maxSweeps && !stopped) {
    delta = sweepMax(model, values, scratch, 0, nS, isBackward(cfg.order, sweeps));
    if (scratch !== values) [values, scratch] = [scratch, values];
    sweeps++;
    if (cfg.onSweep !== undefined && cfg.onSweep({ sweep: sweeps, delta, values }) === false) stopped = true;
    if (delta < cfg.theta) break;
  }
  const policy = new Int32Array(nS);
  greedyActions(model, values, policy, cfg.tieTolerance);
  return { values, policy, sweeps, delta, converged: delta < cfg.theta };
}
