import {
  DeterministicTabularPolicy,
  DiscreteModelEnv,
  EnvOutputError,
  EpsilonGreedyPolicy,
  InvalidArgumentError,
  RandomPolicy,
  StochasticTabularPolicy,
  Rng,
  TabularMDP,
  assertInteger,
  assertKnownKeys,
  assertOneOf,
  unwrap,
  type Env,
  type Policy,
  type RngState,
} from '@bellman/mdp-core';
import { emptyLearningCurve, type LearningCurve } from './learning-curve.js';
import type { EpisodeBuffer } from './monte-carlo/episode-buffer.js';
import { ALPHA_RANGE, EPSILON_RANGE, scheduleValue, validateSchedule, type ScheduleLike, type ScheduleRange, type ScheduleSpec } from './schedules.js';

/**
 * The plumbing every tabular agent shares: turning an environment (or a TabularMDP) into table
 * indices, validating the config with errors that name the field, seeding, the episode loop with
 * its step cap, schedules for α and ε, and the learning curve. Each algorithm only writes
 * `runEpisode()`: how it acts and what it updates.
 */

/** What a tabular agent learns on: an environment with Discrete spaces, or a TabularMDP (sampled through mdp-core's DiscreteModelEnv). */
export type TabularEnvInput = Env<number, number> | Env<unknown, unknown> | TabularMDP;

/** An environment resolved to table indices. */
export interface TabularEnvInfo {
  /** The environment the agent steps (a DiscreteModelEnv when given a TabularMDP). */
  env: Env<number, number>;
  /** Number of states (the observation space's n). */
  nS: number;
  /** Number of actions (the action space's n). */
  nA: number;
  /** The observation space's `start`: state index = observation − observationStart. */
  observationStart: number;
  /** The action space's `start`: action sent to the env = action index + actionStart. */
  actionStart: number;
  /** The transition model, when the (unwrapped) env samples a TabularMDP. */
  model: TabularMDP | undefined;
}

/**
 * Checks that `input` is a TabularMDP or an environment whose observation and action spaces are
 * both `Discrete`, and returns its table sizes. A TabularMDP is wrapped in a new
 * `DiscreteModelEnv`.
 *
 * @throws InvalidArgumentError naming `field` (e.g. `QLearning env.observationSpace`) otherwise.
 */
export function resolveTabularEnv(field: string, input: TabularEnvInput): TabularEnvInfo {
  if (input instanceof TabularMDP) {
    return { env: new DiscreteModelEnv(input), nS: input.nS, nA: input.nA, observationStart: 0, actionStart: 0, model: input };
  }
  const candidate = input as Partial<Env<unknown, unknown>> | null;
  if (candidate === null || typeof candidate !== 'object' || typeof candidate.reset !== 'function' || typeof candidate.step !== 'function') {
    throw new InvalidArgumentError(field, 'an Env (with reset and step) whose spaces are Discrete, or a TabularMDP', input);
  }
  const obs = discreteSpace(`${field}.observationSpace`, candidate.observationSpace);
  const act = discreteSpace(`${field}.actionSpace`, candidate.actionSpace);
  let model: TabularMDP | undefined;
  const inner = unwrap(input as Env<unknown, unknown>);
  if (inner instanceof DiscreteModelEnv && inner.model.nS === obs.n && inner.model.nA === act.n) model = inner.model;
  return { env: input as Env<number, number>, nS: obs.n, nA: act.n, observationStart: obs.start, actionStart: act.start, model };
}

function discreteSpace(field: string, space: unknown): { n: number; start: number } {
  const s = space as { toJSON?: () => unknown; toString?: () => string } | null | undefined;
  const spec = s !== null && s !== undefined && typeof s.toJSON === 'function' ? (s.toJSON() as { type?: unknown; n?: unknown; start?: unknown }) : undefined;
  if (spec === undefined || spec.type !== 'Discrete' || typeof spec.n !== 'number' || typeof spec.start !== 'number') {
    const shown = s !== null && s !== undefined && typeof s.toString === 'function' ? s.toString() : s;
    throw new InvalidArgumentError(
      field,
      'a Discrete space (tabular methods keep one table entry per state and action; discretise Box spaces first)',
      shown,
    );
  }
  return { n: spec.n, start: spec.start };
}

/** Config fields every tabular agent accepts. */
export interface TabularAgentConfig {
  /**
   * Discount factor γ ∈ [0, 1]. Default: the γ stored on the TabularMDP the agent learns on (given
   * directly, or under a DiscreteModelEnv such as GridWorldEnv) when it has one, else 0.99.
   */
  gamma?: number | undefined;
  /** Seed of the agent's generator and of the environment's first reset (non-negative integer, default 0). Same seed → same learning curve. */
  seed?: number | undefined;
  /**
   * Safety cap on steps per episode (integer ≥ 1, default 10 000): an episode that reaches it ends
   * there and counts as truncated (TD methods bootstrap from the last state, Monte Carlo methods use
   * the partial return). A bad policy therefore cannot hang `learn()`.
   */
  maxStepsPerEpisode?: number | undefined;
}

/** What `onEpisode` receives after every episode. */
export interface EpisodeStats {
  /** Episode number, 1-based over the agent's lifetime. */
  episode: number;
  /** Undiscounted return Σ_t R_{t+1}. */
  return: number;
  /** Steps taken. */
  length: number;
  /** The episode reached a terminal state. */
  terminated: boolean;
  /** The episode was cut (env truncation or `maxStepsPerEpisode`). */
  truncated: boolean;
  /** Steps taken over the agent's lifetime, this episode included. */
  totalSteps: number;
  /** The step size α used at the start of the episode (absent for sample averages and weighted IS). */
  alpha?: number;
  /** The exploration rate ε used at the start of the episode (control agents with ε only). */
  epsilon?: number;
}

/** Options of `learn()`. */
export interface LearnOptions {
  /** Number of episodes to run (integer ≥ 1). */
  episodes: number;
  /** Called after every episode; returning `false` stops training early. */
  onEpisode?: ((stats: EpisodeStats) => boolean | void) | undefined;
}

/** Default of `maxStepsPerEpisode`. */
export const DEFAULT_MAX_STEPS_PER_EPISODE = 10_000;

/**
 * @internal Reads and validates one agent's config: rejects unknown keys (with a did-you-mean),
 * checks each field's range with errors named `Owner.field`, and records the resolved values
 * (what `getConfig()` returns).
 */
export class ConfigReader {
  /** Resolved, JSON-safe values of the fields read so far. */
  readonly resolved: Record<string, unknown> = {};
  private readonly raw: Record<string, unknown>;

  constructor(
    readonly owner: string,
    config: unknown,
    keys: readonly string[],
  ) {
    if (config === undefined) config = {};
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new InvalidArgumentError(`${owner} config`, 'an object', config);
    }
    assertKnownKeys(`${owner} config`, config, keys);
    this.raw = config as Record<string, unknown>;
  }

  /** The raw value of `key` (not validated, not recorded). */
  get(key: string): unknown {
    return this.raw[key];
  }

  /** A finite number in [min, max] (or (min, max] with `minExclusive`). */
  number(key: string, fallback: number, range: { min?: number; max?: number; minExclusive?: boolean } = {}): number {
    const v = this.raw[key] ?? fallback;
    const min = range.min ?? -Infinity;
    const max = range.max ?? Infinity;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (range.minExclusive === true && v === min)) {
      const lo = min === -Infinity ? '' : `${range.minExclusive ? '>' : '>='} ${min}`;
      const hi = max === Infinity ? '' : `<= ${max}`;
      const allowed =
        lo !== '' && hi !== '' ? `a number in ${range.minExclusive ? '(' : '['}${min}, ${max}]` : `a finite number${lo || hi ? ` ${lo || hi}` : ''}`;
      throw new InvalidArgumentError(`${this.owner}.${key}`, allowed, v);
    }
    this.resolved[key] = v;
    return v;
  }

  /** An integer in [min, max]. */
  integer(key: string, fallback: number, min: number, max = Infinity): number {
    const v = assertInteger(`${this.owner}.${key}`, this.raw[key] ?? fallback, min, max);
    this.resolved[key] = v;
    return v;
  }

  /** A boolean. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.raw[key] ?? fallback;
    if (typeof v !== 'boolean') throw new InvalidArgumentError(`${this.owner}.${key}`, 'true or false', v);
    this.resolved[key] = v;
    return v;
  }

  /** One of a list of strings. */
  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const v = assertOneOf(`${this.owner}.${key}`, this.raw[key] ?? fallback, allowed);
    this.resolved[key] = v;
    return v;
  }

  /** A number or a schedule whose values stay in `range`. */
  schedule(key: string, fallback: ScheduleLike, range: ScheduleRange): ScheduledParameter {
    const spec = validateSchedule(`${this.owner}.${key}`, this.raw[key] ?? fallback, range);
    this.resolved[key] = spec;
    return new ScheduledParameter(spec);
  }

  /** A step size α ∈ (0, 1] (number or schedule), or `'average'` for sample averages α = 1/N. */
  stepSize(key: string, fallback: ScheduleLike | 'average'): ScheduledParameter | 'average' {
    const v = this.raw[key] ?? fallback;
    if (v === 'average') {
      this.resolved[key] = 'average';
      return 'average';
    }
    if (typeof v === 'string') {
      throw new InvalidArgumentError(`${this.owner}.${key}`, "a number in (0, 1], a schedule, or 'average'", v);
    }
    return this.schedule(key, v as ScheduleLike, ALPHA_RANGE);
  }
}

/**
 * @internal A value that follows a schedule: refreshed once per episode (`unit: 'episode'`) or
 * before every step (`unit: 'step'`).
 */
export class ScheduledParameter {
  readonly spec: ScheduleSpec;
  /** Whether the counter is the step count (else the episode count). */
  readonly perStep: boolean;
  /** The current value. */
  value: number;

  constructor(spec: ScheduleSpec) {
    this.spec = spec;
    this.perStep = spec.unit === 'step';
    this.value = scheduleValue(spec, 0);
  }

  /** Start of an episode: episode-unit schedules move to t = `episodesDone`, step-unit ones to t = `steps`. */
  refresh(episodesDone: number, steps: number): number {
    this.value = scheduleValue(this.spec, this.perStep ? steps : episodesDone);
    return this.value;
  }

  /** Before a step: step-unit schedules move to t = `steps`. */
  atStep(steps: number): number {
    if (this.perStep) this.value = scheduleValue(this.spec, steps);
    return this.value;
  }
}

/**
 * Base class of the tabular agents. It owns the environment, the seeded generator and the episode
 * loop of {@link TabularAgent.learn}; subclasses implement `runEpisode()` with
 * {@link TabularAgent.resetEnv} and {@link TabularAgent.stepEnv}, which speak table indices
 * (state index = observation − space start) and keep the episode's return, length and end flags.
 *
 * Seeding: `new Rng(seed)` gives the environment's first reset seed and, split off it, the
 * generator for the agent's own draws (actions, exploring starts, coin flips) and a separate one
 * for `predict`, so predicting never changes what a later `learn()` does.
 */
/**
 * What a tabular agent carries from one episode to the next besides its value table: the seed of
 * the next environment reset, its generators and its counters (see {@link TabularAgent.getState}).
 */
export interface TabularAgentState {
  /** Seed of the next reset (only the first reset is seeded), or null once it was used. */
  envSeed: number | null;
  /** Episodes finished. */
  episodes: number;
  /** Environment steps taken. */
  steps: number;
  /** The agent's generator (actions, exploring starts, coin flips). */
  rng: RngState;
  /** The generator of `predict`. */
  predictRng: RngState;
}

export abstract class TabularAgent {
  /** The environment the agent learns on. */
  readonly env: Env<number, number>;
  /** Number of states. */
  readonly nS: number;
  /** Number of actions. */
  readonly nA: number;
  /** Discount factor γ. */
  readonly gamma: number;
  /** Seed of the run. */
  readonly seed: number;
  /** Step cap per episode. */
  readonly maxStepsPerEpisode: number;
  /** The transition model when the env samples a TabularMDP (used by exploring starts). */
  protected readonly model: TabularMDP | undefined;
  /** The agent's generator (all of its randomness). */
  protected readonly rng: Rng;
  /** Generator used by `predict`. */
  protected readonly predictRng: Rng;
  protected readonly observationStart: number;
  protected readonly actionStart: number;
  protected readonly cfg: ConfigReader;
  /** Step size, when the agent uses a scheduled α (set by subclasses). */
  protected alphaParam: ScheduledParameter | undefined = undefined;
  /** Exploration rate, when the agent uses ε (set by subclasses). */
  protected epsilonParam: ScheduledParameter | undefined = undefined;

  /** Reward of the last `stepEnv`. */
  protected reward = 0;
  /** The last `stepEnv` reached a terminal state (do not bootstrap). */
  protected terminated = false;
  /** The episode is over after the last `stepEnv` (terminated, truncated, or capped). */
  protected ended = false;

  private envSeed: number | undefined;
  private episodesDone = 0;
  private steps = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeTruncated = false;

  /**
   * @param owner class name used in error messages (`QLearning.alpha must be …`).
   * @param keys config keys the subclass accepts besides gamma, seed and maxStepsPerEpisode.
   */
  protected constructor(owner: string, env: TabularEnvInput, config: unknown, keys: readonly string[]) {
    this.cfg = new ConfigReader(owner, config, ['gamma', 'seed', 'maxStepsPerEpisode', ...keys]);
    const info = resolveTabularEnv(`${owner} env`, env);
    this.env = info.env;
    this.nS = info.nS;
    this.nA = info.nA;
    this.observationStart = info.observationStart;
    this.actionStart = info.actionStart;
    this.model = info.model;
    this.gamma = this.cfg.number('gamma', info.model?.gamma ?? 0.99, { min: 0, max: 1 });
    this.seed = this.cfg.integer('seed', 0, 0, Number.MAX_SAFE_INTEGER);
    this.maxStepsPerEpisode = this.cfg.integer('maxStepsPerEpisode', DEFAULT_MAX_STEPS_PER_EPISODE, 1);
    const root = new Rng(this.seed);
    this.envSeed = root.nextSeed();
    this.rng = root.split();
    this.predictRng = root.split();
  }

  /** Episodes finished over the agent's lifetime. */
  get episodes(): number {
    return this.episodesDone;
  }

  /** Environment steps taken over the agent's lifetime. */
  get totalSteps(): number {
    return this.steps;
  }

  /**
   * The agent's state between episodes (without its value table, which is public): with the
   * table, the environment's own state (`snapshotEnvState`) and {@link setState}, a checkpointed
   * agent continues exactly as it would have.
   */
  getState(): TabularAgentState {
    return { envSeed: this.envSeed ?? null, episodes: this.episodesDone, steps: this.steps, rng: this.rng.getState(), predictRng: this.predictRng.getState() };
  }

  /** Restores a state from {@link getState} (between episodes). */
  setState(state: TabularAgentState): void {
    assertKnownKeys('tabular agent state', state, ['envSeed', 'episodes', 'steps', 'rng', 'predictRng']);
    this.envSeed = state.envSeed === null ? undefined : assertInteger('state.envSeed', state.envSeed, 0);
    this.episodesDone = assertInteger('state.episodes', state.episodes, 0);
    this.steps = assertInteger('state.steps', state.steps, 0);
    this.rng.setState(state.rng);
    this.predictRng.setState(state.predictRng);
  }

  /** The validated config, with defaults filled in and numbers as schedules where they are scheduled (JSON-safe; policies are left out). */
  getConfig(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.cfg.resolved)) as Record<string, unknown>;
  }

  /**
   * Runs `episodes` episodes, learning as it goes, and returns their learning curve
   * (`{ episode, return, length }`, see {@link LearningCurve}). Can be called again to continue.
   */
  learn(options: LearnOptions): LearningCurve {
    const owner = this.cfg.owner;
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError(`${owner}.learn options`, 'an object { episodes, onEpisode? }', options);
    }
    assertKnownKeys(`${owner}.learn options`, options, ['episodes', 'onEpisode']);
    const episodes = assertInteger(`${owner}.learn options.episodes`, options.episodes, 1);
    const onEpisode = options.onEpisode;
    if (onEpisode !== undefined && typeof onEpisode !== 'function') {
      throw new InvalidArgumentError(`${owner}.learn options.onEpisode`, 'a function (stats) => boolean | void', onEpisode);
    }
    const curve = emptyLearningCurve();
    for (let i = 0; i < episodes; i++) {
      const alpha = this.alphaParam?.refresh(this.episodesDone, this.steps);
      const epsilon = this.epsilonParam?.refresh(this.episodesDone, this.steps);
      this.episodeReturn = 0;
      this.episodeLength = 0;
      this.episodeTruncated = false;
      this.ended = false;
      this.terminated = false;
      this.beginEpisode();
      this.runEpisode();
      this.episodesDone++;
      curve.episode.push(this.episodesDone);
      curve.return.push(this.episodeReturn);
      curve.length.push(this.episodeLength);
      if (onEpisode !== undefined) {
        const stats: EpisodeStats = {
          episode: this.episodesDone,
          return: this.episodeReturn,
          length: this.episodeLength,
          terminated: this.terminated,
          truncated: this.episodeTruncated,
          totalSteps: this.steps,
        };
        if (alpha !== undefined) stats.alpha = alpha;
        if (epsilon !== undefined) stats.epsilon = epsilon;
        if (onEpisode(stats) === false) break;
      }
    }
    return curve;
  }

  /** Plays and learns from one episode (reset, steps until `this.ended`). */
  protected abstract runEpisode(): void;

  /** Hook run before each episode, after the schedules moved (e.g. to hand ε to the behaviour policy). */
  protected beginEpisode(): void {}

  /** The action the agent takes in state `s` while learning. */
  protected abstract selectAction(s: number): number;

  /**
   * Plays one episode from state `start` (already reset), choosing actions with `selectAction`
   * (the first one is `firstAction` when given, as with exploring starts), and records every
   * (state, action, reward, probability) into `buffer` (cleared first); `probability(s, a)`, when
   * given, is the behaviour policy's b(a|s) for importance sampling (else 1). The Monte Carlo
   * methods learn from the buffer.
   */
  protected recordEpisode(
    buffer: EpisodeBuffer,
    start: number,
    options: { firstAction?: number; probability?: (s: number, a: number) => number } = {},
  ): void {
    buffer.clear();
    let s = start;
    let a = options.firstAction ?? this.selectAction(s);
    for (;;) {
      const p = options.probability ? options.probability(s, a) : 1;
      const next = this.stepEnv(a);
      buffer.push(s, a, this.reward, p);
      if (this.ended) return;
      s = next;
      a = this.selectAction(s);
    }
  }

  /** Resets the env (seeded on the agent's first episode) and returns the start state index. */
  protected resetEnv(): number {
    const seed = this.envSeed;
    this.envSeed = undefined;
    const { observation } = seed === undefined ? this.env.reset() : this.env.reset({ seed });
    return this.stateIndex(observation);
  }

  /**
   * Takes action index `action`; sets `reward`, `terminated` and `ended`, adds to the episode's
   * return and length, and returns the next state index. `ended` is true on termination,
   * truncation, or when the episode reaches `maxStepsPerEpisode`.
   */
  protected stepEnv(action: number): number {
    const result = this.env.step(action + this.actionStart);
    const next = this.stateIndex(result.observation);
    const r = result.reward;
    if (typeof r !== 'number' || Number.isNaN(r)) {
      throw new EnvOutputError(`${this.cfg.owner}: the environment returned reward ${String(r)}; rewards must be numbers`);
    }
    this.reward = r;
    this.steps++;
    this.episodeLength++;
    this.episodeReturn += r;
    this.terminated = result.terminated;
    this.episodeTruncated = !result.terminated && (result.truncated || this.episodeLength >= this.maxStepsPerEpisode);
    this.ended = result.terminated || this.episodeTruncated;
    return next;
  }

  /** Table index of an observation. */
  protected stateIndex(observation: unknown): number {
    const s = (observation as number) - this.observationStart;
    if (!(s >= 0 && s < this.nS) || Math.floor(s) !== s) {
      throw new EnvOutputError(
        `${this.cfg.owner}: the environment returned observation ${String(observation)}, outside its Discrete(${this.nS}${this.observationStart === 0 ? '' : `, start=${this.observationStart}`}) observation space`,
      );
    }
    return s;
  }
}

/** Config fields of every action-value (control) agent. */
export interface TabularControlConfig extends TabularAgentConfig {
  /** Q(s, a) for every pair before learning (default 0; optimistic values encourage exploration). */
  initialValue?: number | undefined;
}

/**
 * Base class of the control agents: an action-value table `q` (nS × nA, row-major:
 * Q(s, a) = `q[s * nA + a]`) and an ε-greedy behaviour policy (mdp-core's EpsilonGreedyPolicy
 * reading `q` live; greedy ties are broken at random).
 */
export abstract class TabularControlAgent extends TabularAgent {
  /** Q(s, a) at index s · nA + a, updated in place while learning. */
  readonly q: Float64Array;
  /** The ε-greedy policy the agent acts with (reads `q` live; its ε follows the schedule). */
  protected readonly behaviour: EpsilonGreedyPolicy;

  /**
   * @param keys subclass config keys; include `'epsilon'` to get a scheduled ε (default 0.1),
   *   otherwise the behaviour policy is greedy (ε = 0).
   */
  protected constructor(owner: string, env: TabularEnvInput, config: unknown, keys: readonly string[]) {
    super(owner, env, config, ['initialValue', ...keys]);
    const initialValue = this.cfg.number('initialValue', 0);
    this.q = new Float64Array(this.nS * this.nA).fill(initialValue);
    if (keys.includes('epsilon')) this.epsilonParam = this.cfg.schedule('epsilon', 0.1, EPSILON_RANGE);
    this.behaviour = new EpsilonGreedyPolicy(this.q, { nA: this.nA, epsilon: this.epsilonParam?.value ?? 0 });
  }

  /** The current exploration rate ε (0 for agents without ε). */
  get epsilon(): number {
    return this.epsilonParam?.value ?? 0;
  }

  /** The greedy policy π(s) = argmax_a Q(s, a) (ties to the lowest action index), as a snapshot of `q`. */
  greedyPolicy(): DeterministicTabularPolicy {
    return DeterministicTabularPolicy.greedy(this.q, this.nS, this.nA);
  }

  /** An ε-greedy policy over `q` (read live), with the agent's current ε unless given. */
  epsilonGreedyPolicy(epsilon: number = this.epsilon): EpsilonGreedyPolicy {
    return new EpsilonGreedyPolicy(this.q, { nA: this.nA, epsilon });
  }

  /** V(s) = max_a Q(s, a) for every state. */
  stateValues(): Float64Array {
    const v = new Float64Array(this.nS);
    for (let s = 0; s < this.nS; s++) v[s] = this.maxQ(s);
    return v;
  }

  /**
   * An action for `observation` (in the env's own spaces). `deterministic: true` gives the greedy
   * action (ties to the lowest index); otherwise (the default, as in SB3) an ε-greedy draw with the
   * current ε, from a generator separate from the one used for learning.
   */
  predict(observation: number, options: { deterministic?: boolean | undefined } = {}): number {
    const s = this.stateIndex(observation);
    const a = options.deterministic === true ? this.firstGreedyAction(s) : this.behaviour.act(s, this.predictRng);
    return a + this.actionStart;
  }

  protected override beginEpisode(): void {
    if (this.epsilonParam !== undefined) this.behaviour.epsilon = this.epsilonParam.value;
  }

  /** An ε-greedy action index in state `s` (moves a step-unit ε schedule first). */
  protected selectAction(s: number): number {
    const eps = this.epsilonParam;
    if (eps !== undefined && eps.perStep) this.behaviour.epsilon = eps.atStep(this.totalSteps);
    return this.behaviour.act(s, this.rng);
  }

  /** max_a Q(s, a). */
  protected maxQ(s: number): number {
    const q = this.q;
    const off = s * this.nA;
    let m = q[off]!;
    for (let a = 1; a < this.nA; a++) if (q[off + a]! > m) m = q[off + a]!;
    return m;
  }

  /**
   * π(a|s) of the ε-greedy policy over the current `q` with exploration rate `epsilon`:
   * ε/nA + (1 − ε)/|G(s)| when a is one of the |G(s)| maximising actions, else ε/nA (ties share
   * the greedy mass, as in the behaviour policy).
   */
  protected epsilonGreedyProbability(s: number, a: number, epsilon: number): number {
    const q = this.q;
    const off = s * this.nA;
    const m = this.maxQ(s);
    let ties = 0;
    for (let b = 0; b < this.nA; b++) if (q[off + b] === m) ties++;
    return epsilon / this.nA + (q[off + a] === m ? (1 - epsilon) / ties : 0);
  }

  /**
   * Σ_a π(a|s) Q(s, a) for the ε-greedy policy with exploration rate `epsilon`:
   * (ε/nA) Σ_a Q(s, a) + (1 − ε) max_a Q(s, a).
   */
  protected epsilonGreedyExpectation(s: number, epsilon: number): number {
    const q = this.q;
    const off = s * this.nA;
    let sum = 0;
    let m = q[off]!;
    for (let a = 0; a < this.nA; a++) {
      const x = q[off + a]!;
      sum += x;
      if (x > m) m = x;
    }
    return (epsilon / this.nA) * sum + (1 - epsilon) * m;
  }

  /** argmax_a Q(s, a), ties to the lowest index. */
  protected firstGreedyAction(s: number): number {
    const q = this.q;
    const off = s * this.nA;
    let best = 0;
    for (let a = 1; a < this.nA; a++) if (q[off + a]! > q[off + best]!) best = a;
    return best;
  }
}

/** Config fields of every state-value (prediction) agent. */
export interface TabularPredictionConfig extends TabularAgentConfig {
  /**
   * The policy whose values are estimated, acting on the env's own observations and actions
   * (default: uniformly random over the action space). Not part of `getConfig()`.
   */
  policy?: Policy<number, number> | undefined;
  /** V(s) for every state before learning (default 0; Sutton & Barto's random walk starts at 0.5). */
  initialValue?: number | undefined;
}

/** Base class of the prediction agents: a state-value table `v` (length nS) and a fixed policy. */
export abstract class TabularPredictionAgent extends TabularAgent {
  /** V(s) for every state index, updated in place while learning. */
  readonly v: Float64Array;
  /** The policy being evaluated. */
  readonly policy: Policy<number, number>;

  protected constructor(owner: string, env: TabularEnvInput, config: unknown, keys: readonly string[]) {
    super(owner, env, config, ['policy', 'initialValue', ...keys]);
    this.v = new Float64Array(this.nS).fill(this.cfg.number('initialValue', 0));
    this.policy = readPolicy(`${owner}.policy`, this.cfg.get('policy'), this.env);
  }

  /** The action index the evaluated policy takes in state index `s`. */
  protected selectAction(s: number): number {
    return this.policyAction(this.policy, s);
  }

  /** An action index drawn from `policy` (which speaks env observations and actions) in state index `s`. */
  protected policyAction(policy: Policy<number, number>, s: number): number {
    const action = policy.act(s + this.observationStart, this.rng);
    const a = action - this.actionStart;
    if (!(a >= 0 && a < this.nA) || Math.floor(a) !== a) {
      throw new InvalidArgumentError(`${this.cfg.owner}.policy action`, `an action of the env's action space (Discrete(${this.nA}))`, action);
    }
    return a;
  }
}

/** @internal Validates a Policy given in a config (default: uniformly random over the env's action space). */
export function readPolicy(field: string, value: unknown, env: Env<number, number>): Policy<number, number> {
  if (value === undefined) return new RandomPolicy(env.actionSpace);
  if (value === null || typeof value !== 'object' || typeof (value as { act?: unknown }).act !== 'function') {
    throw new InvalidArgumentError(field, 'a Policy with act(observation, rng)', value);
  }
  return value as Policy<number, number>;
}

/**
 * @internal π(a|s) of a policy as a function of (state index, action index), for importance
 * sampling. Tabular policies from mdp-core are read straight from their arrays; any other policy
 * must have `probs(observation)` (called with the env's observation, one allocation per call).
 */
export function policyProbability(
  field: string,
  policy: Policy<number, number>,
  nS: number,
  nA: number,
  observationStart: number,
): (s: number, a: number) => number {
  if (observationStart === 0 && policy instanceof DeterministicTabularPolicy && policy.nS === nS && policy.nA === nA) {
    const actions = policy.actions;
    return (s, a) => (actions[s] === a ? 1 : 0);
  }
  if (observationStart === 0 && policy instanceof StochasticTabularPolicy && policy.nS === nS && policy.nA === nA) {
    const table = policy.table;
    return (s, a) => table[s * nA + a]!;
  }
  const probs = (policy as { probs?: unknown }).probs;
  if (typeof probs !== 'function') {
    throw new InvalidArgumentError(field, 'a Policy with probs(observation) (importance sampling needs π(a|s))', policy);
  }
  const get = probs as (obs: number) => ArrayLike<number>;
  return (s, a) => {
    const p = get.call(policy, s + observationStart);
    if (p === null || typeof p !== 'object' || p.length !== nA) {
      throw new InvalidArgumentError(`${field}.probs(${s + observationStart})`, `an array of ${nA} probabilities`, p);
    }
    return p[a]!;
  };
}
