/**
 * DQN on CartPole-v1: for each seed, how many env steps and wall-clock seconds until a
 * deterministic evaluation (20 episodes, run every `evalEvery` steps) first reaches a mean return
 * of 475, and the evaluation at the end of the budget. Prints a Markdown table and the number of
 * seeds that solved the task. Never asserts.
 *
 * Run alone: `npx tsx bench/dqn-cartpole.ts [--seeds 0,1,2,3,4] [--steps 50000] [--eval-every 5000] [--double]`.
 * Workspace packages are read from their TypeScript sources through the "@bellman/source"
 * export condition; started without it, the script starts itself again with it (as
 * `bench/index.ts` does), so no build is needed. Runtime imports of workspace code are dynamic
 * for that reason.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DQN, DQNOptions } from '../src/dqn/index.js';

/** Options of {@link benchDqnCartpole}. */
export interface DqnCartpoleBenchOptions {
  /** Seeds to train, one run each (default 0–4). */
  seeds?: readonly number[];
  /** Env steps per run (default: the preset's 50 000). */
  totalTimesteps?: number;
  /** Evaluate every this many env steps (default 5000); the last evaluation is at the end of the budget. */
  evalEvery?: number;
  /** Episodes per evaluation (default 20). */
  evalEpisodes?: number;
  /** Mean return that counts as solved (default 475, CartPole-v1's reward threshold). */
  threshold?: number;
  /** Hyperparameters laid over `dqnPresets.cartpole.config`. */
  config?: Omit<DQNOptions, 'seed'>;
  /** Where progress lines go (default: console.log). */
  log?: (line: string) => void;
}

/** One evaluation during a run. */
export interface EvaluationPoint {
  step: number;
  mean: number;
  std: number;
  /** Wall seconds since the run started (evaluations included). */
  seconds: number;
}

/** The outcome of one seed. */
export interface DqnCartpoleSeedResult {
  seed: number;
  /** Env steps at the first evaluation with mean ≥ threshold, or null. */
  solvedAtStep: number | null;
  /** Wall seconds (training and evaluations so far) at that evaluation, or null. */
  solvedAtSeconds: number | null;
  /** The evaluation at the end of the budget. */
  final: EvaluationPoint;
  evaluations: EvaluationPoint[];
  /** Wall seconds of the whole run. */
  totalSeconds: number;
  /** Of which spent in evaluations. */
  evalSeconds: number;
  backend: string;
}

/** What {@link benchDqnCartpole} returns. */
export interface DqnCartpoleBenchResult {
  results: DqnCartpoleSeedResult[];
  solvedCount: number;
  /** The Markdown table printed. */
  table: string;
}

/** Trains DQN with `dqnPresets.cartpole` on CartPole-v1 for each seed and reports when it first reached the threshold. */
export async function benchDqnCartpole(options: DqnCartpoleBenchOptions = {}): Promise<DqnCartpoleBenchResult> {
  const [{ evaluatePolicy, make }, { initBackend }, { DQN: DQNClass, dqnPresets }] = await Promise.all([
    import('@bellman/mdp-core'),
    import('@bellman/mdp-core/tf'),
    import('../src/dqn/index.js'),
  ]);
  /** Mean undiscounted return of the greedy policy over `episodes` episodes, the env reseeded with `seed` first. */
  const evaluate = (agent: DQN, episodes: number, seed: number): { mean: number; std: number } => {
    const { mean, std } = evaluatePolicy(make('CartPole-v1'), (obs) => agent.predict(obs, { deterministic: true }), { episodes, seed });
    return { mean, std };
  };
  const seeds = options.seeds ?? [0, 1, 2, 3, 4];
  const preset = dqnPresets.cartpole;
  const totalTimesteps = options.totalTimesteps ?? preset.totalTimesteps;
  const evalEvery = options.evalEvery ?? 5000;
  const evalEpisodes = options.evalEpisodes ?? 20;
  const threshold = options.threshold ?? 475;
  const log = options.log ?? ((line: string) => console.log(line));
  const { name: backend } = await initBackend();
  log(`DQN CartPole-v1 — backend ${backend}, ${totalTimesteps} steps per seed, ${evalEpisodes}-episode deterministic evaluation every ${evalEvery} steps`);

  const results: DqnCartpoleSeedResult[] = [];
  for (const seed of seeds) {
    const agent = new DQNClass(make('CartPole-v1'), { ...preset.config, ...options.config, seed });
    const evaluations: EvaluationPoint[] = [];
    let evalMs = 0;
    const start = performance.now();
    const runEvaluation = (step: number): EvaluationPoint => {
      const t0 = performance.now();
      const { mean, std } = evaluate(agent, evalEpisodes, 10_000 + seed);
      evalMs += performance.now() - t0;
      const point = { step, mean, std, seconds: (performance.now() - start) / 1000 };
      evaluations.push(point);
      log(`  seed ${seed}  step ${String(step).padStart(6)}  eval ${mean.toFixed(1).padStart(5)} ± ${std.toFixed(1).padStart(5)}  ${point.seconds.toFixed(1)} s`);
      return point;
    };
    await agent.learn({
      totalTimesteps,
      callbacks: {
        onStep: ({ numTimesteps }) => {
          if (numTimesteps % evalEvery === 0 || numTimesteps === totalTimesteps) runEvaluation(numTimesteps);
        },
      },
    });
    const last = evaluations[evaluations.length - 1];
    const final = last !== undefined && last.step === totalTimesteps ? last : runEvaluation(totalTimesteps);
    const solved = evaluations.find((e) => e.mean >= threshold);
    results.push({
      seed,
      solvedAtStep: solved?.step ?? null,
      solvedAtSeconds: solved?.seconds ?? null,
      final,
      evaluations,
      totalSeconds: (performance.now() - start) / 1000,
      evalSeconds: evalMs / 1000,
      backend,
    });
    agent.dispose();
  }

  const rows = results.map((r) =>
    [
      String(r.seed),
      r.solvedAtStep === null ? 'not reached' : String(r.solvedAtStep),
      r.solvedAtSeconds === null ? '—' : r.solvedAtSeconds.toFixed(1),
      `${r.final.mean.toFixed(1)} ± ${r.final.std.toFixed(1)}`,
      r.totalSeconds.toFixed(1),
      r.evalSeconds.toFixed(1),
      r.backend,
    ].join(' | '),
  );
  const solvedCount = results.filter((r) => r.solvedAtStep !== null).length;
  const table = [
    `| seed | steps to ${threshold} | wall s to ${threshold} | final eval (${evalEpisodes} ep.) | total wall s | of which eval s | backend |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
  log('');
  log(table);
  log('');
  log(`${solvedCount} of ${results.length} seeds reached a mean of ${threshold} (target: at least 4 of 5).`);
  return { results, solvedCount, table };
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(entry).href;
}

/** Whether this process resolves workspace packages from their sources. */
function hasSourceCondition(): boolean {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some(
    (a, i) => a === '--conditions=@bellman/source' || a === '-C=@bellman/source' || ((a === '--conditions' || a === '-C') && args[i + 1] === '@bellman/source'),
  );
}

if (isMain()) {
  if (!hasSourceCondition() && process.env.BELLMAN_BENCH_CHILD !== '1') {
    const child = spawnSync(process.execPath, ['--conditions=@bellman/source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, BELLMAN_BENCH_CHILD: '1' },
    });
    process.exit(child.status ?? 1);
  }
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      steps: { type: 'string' },
      'eval-every': { type: 'string' },
      double: { type: 'boolean' },
    },
  });
  const t0 = performance.now();
  await benchDqnCartpole({
    ...(values.seeds === undefined ? {} : { seeds: values.seeds.split(',').map(Number) }),
    ...(values.steps === undefined ? {} : { totalTimesteps: Number(values.steps) }),
    ...(values['eval-every'] === undefined ? {} : { evalEvery: Number(values['eval-every']) }),
    ...(values.double === true ? { config: { doubleQ: true } } : {}),
  });
  console.log(`bench wall time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
