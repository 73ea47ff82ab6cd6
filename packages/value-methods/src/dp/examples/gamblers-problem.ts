import { TabularMDPBuilder, assertInteger, assertKnownKeys, assertNumber } from '@bellman/mdp-core';
import type { TabularMDP } from '@bellman/mdp-core';

/** Options of {@link gamblersProblemMDP}. */
export interface GamblersProblemOptions {
  /** Probability that the coin comes up heads (the gambler wins the stake); default 0.4, in [0, 1]. */
  pHeads?: number | undefined;
  /** Capital that ends the game with a win (default 100; an integer ≥ 2). */
  goal?: number | undefined;
}

/**
 * Sutton & Barto Example 4.3, the gambler's problem, as a {@link TabularMDP}.
 *
 * - States are the capital 0 … goal (nS = goal + 1); 0 and `goal` are terminal (absorbing rows,
 *   value 0).
 * - Action `a` stakes `a + 1` dollars (nA = ⌊goal / 2⌋); a stake above min(s, goal − s) is capped
 *   at it, so every action is allowed in every state and the capped duplicates tie with the real stake.
 * - With probability `pHeads` the capital becomes s + stake, otherwise s − stake; reaching `goal`
 *   pays +1 and terminates, reaching 0 pays 0 and terminates. Undiscounted (γ = 1 on the model).
 *
 * Then v*(s) is the probability of reaching the goal from s under optimal play.
 */
export function gamblersProblemMDP(options: GamblersProblemOptions = {}): TabularMDP {
  assertKnownKeys('gamblersProblemMDP options', options, ['pHeads', 'goal']);
  const pHeads = assertNumber('pHeads', options.pHeads ?? 0.4, 0, 1);
  const goal = assertInteger('goal', options.goal ?? 100, 2, 1 << 20);
  const nS = goal + 1;
  const nA = Math.floor(goal / 2);
  const builder = new TabularMDPBuilder(nS, nA, { capacity: nS * nA * 2 });
  for (let s = 0; s < nS; s++) {
    for (let a = 0; a < nA; a++) {
      if (s === 0 || s === goal) {
        builder.add(s, a, 1, s, 0, true);
        continue;
      }
      const stake = Math.min(a + 1, s, goal - s);
      const win = s + stake;
      const lose = s - stake;
      if (pHeads > 0) builder.add(s, a, pHeads, win, win === goal ? 1 : 0, win === goal);
      if (pHeads < 1) builder.add(s, a, 1 - pHeads, lose, 0, lose === 0);
    }
  }
  return builder.build({ gamma: 1 });
}
