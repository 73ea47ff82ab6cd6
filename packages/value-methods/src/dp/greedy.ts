import type { TabularMDP } from '@bellman/mdp-core';
import { cachedBackupModel, greedyActions, stateActionValues } from './bellman-backup.js';
import { checkMdp, checkOptions, checkTolerance, checkValues, resolveGamma } from './options.js';

/** Options of {@link actionValues}, {@link greedyPolicy} and {@link optimalActions}. */
export interface GreedyOptions {
  /** Discount factor γ in [0, 1] (default: the MDP's own `gamma`). */
  gamma?: number | undefined;
  /** Action values within this distance of the best count as tied (default 1e-9). */
  tolerance?: number | undefined;
}

function prepare(mdp: TabularMDP, values: ArrayLike<number>, options: GreedyOptions, name: string) {
  checkMdp(mdp);
  checkOptions(`${name} options`, options, ['gamma', 'tolerance']);
  const gamma = resolveGamma(mdp, options.gamma);
  const v = values instanceof Float64Array && values.length === mdp.nS ? values : checkValues('values', values, mdp.nS);
  return { model: cachedBackupModel(mdp, gamma), v, tolerance: checkTolerance('tolerance', options.tolerance) };
}

/**
 * The one-step lookahead Q(s, a) = Σ_{s′, r} p(s′, r | s, a) · [r + γ · (1 − terminated) · V(s′)] for every
 * state and action, row-major (index s · nA + a).
 */
export function actionValues(mdp: TabularMDP, values: ArrayLike<number>, options: Omit<GreedyOptions, 'tolerance'> = {}): Float64Array {
  const { model, v } = prepare(mdp, values, options, 'actionValues');
  const nA = mdp.nA;
  const q = new Float64Array(mdp.nS * nA);
  for (let s = 0; s < mdp.nS; s++) stateActionValues(model, v, s, q.subarray(s * nA, (s + 1) * nA));
  return q;
}

/**
 * The greedy policy π(s) = argmax_a Q(s, a) with Q the one-step lookahead on `values` (see
 * {@link actionValues}); actions within `tolerance` of the best are tied and the lowest index wins.
 */
export function greedyPolicy(mdp: TabularMDP, values: ArrayLike<number>, options: GreedyOptions = {}): Int32Array {
  const { model, v, tolerance } = prepare(mdp, values, options, 'greedyPolicy');
  const policy = new Int32Array(mdp.nS);
  greedyActions(model, v, policy, tolerance);
  return policy;
}

/**
 * Every greedy action of every state, for drawing arrows: `flags[s · nA + a] = 1` when
 * Q(s, a) ≥ max_b Q(s, b) − tolerance, else 0.
 */
export function optimalActions(mdp: TabularMDP, values: ArrayLike<number>, options: GreedyOptions = {}): Uint8Array {
  const { model, v, tolerance } = prepare(mdp, values, options, 'optimalActions');
  const nA = mdp.nA;
  const flags = new Uint8Array(mdp.nS * nA);
  const q = new Float64Array(nA);
  for (let s = 0; s < mdp.nS; s++) {
    stateActionValues(model, v, s, q);
    let best = -Infinity;
    for (let a = 0; a < nA; a++) if (q[a]! > best) best = q[a]!;
    for (let a = 0; a < nA; a++) if (q[a]! >= best - tolerance) flags[s * nA + a] = 1;
  }
  return flags;
}
