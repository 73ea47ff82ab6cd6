import { DiscreteModelEnv, InvalidArgumentError, TabularMDPBuilder, assertInteger, assertKnownKeys, assertNumber, type TabularMDP } from '@bellman/mdp-core';

/** Options of {@link randomWalkMDP}. */
export interface RandomWalkOptions {
  /** Number of non-terminal states (odd integer ≥ 1; default 5, Example 6.2; 19 for Example 7.1). */
  states?: number | undefined;
  /** Reward for stepping off the left end (default 0; −1 in Example 7.1). */
  leftReward?: number | undefined;
  /** Reward for stepping off the right end (default 1). */
  rightReward?: number | undefined;
}

/** Actions of the random walk. */
export const RandomWalkAction = { LEFT: 0, RIGHT: 1 } as const;

function readOptions(options: RandomWalkOptions): { n: number; left: number; right: number } {
  assertKnownKeys('randomWalk options', options, ['states', 'leftReward', 'rightReward']);
  const n = assertInteger('randomWalk options.states', options.states ?? 5, 1);
  if (n % 2 === 0) throw new InvalidArgumentError('randomWalk options.states', 'an odd integer >= 1 (so that there is a centre state)', n);
  return {
    n,
    left: assertNumber('randomWalk options.leftReward', options.leftReward ?? 0),
    right: assertNumber('randomWalk options.rightReward', options.rightReward ?? 1),
  };
}

/**
 * Sutton & Barto's random walk (Example 6.2; with `states: 19, leftReward: −1` Example 7.1) as a
 * TabularMDP. States 0 … n + 1: 0 and n + 1 are the terminal ends, 1 … n the walk (for n = 5,
 * A … E are states 1 … 5). Every episode starts in the centre state (n + 1) / 2. Two
 * deterministic actions, 0 LEFT and 1 RIGHT, move one state; stepping onto an end gives its reward
 * and terminates, every other step gives 0. The ends have absorbing rows (1, s, 0, terminated).
 *
 * Under the uniformly random policy (the default policy of the prediction agents) this is the
 * book's Markov reward process, "left or right with equal probability". No γ is stored: the book
 * uses γ = 1, so pass `gamma: 1` to the agents.
 */
export function randomWalkMDP(options: RandomWalkOptions = {}): TabularMDP {
  const { n, left, right } = readOptions(options);
  const nS = n + 2;
  const b = new TabularMDPBuilder(nS, 2, { capacity: nS * 2 });
  for (let s = 0; s < nS; s++) {
    for (let a = 0; a < 2; a++) {
      if (s === 0 || s === nS - 1) {
        b.add(s, a, 1, s, 0, true);
        continue;
      }
      const next = a === RandomWalkAction.LEFT ? s - 1 : s + 1;
      const reward = next === 0 ? left : next === nS - 1 ? right : 0;
      b.add(s, a, 1, next, reward, next === 0 || next === nS - 1);
    }
  }
  const initial = new Float64Array(nS);
  initial[(n + 1) / 2] = 1;
  return b.build({ initialStateDistribution: initial });
}

/** The random walk as an environment (mdp-core's DiscreteModelEnv over {@link randomWalkMDP}). */
export function randomWalkEnv(options: RandomWalkOptions = {}): DiscreteModelEnv {
  return new DiscreteModelEnv(randomWalkMDP(options));
}

/**
 * True state values of the random walk under the uniformly random policy with γ = 1:
 * v(i) = leftReward + (rightReward − leftReward) · i / (n + 1) for i = 1 … n (the probability of
 * leaving on the right is i / (n + 1)), and 0 at the two ends. For Example 6.2 that is
 * 1/6, 2/6, …, 5/6.
 */
export function randomWalkTrueValues(options: RandomWalkOptions = {}): Float64Array {
  const { n, left, right } = readOptions(options);
  const v = new Float64Array(n + 2);
  for (let i = 1; i <= n; i++) v[i] = left + ((right - left) * i) / (n + 1);
  return v;
}

/** The indices 1 … n of the non-terminal states (for RMS errors over the walk). */
export function randomWalkStates(options: RandomWalkOptions = {}): Int32Array {
  const { n } = readOptions(options);
  return Int32Array.from({ length: n }, (_, i) => i + 1);
}
