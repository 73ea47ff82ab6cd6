import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Algorithm, MetricsRow, UpdateVerdict } from '../algorithms/index.js';
import type { TrainConfig } from '../config/schema.js';
import { TrainingError } from '../errors.js';
import { MetricsLog } from './metrics.js';
import { NoProgress } from './progress.js';
import { RunFolder, type RunState } from './run-folder.js';
import { INITIAL_STATE, runSession } from './session.js';
import { StopRequest } from './signals.js';

const config: TrainConfig = {
  algo: 'ppo',
  env: 'CartPole-v1',
  envOptions: {},
  seed: 0,
  steps: 100,
  preset: 'zoo',
  logInterval: 1,
  params: {},
  eval: { every: 100, episodes: 1, deterministic: true, seed: 0, stopWhenSolved: false },
  checkpoint: { every: 1, keep: 5 },
  report: { enabled: false, png: false, smoothing: 0 },
};

/** 10 steps per update; the loss is `losses(update)`. */
function fakeAlgorithm(losses: (update: number) => number): Algorithm {
  let steps = 0;
  return {
    algo: 'ppo',
    lossKeys: ['losses/x'],
    totalTimesteps: 100,
    get numTimesteps() {
      return steps;
    },
    async learn(onUpdate: (row: MetricsRow) => UpdateVerdict) {
      while (steps < 100) {
        steps += 10;
        if ((await onUpdate({ global_step: steps, 'losses/x': losses(steps / 10) })) === false) return 'stopped';
      }
      return 'done';
    },
    save(dir: string) {
      writeFileSync(join(dir, 'fake.json'), JSON.stringify({ steps }));
      return Promise.resolve();
    },
    evaluate: () => ({ mean: 1, std: 0, returns: [1], lengths: [1], meanLength: 1 }),
    resolvedParams: () => ({}),
    dispose: () => {},
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function session(algorithm: Algorithm) {
  const dir = mkdtempSync(join(tmpdir(), 'bellman-session-'));
  dirs.push(dir);
  const run = new RunFolder(dir);
  const stop = new StopRequest(() => {});
  const promise = runSession({
    run,
    config,
    algorithm,
    metrics: new MetricsLog(run.path('metrics.jsonl'), run.path('metrics.csv')),
    progress: new NoProgress(),
    stop,
    backend: null,
    state: INITIAL_STATE,
    createdAt: new Date(0).toISOString(),
    latestCheckpoint: null,
    bestCheckpoint: null,
  });
  return { run, promise };
}

describe('runSession', () => {
  it('stops on a non-finite loss, names it, and keeps the last good checkpoint', async () => {
    const { run, promise } = session(fakeAlgorithm((u) => (u === 3 ? Number.NaN : 1)));
    await expect(promise).rejects.toThrow(TrainingError);
    await expect(promise).rejects.toThrow(/diverged at step 30 \(update 3\): losses\/x = NaN.*last good checkpoint is .*step-000000020/);
    const state = JSON.parse(readFileSync(run.path('run.json'), 'utf8')) as RunState;
    expect(state.status).toBe('failed');
    expect(state.latestCheckpoint).toBe('checkpoints/step-000000020');
    expect(readdirSync(run.path('checkpoints')).sort()).toEqual(['step-000000010', 'step-000000020']);
    expect(JSON.parse(readFileSync(run.path('checkpoints/step-000000020/fake.json'), 'utf8'))).toEqual({ steps: 20 });
    expect(readFileSync(run.path('metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('treats Infinity like NaN', async () => {
    const { promise } = session(fakeAlgorithm((u) => (u === 1 ? Number.POSITIVE_INFINITY : 1)));
    await expect(promise).rejects.toThrow(/losses\/x = Infinity.*No checkpoint was written before it/);
  });

  it('finishes, keeping the newest checkpoints and writing the run state', async () => {
    const { run, promise } = session(fakeAlgorithm(() => 1));
    const result = await promise;
    expect(result).toMatchObject({ status: 'finished', exitCode: 0 });
    const steps = readdirSync(run.path('checkpoints')).filter((n) => n.startsWith('step-'));
    expect(steps).toHaveLength(5);
    expect(existsSync(run.path('checkpoints/best/fake.json'))).toBe(true);
    expect(result.state).toMatchObject({ numTimesteps: 100, updates: 10, latestCheckpoint: 'checkpoints/step-000000100' });
  });
});
