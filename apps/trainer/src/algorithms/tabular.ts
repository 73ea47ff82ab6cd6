/**
 * Q-learning and SARSA (@bellman/value-methods) behind the trainer's `Algorithm` interface.
 *
 * An update is `logInterval` episodes (one metrics row); the budget `steps` counts env steps
 * (the last episode is finished, so a run may overshoot by less than one episode).
 *
 * Checkpoints are one JSON file: the Q table, the counters and the states of the agent's and the
 * env's generators, taken between episodes — all a TD agent carries from one episode to the next
 * — so a resumed run continues bit for bit (the agent's part through TabularAgent's
 * `getState`/`setState`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, evaluatePolicy, unwrap, type Env, type EvaluationResult, type RngState } from '@bellman/mdp-core';
import type { QLearning, Sarsa } from '@bellman/value-methods';
import { UsageError, toCliError } from '../errors.js';
import type { TrainConfig } from '../config/schema.js';
import { writeFileAtomic } from '../run/atomic.js';
import { envInfo, gridShape, makeEnv } from './env-info.js';
import type { Algorithm, AlgorithmFactory, MetricsRow, UpdateVerdict, ValueGrid } from './types.js';

type Agent = QLearning | Sarsa;
type TabularAlgo = 'q-learning' | 'sarsa';

const FILE = 'tabular.json';
const FORMAT = 'bellman-trainer-tabular';
const VERSION = 1;

interface TabularState {
  format: typeof FORMAT;
  version: typeof VERSION;
  algo: TabularAlgo;
  nS: number;
  nA: number;
  q: number[];
  episodes: number;
  steps: number;
  envSeed: number | null;
  rng: RngState;
  predictRng: RngState;
  envRng: RngState;
  updates: number;
}

function envRng(agent: Agent): Rng {
  const inner = unwrap<{ rng?: unknown }>(agent.env);
  if (!(inner.rng instanceof Rng)) throw new Error('the environment has no seeded generator to checkpoint');
  return inner.rng;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class TabularAlgorithm implements Algorithm {
  readonly lossKeys = [];
  readonly totalTimesteps: number;

  constructor(
    readonly algo: TabularAlgo,
    private readonly agent: Agent,
    private readonly config: TrainConfig,
    private updates = 0,
  ) {
    this.totalTimesteps = config.steps;
  }

  get numTimesteps(): number {
    return this.agent.totalSteps;
  }

  async learn(onUpdate: (row: MetricsRow) => UpdateVerdict): Promise<'done' | 'stopped'> {
    const start = performance.now();
    const startSteps = this.agent.totalSteps;
    while (this.agent.totalSteps < this.totalTimesteps) {
      const curve = this.agent.learn({
        episodes: this.config.logInterval,
        onEpisode: (s) => s.totalSteps < this.totalTimesteps,
      });
      this.updates++;
      const elapsed = (performance.now() - start) / 1e3;
      const row: MetricsRow = {
        global_step: this.agent.totalSteps,
        iteration: this.updates,
        episode: this.agent.episodes,
        'charts/episodic_return': mean(curve.return),
        'charts/episodic_length': mean(curve.length),
        'charts/epsilon': this.agent.epsilon,
        'charts/SPS': elapsed > 0 ? (this.agent.totalSteps - startSteps) / elapsed : 0,
      };
      if ((await onUpdate(row)) === false) return this.agent.totalSteps >= this.totalTimesteps ? 'done' : 'stopped';
      await yieldToEventLoop();
    }
    return 'done';
  }

  save(dir: string): Promise<void> {
    const a = this.agent.getState();
    const state: TabularState = {
      format: FORMAT,
      version: VERSION,
      algo: this.algo,
      nS: this.agent.nS,
      nA: this.agent.nA,
      q: Array.from(this.agent.q),
      episodes: a.episodes,
      steps: a.steps,
      envSeed: a.envSeed,
      rng: a.rng,
      predictRng: a.predictRng,
      envRng: envRng(this.agent).getState(),
      updates: this.updates,
    };
    writeFileAtomic(join(dir, FILE), JSON.stringify(state));
    return Promise.resolve();
  }

  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult {
    const env = makeEnv(this.config.env, this.config.envOptions) as Env<number, number>;
    const q = this.agent.q;
    const { nA } = this.agent;
    const eps = this.agent.epsilon;
    try {
      // Greedy (ties to the lowest action) or ε-greedy from the evaluation's own generator.
      return evaluatePolicy(
        env,
        (s, rng) => {
          if (!options.deterministic && rng.random() < eps) return rng.integer(nA);
          let best = 0;
          for (let a = 1; a < nA; a++) if (q[s * nA + a]! > q[s * nA + best]!) best = a;
          return best;
        },
        { episodes, seed: options.seed },
      );
    } finally {
      env.close?.();
    }
  }

  valueGrid(): ValueGrid | undefined {
    const shape = gridShape(this.agent.env);
    if (shape === undefined || shape[0] * shape[1] !== this.agent.nS) return undefined;
    return { values: Array.from(this.agent.stateValues()), rows: shape[0], cols: shape[1], label: 'V(s) = max_a Q(s, a)' };
  }

  resolvedParams(): Record<string, unknown> {
    const { seed: _seed, ...rest } = this.agent.getConfig();
    return rest;
  }

  dispose(): void {
    this.agent.env.close?.();
  }
}

function readState(dir: string, algo: TabularAlgo): TabularState {
  const file = join(dir, FILE);
  let state: Partial<TabularState>;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as Partial<TabularState>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      code === 'ENOENT' ? `checkpoint ${dir} has no ${FILE}` : `checkpoint file ${file} is corrupt: ${(error as Error).message}`,
    );
  }
  const rngOk = (r: unknown) => Array.isArray(r) && r.length === 4 && r.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32);
  if (
    state.format !== FORMAT ||
    state.version !== VERSION ||
    state.algo !== algo ||
    !Array.isArray(state.q) ||
    !state.q.every((x) => typeof x === 'number') ||
    !Number.isSafeInteger(state.episodes) ||
    !Number.isSafeInteger(state.steps) ||
    !Number.isSafeInteger(state.updates) ||
    !rngOk(state.rng) ||
    !rngOk(state.predictRng) ||
    !rngOk(state.envRng)
  ) {
    throw new UsageError(`checkpoint file ${file} is corrupt or not a ${algo} checkpoint of this trainer (format ${FORMAT} v${VERSION})`);
  }
  return state as TabularState;
}

async function newAgent(algo: TabularAlgo, config: TrainConfig): Promise<Agent> {
  const { QLearning, Sarsa } = await import('@bellman/value-methods');
  const env = makeEnv(config.env, config.envOptions);
  const Ctor = algo === 'q-learning' ? QLearning : Sarsa;
  try {
    return new Ctor(env, { ...(config.params as object), seed: config.seed });
  } catch (error) {
    env.close?.();
    throw toCliError(error, 'params.');
  }
}

function checkDiscrete(algo: TabularAlgo, envId: string, envOptions: Record<string, unknown>): string | undefined {
  const info = envInfo(envId, envOptions);
  if (info.observationKind !== 'Discrete' || info.actionKind !== 'Discrete') {
    return `${algo} keeps one table entry per state and action and needs Discrete observation and action spaces; ${envId} has ${info.observationSpace} observations and ${info.actionSpace} actions`;
  }
  return undefined;
}

function tabularFactory(algo: TabularAlgo): AlgorithmFactory {
  return {
    needsBackend: false,
    checkEnv: (envId, envOptions) => checkDiscrete(algo, envId, envOptions),
    async create(config) {
      return new TabularAlgorithm(algo, await newAgent(algo, config), config);
    },
    async load(dir, config) {
      const state = readState(dir, algo);
      const agent = await newAgent(algo, config);
      if (state.nS !== agent.nS || state.nA !== agent.nA || state.q.length !== agent.nS * agent.nA) {
        agent.env.close?.();
        throw new UsageError(`checkpoint ${dir} holds a ${state.nS} x ${state.nA} Q table; ${config.env} needs ${agent.nS} x ${agent.nA}`);
      }
      agent.q.set(state.q);
      agent.setState({ envSeed: state.envSeed, episodes: state.episodes, steps: state.steps, rng: state.rng, predictRng: state.predictRng });
      envRng(agent).setState(state.envRng);
      return new TabularAlgorithm(algo, agent, config, state.updates);
    },
  };
}

export const qLearningFactory = tabularFactory('q-learning');
export const sarsaFactory = tabularFactory('sarsa');
