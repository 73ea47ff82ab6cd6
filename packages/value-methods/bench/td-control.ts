/**
 * Throughput of tabular TD control: Q-learning and SARSA on CliffWalking (4×12) and on a
 * 100×100 gridworld (start top-left, goal bottom-right, −1 per step). Prints episodes/s and
 * steps/s; asserts nothing about timing.
 *
 * Run alone with `npx tsx --conditions=@bellman/source bench/td-control.ts`, or from
 * bench/index.ts through `runTdControlBench()`.
 */
import { pathToFileURL } from 'node:url';
import { CliffWalkingEnv, GridWorldEnv, type Env } from '@bellman/mdp-core';
import type { TabularControlAgent } from '../src/tabular-agent.js';
import { QLearning, Sarsa } from '../src/td/index.js';

interface Case {
  env: string;
  make: () => Env<number, number>;
  episodes: number;
}

const cases: Case[] = [
  { env: 'CliffWalking 4×12', make: () => new CliffWalkingEnv(), episodes: 5000 },
  {
    env: 'GridWorld 100×100',
    make: () => new GridWorldEnv({ rows: 100, cols: 100, start: [0, 0], terminals: [{ cell: [99, 99] }], stepReward: -1, gamma: 1 }),
    episodes: 300,
  },
];

const algorithms: [string, (env: Env<number, number>, seed: number) => TabularControlAgent][] = [
  ['Q-learning', (env, seed) => new QLearning(env, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed })],
  ['SARSA', (env, seed) => new Sarsa(env, { alpha: 0.5, epsilon: 0.1, gamma: 1, seed })],
];

function run(c: Case, make: (env: Env<number, number>, seed: number) => TabularControlAgent, seed: number) {
  const agent = make(c.make(), seed);
  const t0 = performance.now();
  const curve = agent.learn({ episodes: c.episodes });
  const seconds = (performance.now() - t0) / 1000;
  const last = curve.return.slice(-100);
  return { seconds, steps: agent.totalSteps, lastMean: last.reduce((a, b) => a + b, 0) / last.length };
}

/** Prints a Markdown table of episodes/s and steps/s for Q-learning and SARSA on each environment. */
export function runTdControlBench(): void {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  console.log('| env | algorithm | episodes | steps | episodes/s | steps/s | mean return, last 100 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    for (const [name, make] of algorithms) {
      run({ ...c, episodes: Math.max(1, Math.floor(c.episodes / 10)) }, make, 99); // warm-up (JIT)
      const r = run(c, make, 0);
      console.log(
        `| ${c.env} | ${name} | ${c.episodes} | ${r.steps} | ${Math.round(c.episodes / r.seconds)} | ${Math.round(r.steps / r.seconds)} | ${r.lastMean.toFixed(1)} |`,
      );
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runTdControlBench();
