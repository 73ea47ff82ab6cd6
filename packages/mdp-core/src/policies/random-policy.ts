import type { Rng } from '../rng.js';
import type { Space } from '../spaces/space.js';
import type { Policy } from './policy.js';

/**
 * The uniformly random policy: ignores the observation and returns `actionSpace.sample(rng)`, so
 * it works for any space (Discrete, Box, MultiDiscrete, Dict). For a `Discrete(n)` space it also
 * has `probs`, π(a|s) = 1/n for each action index a (action `start + a`); for other spaces
 * `probs` is undefined.
 */
export class RandomPolicy<A> implements Policy<unknown, A> {
  readonly actionSpace: Space<A>;
  /** Uniform π(·|s) = 1/n over action indices; only defined for a `Discrete` action space. */
  declare readonly probs?: (obs?: unknown) => Float64Array;

  constructor(actionSpace: Space<A>) {
    this.actionSpace = actionSpace;
    const spec = actionSpace.toJSON();
    if (spec.type === 'Discrete') {
      const n = spec.n;
      this.probs = () => new Float64Array(n).fill(1 / n);
    }
  }

  /** A sample of the action space; `obs` is ignored. */
  act(_obs: unknown, rng: Rng): A {
    return this.actionSpace.sample(rng);
  }
}
