// The quick-start job until the trainer exists: a random and a hand-made policy on
// CartPole-v1, each evaluated over 100 seeded episodes. Data on stdout, nothing else.
import { type Rng, evaluatePolicy, make } from '@bellman/mdp-core';

const env = make('CartPole-v1');

// Push the cart towards the side the pole is falling to: angle + angular velocity.
const handMade = (obs: Float32Array): number => (obs[2]! + obs[3]! > 0 ? 1 : 0);
const random = (_obs: Float32Array, rng: Rng): number => env.actionSpace.sample(rng);

const rows: string[] = [];
for (const [name, policy] of [
  ['random', random],
  ['hand-made (angle + angular velocity)', handMade],
] as const) {
  const started = performance.now();
  const result = evaluatePolicy(env, policy, { episodes: 100, seed: 0 });
  const ms = performance.now() - started;
  rows.push(
    `| ${name} | ${result.mean.toFixed(1)} | ${result.std.toFixed(1)} | ${Math.min(...result.returns)} | ${Math.max(...result.returns)} | ${ms.toFixed(0)} ms |`,
  );
}

console.log('CartPole-v1, 100 episodes (seed 0), undiscounted return per episode (max 500)\n');
console.log('| policy | mean | std | min | max | time |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
