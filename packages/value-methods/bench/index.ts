/**
 * Runs the benchmarks of @bellman/value-methods (`pnpm --filter @bellman/value-methods bench`).
 *
 * Inside the workspace @bellman/mdp-core is read from its TypeScript sources through the
 * "@bellman/source" export condition. When the script was started without it (plain
 * `tsx bench/index.ts`), it starts itself again with `--conditions=@bellman/source`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD_FLAG = 'BELLMAN_BENCH_CHILD';
const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
const hasSourceCondition = args.some((a, i) => a === '--conditions=@bellman/source' || a === '-C=@bellman/source' || ((a === '--conditions' || a === '-C') && args[i + 1] === '@bellman/source'));

if (!hasSourceCondition && process.env[CHILD_FLAG] !== '1') {
  const result = spawnSync(process.execPath, ['--conditions=@bellman/source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [CHILD_FLAG]: '1' },
  });
  process.exit(result.status ?? 1);
}

// Dynamic programming: value iteration (single thread, workers, numpy reference).
const { runValueIterationBench } = await import('./value-iteration.js');
await runValueIterationBench();



// Monte Carlo / TD control throughput.
const { runTdControlBench } = await import('./td-control.js');
runTdControlBench();

// DQN on CartPole-v1, 5 seeds (about 7 minutes); skip with BELLMAN_BENCH_SKIP_DQN=1.
if (process.env.BELLMAN_BENCH_SKIP_DQN !== '1') {
  const { benchDqnCartpole } = await import('./dqn-cartpole.js');
  await benchDqnCartpole();
}
