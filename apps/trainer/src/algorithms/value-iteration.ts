/**
 * Value iteration (@bellman/value-methods) on the transition model of a tabular environment,
 * behind the trainer's `Algorithm` interface.
 *
 * An update is `logInterval` sweeps; `steps` caps the number of sweeps. Each update runs
 * `valueIteration` from the current values (`init`), so a run can stop and continue between
 * sweeps; training ends when a sweep changes no value by `theta` or more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatePolicy, toTabular, type Env, type EvaluationResult, type TabularMDP } from '@bellman/mdp-core';
import type { ValueIterationOptions } from '@bellman/value-methods';
import { UsageError, toCliError } from '../errors.js';
import type { TrainConfig } from '../config/schema.js';
import { writeFileAtomic } from '../run/atomic.js';
import { gridShape, makeEnv } from './env-info.js';
import type { Algorithm, AlgorithmFactory, MetricsRow, UpdateVerdict, ValueGrid } from './types.js';

const FILE = 'value-iteration.json';
const FORMAT = 'bellman-trainer-value-iteration';

interface State {
  format: typeof FORMAT;
  version: 1;
  sweeps: number;
  values: number[];
  policy: number[];
  delta: number | null;
  converged: boolean;
}

type Solve = (mdp: TabularMDP, options: ValueIterationOptions) => { values: Float64Array; policy: Int32Array; delta: number; converged: boolean };

class ValueIterationAlgorithm implements Algorithm {
  readonly algo = 'value-iteration' as const;
  readonly lossKeys = ['charts/delta'];
  readonly totalTimesteps: number;
  private readonly mdp: TabularMDP;
  private readonly gamma: number;

  constructor(
    private readonly solve: Solve,
    private readonly env: Env<unknown, unknown>,
    private readonly config: TrainConfig,
    private state: State,
  ) {
    this.totalTimesteps = config.steps;
    this.mdp = toTabular(env);
    // Like the tabular agents: the model's own γ when it has one, else 0.99.
    this.gamma = (config.params.gamma as number | undefined) ?? this.mdp.gamma ?? 0.99;
  }

  get numTimesteps(): number {
    return this.state.sweeps;
  }

  private options(sweeps: number): ValueIterationOptions {
    const p = this.config.params as { theta?: number; mode?: 'in-place' | 'synchronous'; order?: 'forward' | 'backward' | 'alternating'; init?: 'zeros' | 'lower-bound'; tieTolerance?: number };
    const done = this.state.sweeps;
    // Alternating order continues from the sweep number reached (an odd one runs alone, backward);
    // the start values only matter at sweep 0.
    const order = p.order === 'alternating' && done % 2 === 1 ? 'backward' : p.order;
    const opts: ValueIterationOptions = {
      gamma: this.gamma,
      maxSweeps: sweeps,
      init: done === 0 ? (p.init ?? 'zeros') : this.state.values,
    };
    if (p.theta !== undefined) opts.theta = p.theta;
    if (p.mode !== undefined) opts.mode = p.mode;
    if (order !== undefined) opts.order = order;
    if (p.tieTolerance !== undefined) opts.tieTolerance = p.tieTolerance;
    return opts;
  }

  async learn(onUpdate: (row: MetricsRow) => UpdateVerdict): Promise<'done' | 'stopped'> {
    while (!this.state.converged && this.state.sweeps < this.totalTimesteps) {
      let sweeps = Math.min(this.config.logInterval, this.totalTimesteps - this.state.sweeps);
      if (this.config.params.order === 'alternating' && this.state.sweeps % 2 === 1) sweeps = 1;
      let result;
      try {
        result = this.solve(this.mdp, this.options(sweeps));
      } catch (error) {
        throw toCliError(error, 'params.');
      }
      const values = Array.from(result.values);
      this.state = {
        ...this.state,
        sweeps: this.state.sweeps + sweeps,
        values,
        policy: Array.from(result.policy),
        delta: result.delta,
        converged: result.converged,
      };
      const row: MetricsRow = {
        global_step: this.state.sweeps,
        iteration: this.state.sweeps,
        'charts/delta': result.delta,
        'charts/mean_value': values.reduce((a, b) => a + b, 0) / values.length,
      };
      if ((await onUpdate(row)) === false) return this.state.converged ? 'done' : 'stopped';
    }
    return 'done';
  }

  save(dir: string): Promise<void> {
    writeFileAtomic(join(dir, FILE), JSON.stringify(this.state));
    return Promise.resolve();
  }

  evaluate(episodes: number, options: { seed: number; deterministic: boolean }): EvaluationResult {
    const env = makeEnv(this.config.env, this.config.envOptions) as Env<number, number>;
    const policy = this.state.policy;
    try {
      return evaluatePolicy(env, (s) => policy[s] ?? 0, { episodes, seed: options.seed });
    } finally {
      env.close?.();
    }
  }

  valueGrid(): ValueGrid | undefined {
    const shape = gridShape(this.env);
    if (shape === undefined || shape[0] * shape[1] !== this.mdp.nS || this.state.values.length === 0) return undefined;
    return { values: [...this.state.values], rows: shape[0], cols: shape[1], label: 'V*(s) (value iteration)' };
  }

  resolvedParams(): Record<string, unknown> {
    const p = this.config.params;
    return {
      gamma: this.gamma,
      theta: p.theta ?? 1e-6,
      mode: p.mode ?? 'in-place',
      order: p.order ?? 'forward',
      init: p.init ?? 'zeros',
      tieTolerance: p.tieTolerance ?? 1e-9,
    };
  }

  dispose(): void {
    this.env.close?.();
  }
}

function readState(dir: string, nS: number): State {
  const file = join(dir, FILE);
  let s: Partial<State>;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(code === 'ENOENT' ? `checkpoint ${dir} has no ${FILE}` : `checkpoint file ${file} is corrupt: ${(error as Error).message}`);
  }
  if (
    s.format !== FORMAT ||
    !Number.isSafeInteger(s.sweeps) ||
    !Array.isArray(s.values) ||
    !Array.isArray(s.policy) ||
    (s.sweeps! > 0 && (s.values.length !== nS || s.policy.length !== nS)) ||
    typeof s.converged !== 'boolean'
  ) {
    throw new UsageError(`checkpoint file ${file} is corrupt or does not fit this environment (${nS} states)`);
  }
  return s as State;
}

async function build(config: TrainConfig, dir?: string): Promise<Algorithm> {
  const { valueIteration } = await import('@bellman/value-methods');
  const env = makeEnv(config.env, config.envOptions);
  try {
    const mdp = toTabular(env);
    const state: State =
      dir === undefined
        ? { format: FORMAT, version: 1, sweeps: 0, values: [], policy: [], delta: null, converged: false }
        : readState(dir, mdp.nS);
    return new ValueIterationAlgorithm(valueIteration, env, config, state);
  } catch (error) {
    env.close?.();
    throw toCliError(error, 'params.');
  }
}

export const valueIterationFactory: AlgorithmFactory = {
  needsBackend: false,
  checkEnv(envId, envOptions) {
    const env = makeEnv(envId, envOptions);
    try {
      toTabular(env);
      return undefined;
    } catch {
      return `value-iteration needs the transition model of a tabular environment (FrozenLake, CliffWalking, Taxi, GridWorld); ${envId} has none`;
    } finally {
      env.close?.();
    }
  },
  create: (config) => build(config),
  load: (dir, config) => build(config, dir),
};
