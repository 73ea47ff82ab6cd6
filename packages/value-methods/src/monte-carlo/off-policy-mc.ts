import { InvalidArgumentError, type Policy } from '@bellman/mdp-core';
import type { ScheduleLike } from '../schedules.js';
import {
  TabularAgent,
  TabularControlAgent,
  policyProbability,
  readPolicy,
  type TabularAgentConfig,
  type TabularControlConfig,
  type TabularEnvInput,
} from '../tabular-agent.js';
import { EpisodeBuffer } from './episode-buffer.js';

/** How returns are weighted by the importance-sampling ratio W. */
export type ImportanceSampling = 'ordinary' | 'weighted';

/** Config of {@link OffPolicyMonteCarloPrediction}. */
export interface OffPolicyMonteCarloPredictionConfig extends TabularAgentConfig {
  /** The target policy π whose values are estimated; needs `probs` (or is an mdp-core tabular policy). */
  targetPolicy: Policy<number, number>;
  /**
   * The behaviour policy b that plays the episodes (default: uniformly random). Needs `probs`, and
   * must give positive probability to every action π may take (coverage).
   */
  behaviourPolicy?: Policy<number, number> | undefined;
  /** `'weighted'` (default) or `'ordinary'` importance sampling. */
  sampling?: ImportanceSampling | undefined;
  /** Initial V(s) and Q(s, a) (default 0). */
  initialValue?: number | undefined;
}

/**
 * Off-policy every-visit Monte Carlo prediction of V_π and Q_π from episodes of a behaviour policy
 * b (Sutton & Barto §5.5–5.6). After each episode, for t = T − 1, …, 0, with W the product of
 * π(A_k|S_k)/b(A_k|S_k) over k = t + 1, …, T − 1 (W = 1 at t = T − 1) and ρ_t = π(A_t|S_t)/b(A_t|S_t):
 *
 *   G ← γ G + R_{t+1}
 *   weighted:  C(S_t, A_t) += W;      Q(S_t, A_t) += W/C(S_t, A_t) · [G − Q(S_t, A_t)]
 *              C(S_t) += W ρ_t;       V(S_t) += W ρ_t / C(S_t) · [G − V(S_t)]
 *   ordinary:  N(S_t, A_t) += 1;      Q(S_t, A_t) += [W G − Q(S_t, A_t)] / N(S_t, A_t)
 *              N(S_t) += 1;           V(S_t) += [W ρ_t G − V(S_t)] / N(S_t)
 *   W ← W ρ_t
 *
 * Weighted sampling stops the pass once W = 0 (no earlier step can change); ordinary sampling goes
 * on, because a zero-weight return still counts in its average. Ordinary IS is unbiased (after one
 * episode, E_b[ρ G] = v_π) but can have huge variance; weighted IS is biased (its one-episode
 * estimate is just G) with bounded variance, and converges to v_π as episodes accumulate.
 *
 * @example
 * ```ts
 * const target = new StochasticTabularPolicy(table, nS, nA);
 * const ope = new OffPolicyMonteCarloPrediction(mdp, { targetPolicy: target, gamma: 1 });
 * ope.learn({ episodes: 5000 });
 * ope.v; // ≈ v_π
 * ```
 */
export class OffPolicyMonteCarloPrediction extends TabularAgent {
  /** V(s), estimated for the target policy. */
  readonly v: Float64Array;
  /** Q(s, a), estimated for the target policy (row-major, nS × nA). */
  readonly q: Float64Array;
  /** Weighted: C(s), the cumulative weight of V(s); ordinary: N(s), the number of returns averaged. */
  readonly stateWeights: Float64Array;
  /** Weighted: C(s, a); ordinary: N(s, a). */
  readonly actionWeights: Float64Array;
  /** `'weighted'` or `'ordinary'`. */
  readonly sampling: ImportanceSampling;
  /** π. */
  readonly targetPolicy: Policy<number, number>;
  /** b. */
  readonly behaviourPolicy: Policy<number, number>;
  private readonly target: (s: number, a: number) => number;
  private readonly behaviourProb: (s: number, a: number) => number;
  private readonly buffer = new EpisodeBuffer();

  constructor(env: TabularEnvInput, config: OffPolicyMonteCarloPredictionConfig) {
    super('OffPolicyMonteCarloPrediction', env, config, ['targetPolicy', 'behaviourPolicy', 'sampling', 'initialValue']);
    const owner = 'OffPolicyMonteCarloPrediction';
    if (this.cfg.get('targetPolicy') === undefined) {
      throw new InvalidArgumentError(`${owner}.targetPolicy`, 'a Policy with probs(observation) (the policy to evaluate)', undefined);
    }
    this.targetPolicy = readPolicy(`${owner}.targetPolicy`, this.cfg.get('targetPolicy'), this.env);
    this.behaviourPolicy = readPolicy(`${owner}.behaviourPolicy`, this.cfg.get('behaviourPolicy'), this.env);
    this.target = policyProbability(`${owner}.targetPolicy`, this.targetPolicy, this.nS, this.nA, this.observationStart);
    this.behaviourProb = policyProbability(`${owner}.behaviourPolicy`, this.behaviourPolicy, this.nS, this.nA, this.observationStart);
    this.sampling = this.cfg.oneOf('sampling', 'weighted', ['ordinary', 'weighted'] as const);
    const initialValue = this.cfg.number('initialValue', 0);
    this.v = new Float64Array(this.nS).fill(initialValue);
    this.q = new Float64Array(this.nS * this.nA).fill(initialValue);
    this.stateWeights = new Float64Array(this.nS);
    this.actionWeights = new Float64Array(this.nS * this.nA);
  }

  /** The behaviour policy's action in state `s` (validated against the action space). */
  protected selectAction(s: number): number {
    const action = this.behaviourPolicy.act(s + this.observationStart, this.rng);
    const a = action - this.actionStart;
    if (!(a >= 0 && a < this.nA) || Math.floor(a) !== a) {
      throw new InvalidArgumentError('OffPolicyMonteCarloPrediction.behaviourPolicy action', `an action of the env's action space (Discrete(${this.nA}))`, action);
    }
    return a;
  }

  protected runEpisode(): void {
    const buf = this.buffer;
    this.recordEpisode(buf, this.resetEnv(), {
      probability: (s, a) => {
        const b = this.behaviourProb(s, a);
        if (!(b > 0)) {
          throw new InvalidArgumentError(`OffPolicyMonteCarloPrediction.behaviourPolicy.probs(${s + this.observationStart})[${a}]`, 'positive for the action the policy took', b);
        }
        return b;
      },
    });
    const { states, actions, rewards, probs } = buf;
    const { v, q, stateWeights, actionWeights, nA, gamma } = this;
    const weighted = this.sampling === 'weighted';
    let g = 0;
    let w = 1;
    for (let t = buf.length - 1; t >= 0; t--) {
      g = gamma * g + rewards[t]!;
      const st = states[t]!;
      const k = st * nA + actions[t]!;
      const wv = (w * this.target(st, actions[t]!)) / probs[t]!;
      if (weighted) {
        actionWeights[k] = actionWeights[k]! + w;
        q[k] = q[k]! + (w / actionWeights[k]) * (g - q[k]!);
        if (wv > 0) {
          stateWeights[st] = stateWeights[st]! + wv;
          v[st] = v[st]! + (wv / stateWeights[st]) * (g - v[st]!);
        }
      } else {
        actionWeights[k] = actionWeights[k]! + 1;
        q[k] = q[k]! + (w * g - q[k]!) / actionWeights[k];
        stateWeights[st] = stateWeights[st]! + 1;
        v[st] = v[st]! + (wv * g - v[st]!) / stateWeights[st];
      }
      w = wv;
      if (w === 0 && weighted) break;
    }
  }
}

/** Config of {@link OffPolicyMonteCarloControl}. */
export interface OffPolicyMonteCarloControlConfig extends TabularControlConfig {
  /** `'weighted'` (default) or `'ordinary'` importance sampling. */
  sampling?: ImportanceSampling | undefined;
  /** ε of the ε-greedy behaviour policy over Q (number or schedule; default 0.1; must be > 0 for coverage). */
  epsilon?: ScheduleLike | undefined;
  /**
   * A fixed behaviour policy instead of ε-greedy over Q (needs `probs` and positive probability for
   * every action). Cannot be combined with `epsilon`.
   */
  behaviourPolicy?: Policy<number, number> | undefined;
}

/**
 * Off-policy Monte Carlo control (Sutton & Barto §5.7): the target policy is greedy,
 * π(s) = argmax_a Q(s, a) (ties to the lowest index), and episodes come from a soft behaviour
 * policy b (ε-greedy over Q by default, with b(A_t|S_t) recorded as the action is taken). After
 * each episode, for t = T − 1, …, 0, starting from W = 1:
 *
 *   G ← γ G + R_{t+1}
 *   weighted:  C(S_t, A_t) += W;   Q(S_t, A_t) += W/C(S_t, A_t) · [G − Q(S_t, A_t)]
 *   ordinary:  N(S_t, A_t) += 1;   Q(S_t, A_t) += [W G − Q(S_t, A_t)] / N(S_t, A_t)
 *   if A_t ≠ π(S_t): W ← 0 (weighted: stop the pass)   else W ← W / b(A_t|S_t)
 *
 * It learns only from the tails of episodes in which b happened to act greedily, so it can be
 * slow when episodes are long. Two practical notes:
 * - start Q below the returns you expect (`initialValue`) when rewards are negative: with Q = 0,
 *   actions never updated look best to the greedy target, the behaviour follows them into loops,
 *   and only the last steps of those (capped) episodes are learned from;
 * - ordinary IS multiplies returns by W = Π 1/b, which is unbounded: its estimates can exceed any
 *   possible return and mislead the greedy target. Weighted IS (the default) does not.
 */
export class OffPolicyMonteCarloControl extends TabularControlAgent {
  /** Weighted: C(s, a); ordinary: N(s, a). */
  readonly weights: Float64Array;
  /** `'weighted'` or `'ordinary'`. */
  readonly sampling: ImportanceSampling;
  /** The fixed behaviour policy, when one was given. */
  readonly behaviourPolicy: Policy<number, number> | undefined;
  private readonly behaviourProb: ((s: number, a: number) => number) | undefined;
  private readonly buffer = new EpisodeBuffer();

  constructor(env: TabularEnvInput, config: OffPolicyMonteCarloControlConfig = {}) {
    super('OffPolicyMonteCarloControl', env, config, ['sampling', 'epsilon', 'behaviourPolicy']);
    const owner = 'OffPolicyMonteCarloControl';
    this.sampling = this.cfg.oneOf('sampling', 'weighted', ['ordinary', 'weighted'] as const);
    this.weights = new Float64Array(this.nS * this.nA);
    const given = this.cfg.get('behaviourPolicy');
    if (given !== undefined) {
      if (this.cfg.get('epsilon') !== undefined) {
        throw new InvalidArgumentError(`${owner}.epsilon`, 'left out when a behaviourPolicy is given (ε only shapes the default ε-greedy behaviour)', this.cfg.get('epsilon'));
      }
      this.behaviourPolicy = readPolicy(`${owner}.behaviourPolicy`, given, this.env);
      this.behaviourProb = policyProbability(`${owner}.behaviourPolicy`, this.behaviourPolicy, this.nS, this.nA, this.observationStart);
      this.epsilonParam = undefined;
      delete this.cfg.resolved.epsilon;
    } else {
      this.behaviourPolicy = undefined;
      this.behaviourProb = undefined;
    }
  }

  protected runEpisode(): void {
    const buf = this.buffer;
    buf.clear();
    let s = this.resetEnv();
    const owner = 'OffPolicyMonteCarloControl';
    for (;;) {
      let a: number;
      let b: number;
      if (this.behaviourPolicy !== undefined) {
        const action = this.behaviourPolicy.act(s + this.observationStart, this.rng);
        a = action - this.actionStart;
        if (!(a >= 0 && a < this.nA) || Math.floor(a) !== a) {
          throw new InvalidArgumentError(`${owner}.behaviourPolicy action`, `an action of the env's action space (Discrete(${this.nA}))`, action);
        }
        b = this.behaviourProb!(s, a);
      } else {
        a = this.selectAction(s);
        b = this.epsilonGreedyProbability(s, a, this.behaviour.epsilon);
      }
      if (!(b > 0)) {
        throw new InvalidArgumentError(`${owner} behaviour probability b(${a}|${s})`, 'positive for the action taken', b);
      }
      const next = this.stepEnv(a);
      buf.push(s, a, this.reward, b);
      if (this.ended) break;
      s = next;
    }
    const { states, actions, rewards, probs } = buf;
    const { q, weights, nA, gamma } = this;
    const weighted = this.sampling === 'weighted';
    let g = 0;
    let w = 1;
    for (let t = buf.length - 1; t >= 0; t--) {
      g = gamma * g + rewards[t]!;
      const st = states[t]!;
      const k = st * nA + actions[t]!;
      if (weighted) {
        weights[k] = weights[k]! + w;
        q[k] = q[k]! + (w / weights[k]) * (g - q[k]!);
      } else {
        weights[k] = weights[k]! + 1;
        q[k] = q[k]! + (w * g - q[k]!) / weights[k];
      }
      if (w === 0) continue;
      if (actions[t] !== this.firstGreedyAction(st)) {
        w = 0;
        if (weighted) break;
      } else {
        w /= probs[t]!;
      }
    }
  }
}
