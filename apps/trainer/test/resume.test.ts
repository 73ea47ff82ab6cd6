/**
 * Interrupting a run (SIGINT, or the BELLMAN_STOP_AFTER_UPDATES hook at an exact update) writes
 * a checkpoint and exits 130; `bellman resume` then ends where an uninterrupted run ends: same
 * weights and the same metrics (apart from wall-clock columns).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bellman, metricsWithoutTiming, onlyRun, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function state(run: string): { status: string; numTimesteps: number; latestCheckpoint: string } {
  return JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { status: string; numTimesteps: number; latestCheckpoint: string };
}

describe.concurrent('bellman resume', () => {
  it('PPO: Ctrl-C, then resume, equals an uninterrupted run', async () => {
    const args = ['train', '--steps', '7680', '--seed', '2', '--set', 'eval.every=5', '--set', 'eval.episodes=2', '--set', 'eval.stopWhenSolved=false', '--set', 'checkpoint.every=7'];
    const full = await bellman([...args, '--out', join(tmp.dir, 'ppo-full')], { cwd: tmp.dir });
    expect(full.code, full.stderr).toBe(0);

    let sent = false;
    const cut = await bellman([...args, '--out', join(tmp.dir, 'ppo-cut')], {
      cwd: tmp.dir,
      onStderr: (text, child) => {
        if (!sent && /^update 4 /m.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(cut.stderr).toMatch(/SIGINT: finishing the current update/);
    expect(cut.code, cut.stderr).toBe(130);
    const cutRun = onlyRun(join(tmp.dir, 'ppo-cut'));
    const stoppedAt = state(cutRun);
    expect(stoppedAt.status).toBe('interrupted');
    expect(stoppedAt.numTimesteps).toBeLessThan(7680);

    const resumed = await bellman(['resume', cutRun], { cwd: tmp.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const fullRun = onlyRun(join(tmp.dir, 'ppo-full'));
    expect(state(cutRun)).toMatchObject({ status: 'finished', numTimesteps: 7680, latestCheckpoint: 'checkpoints/step-000007680' });
    for (const f of ['ppo.bin', 'ppo.json']) {
      expect(readFileSync(join(cutRun, 'checkpoints/step-000007680', f)).equals(readFileSync(join(fullRun, 'checkpoints/step-000007680', f)))).toBe(true);
    }
    expect(metricsWithoutTiming(cutRun)).toEqual(metricsWithoutTiming(fullRun));
  });

  it('Q-learning: stopped at an exact update, then resumed, equals an uninterrupted run', async () => {
    const args = ['train', '--algo', 'q-learning', '--env', 'FrozenLake-v1', '--steps', '20000', '--set', 'eval.stopWhenSolved=false', '--set', 'checkpoint.every=4'];
    const full = await bellman([...args, '--out', join(tmp.dir, 'q-full')], { cwd: tmp.dir });
    expect(full.code, full.stderr).toBe(0);
    const cut = await bellman([...args, '--out', join(tmp.dir, 'q-cut')], { cwd: tmp.dir, env: { BELLMAN_STOP_AFTER_UPDATES: '6' } });
    expect(cut.code, cut.stderr).toBe(130);
    const cutRun = onlyRun(join(tmp.dir, 'q-cut'));
    expect(state(cutRun).status).toBe('interrupted');
    // Resume in two more pieces, the first one cut again.
    expect((await bellman(['resume', cutRun], { cwd: tmp.dir, env: { BELLMAN_STOP_AFTER_UPDATES: '5' } })).code).toBe(130);
    const resumed = await bellman(['resume', cutRun], { cwd: tmp.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const fullRun = onlyRun(join(tmp.dir, 'q-full'));
    const final = state(fullRun).latestCheckpoint;
    expect(state(cutRun).latestCheckpoint).toBe(final);
    const q = (run: string) => (JSON.parse(readFileSync(join(run, final, 'tabular.json'), 'utf8')) as { q: number[] }).q;
    expect(q(cutRun)).toEqual(q(fullRun));
    expect(metricsWithoutTiming(cutRun)).toEqual(metricsWithoutTiming(fullRun));
  });

  it('value iteration: stopped between sweeps, then resumed, equals an uninterrupted run', async () => {
    const args = ['train', '--algo', 'value-iteration', '--env', 'FrozenLake8x8-v1', '--set', 'eval.stopWhenSolved=false', '--set', 'report.enabled=false'];
    const full = await bellman([...args, '--out', join(tmp.dir, 'vi-full')], { cwd: tmp.dir });
    expect(full.code, full.stderr).toBe(0);
    const cut = await bellman([...args, '--out', join(tmp.dir, 'vi-cut')], { cwd: tmp.dir, env: { BELLMAN_STOP_AFTER_UPDATES: '37' } });
    expect(cut.code, cut.stderr).toBe(130);
    const cutRun = onlyRun(join(tmp.dir, 'vi-cut'));
    expect((await bellman(['resume', cutRun, '-q'], { cwd: tmp.dir })).code).toBe(0);
    const fullRun = onlyRun(join(tmp.dir, 'vi-full'));
    const final = state(fullRun).latestCheckpoint;
    expect(state(cutRun).latestCheckpoint).toBe(final);
    const read = (run: string) => readFileSync(join(run, final, 'value-iteration.json'), 'utf8');
    expect(read(cutRun)).toBe(read(fullRun));
    expect(metricsWithoutTiming(cutRun)).toEqual(metricsWithoutTiming(fullRun));
  });

  it('DQN: SIGTERM, then resume, finishes the budget (not bit-identical: a fresh episode starts)', async () => {
    const out = join(tmp.dir, 'dqn');
    let sent = false;
    const cut = await bellman(
      ['train', '--algo', 'dqn', '--preset', 'sb3', '--steps', '4000', '--set', 'eval.episodes=2', '--set', 'params.learningStarts=100', '--set', 'params.trainFreq=100', '--set', 'params.bufferSize=5000', '--set', 'report.enabled=false', '--out', out],
      {
        cwd: tmp.dir,
        onStderr: (text, child) => {
          if (!sent && /^update 3 /m.test(text)) {
            sent = true;
            child.kill('SIGTERM');
          }
        },
      },
    );
    expect(cut.stderr).toMatch(/SIGTERM: finishing the current update/);
    expect(cut.code, cut.stderr).toBe(130);
    const run = onlyRun(out);
    expect(state(run).status).toBe('interrupted');
    const resumed = await bellman(['resume', run, '--json'], { cwd: tmp.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'finished', numTimesteps: 4000 });
  });

  it('resuming a finished run does nothing', async () => {
    const out = join(tmp.dir, 'done');
    expect((await bellman(['train', '--algo', 'value-iteration', '--env', 'FrozenLake-v1', '--out', out, '-q'], { cwd: tmp.dir })).code).toBe(0);
    const r = await bellman(['resume', onlyRun(out)], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/has finished .* nothing to resume/);
  });
});
