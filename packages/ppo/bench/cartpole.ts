/**
 * CartPole-v1 benchmark of one PPO run: steps and wall seconds until the mean of the last 20
 * episodic returns first reaches 475, SPS, a per-update time breakdown and a final deterministic
 * evaluation. Prints figures; never asserts timings.
 */
import { make } from '@bellman/mdp-core';
import { PPO, type PPOPresetName } from '../src/index.js';

export interface CartpoleRunOptions {
  preset: PPOPresetName;
  seed: number;
  /** Stop after this many env steps if 475 was not reached. */
  capSteps: number;
  /** Stop as soon as the target is reached (default true). */
  stopAtTarget?: boolean;
}

export interface CartpoleRunResult {
  preset: PPOPresetName;
  seed: number;
  /** Env steps when the last-20 mean first reached 475, or null. */
  stepsTo475: number | null;
  /** Wall seconds (since the start of learn()) when it did, or null. */
  wallTo475: number | null;
  /** Env steps taken in total. */
  steps: number;
  /** Wall seconds of learn() in total. */
  wall: number;
  /** Env steps per second over the whole run. */
  sps: number;
  /** Mean return of 20 deterministic evaluation episodes after training. */
  evalMean: number;
  /** Median seconds per update of each phase. */
  perUpdate: { inference: number; env: number; train: number; total: number };
  /** global_step, episodic_return, wall_s rows. */
  csv: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Trains PPO on CartPole-v1 with a preset and seed (see the module comment). */
export async function runCartpole(options: CartpoleRunOptions): Promise<CartpoleRunResult> {
  const { preset, seed, capSteps } = options;
  const stopAtTarget = options.stopAtTarget ?? true;
  const agent = new PPO('CartPole-v1', { preset, seed });
  const window: number[] = [];
  const csv: string[] = [];
  let stepsTo475: number | null = null;
  let wallTo475: number | null = null;
  const inference: number[] = [];
  const env: number[] = [];
  const train: number[] = [];
  const total: number[] = [];
  const start = performance.now();
  let last = start;
  await agent.learn({
    totalTimesteps: capSteps,
    callbacks: {
      // wall time is taken when the episode ends, from the start of learn()
      onStep: ({ episodes }) => {
        if (episodes.length === 0) return true;
        const wall = (performance.now() - start) / 1e3;
        for (const e of episodes) {
          csv.push(`${e.globalStep},${e.return},${wall.toFixed(3)}`);
          window.push(e.return);
          if (window.length > 20) window.shift();
          if (stepsTo475 === null && window.length === 20 && window.reduce((a, b) => a + b, 0) / 20 >= 475) {
            stepsTo475 = e.globalStep;
            wallTo475 = wall;
          }
        }
        return !(stopAtTarget && stepsTo475 !== null);
      },
      onUpdate: (m) => {
        const now = performance.now();
        total.push((now - last) / 1e3);
        last = now;
        inference.push(m['time/rollout_inference_s']);
        env.push(m['time/env_step_s']);
        train.push(m['time/train_s']);
      },
    },
  });
  const wall = (performance.now() - start) / 1e3;
  const steps = agent.numTimesteps;
  const evalMean = agent.evaluate(make('CartPole-v1'), 20, { seed: 10_000 + seed }).mean;
  agent.dispose();
  return {
    preset,
    seed,
    stepsTo475,
    wallTo475,
    steps,
    wall,
    sps: steps / wall,
    evalMean,
    perUpdate: { inference: median(inference), env: median(env), train: median(train), total: median(total) },
    csv,
  };
}
