import type { Env } from './env.js';
import { InvalidArgumentError, assertInteger } from './errors.js';
import type { Policy, PolicyFn } from './policies/policy.js';
import { Rng } from './rng.js';

/** Options of {@link evaluatePolicy}. */
export interface EvaluatePolicyOptions {
  /** Number of episodes to run (≥ 1). */
  episodes: number;
  /** Seed of the first `reset` and of the generator that drives the policy. */
  seed: number;
  /**
   * Safety cap on steps per episode (default 1e6): an episode that reaches it is ended there and
   * counted as truncated. Set a real time limit with a TimeLimit wrapper instead.
   */
  maxSteps?: number | undefined;
}

/** What {@link evaluatePolicy} measured. */
export interface EvaluationResult {
  /** Mean undiscounted episode return, (1/N) Σ_i R_i. */
  mean: number;
  /** Population standard deviation of the returns, sqrt((1/N) Σ_i (R_i − mean)²) (numpy's default, as in SB3). */
  std: number;
  /** Undiscounted return Σ_t r_t of each episode, in order. */
  returns: number[];
  /** Number of steps of each episode, in order. */
  lengths: number[];
  /** Mean episode length. */
  meanLength: number;
}

/**
 * Runs a policy for `episodes` full episodes and reports the undiscounted returns
 * R_i = Σ_t r_t (like Stable-Baselines3's `evaluate_policy`).
 *
 * Seeding: the first `env.reset({ seed })` seeds the environment, later resets continue its
 * stream (no reseeding), and a generator derived from `seed` (`new Rng(seed).split()`), created per call, drives the policy over all
 * episodes, so the whole evaluation is reproducible from `seed`. An episode ends when a step reports
 * `terminated` or `truncated`, or after `maxSteps` steps.
 *
 * @param policy a {@link Policy} or a function `(obs, rng) => action`.
 */
export function evaluatePolicy<O, A>(
  env: Env<O, A>,
  policy: Policy<O, A> | PolicyFn<O, A>,
  options: EvaluatePolicyOptions,
): EvaluationResult {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('evaluatePolicy options', 'an object { episodes, seed, maxSteps? }', options);
  }
  const episodes = assertInteger('episodes', options.episodes, 1);
  const maxSteps = assertInteger('maxSteps', options.maxSteps ?? 1e6, 1);
  // A child stream of the seed, so the policy does not replay the env generator (which reset({ seed }) seeds the same way).
  const rng = new Rng(options.seed).split(); // validates the seed
  let act: PolicyFn<O, A>;
  if (typeof policy === 'function') act = policy;
  else if (policy !== null && typeof policy === 'object' && typeof policy.act === 'function') act = (obs, r) => policy.act(obs, r);
  else throw new InvalidArgumentError('policy', 'a Policy (with act(obs, rng)) or a function (obs, rng) => action', policy);

  const returns: number[] = [];
  const lengths: number[] = [];
  for (let ep = 0; ep < episodes; ep++) {
    let { observation } = ep === 0 ? env.reset({ seed: options.seed }) : env.reset();
    let total = 0;
    let steps = 0;
    while (steps < maxSteps) {
      const result = env.step(act(observation, rng));
      total += result.reward;
      steps++;
      observation = result.observation;
      if (result.terminated || result.truncated) break;
    }
    returns.push(total);
    lengths.push(steps);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / episodes;
  const meanLength = lengths.reduce((a, b) => a + b, 0) / episodes;
  return { mean, std: Math.sqrt(variance), returns, lengths, meanLength };
}
