/** `bellman train` end to end: the run folder's files, stdout kept for --json, and the info commands. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { APP, bellman, onlyRun, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function rows(run: string): Record<string, number | null>[] {
  return readFileSync(join(run, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number | null>);
}

describe.concurrent('bellman train', () => {
  it('trains PPO briefly and writes every file of the run folder', async () => {
    const cwd = join(tmp.dir, 'ppo');
    const r = await bellman(
      ['train', '--steps', '2560', '--seed', '3', '--set', 'eval.every=4', '--set', 'eval.episodes=2', '--set', 'checkpoint.every=4', '--set', 'checkpoint.keep=2', '--json', '--out', cwd],
      { cwd: tmp.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { runDir: string; status: string; numTimesteps: number; updates: number; latestCheckpoint: string };
    const run = onlyRun(cwd);
    expect(summary.runDir).toBe(run);
    expect(run).toMatch(/CartPole-v1__ppo__3__\d+$/);
    expect(summary).toMatchObject({ status: 'finished', numTimesteps: 2560, updates: 10 });

    const config = parseYaml(readFileSync(join(run, 'config.resolved.yaml'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ algo: 'ppo', env: 'CartPole-v1', seed: 3, steps: 2560, preset: 'zoo' });
    expect(config.params).toMatchObject({ numEnvs: 8, numSteps: 32, learningRate: 0.001, updateEpochs: 20, gaeLambda: 0.8 });

    const metrics = rows(run);
    expect(metrics).toHaveLength(10);
    expect(metrics.map((m) => m.global_step)).toEqual([256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2304, 2560]);
    for (const key of ['charts/SPS', 'charts/learning_rate', 'losses/policy_loss', 'losses/value_loss', 'losses/entropy', 'losses/approx_kl', 'losses/clipfrac', 'losses/explained_variance']) {
      expect(metrics[0]).toHaveProperty([key]);
    }
    expect(metrics[3]).toHaveProperty(['eval/mean_return']);
    expect(metrics[0]).not.toHaveProperty(['episodes']);
    const csv = readFileSync(join(run, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(11);
    expect(csv[0]!.split(',').slice(0, 3)).toEqual(['global_step', 'iteration', 'time/elapsed_s']);

    const checkpoints = readdirSync(join(run, 'checkpoints')).sort();
    expect(checkpoints).toContain('best');
    expect(checkpoints.filter((c) => c.startsWith('step-'))).toHaveLength(2);
    expect(checkpoints).toContain('step-000002560');
    for (const f of ['ppo.json', 'ppo.bin', 'trainer.json']) expect(existsSync(join(run, 'checkpoints', 'step-000002560', f))).toBe(true);
    expect(readdirSync(join(run, 'checkpoints')).filter((c) => c.startsWith('.'))).toEqual([]);
    const state = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ status: 'finished', numTimesteps: 2560, latestCheckpoint: 'checkpoints/step-000002560', bestCheckpoint: 'checkpoints/best' });

    // The report: one self-contained HTML file, and every chart as SVG and PNG.
    expect(summary).toMatchObject({ report: join(run, 'report.html') });
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script|src="http/);
    expect(html).toContain('<svg');
    const charts = readdirSync(join(run, 'charts')).sort();
    for (const name of ['episodic-return', 'eval-return', 'policy-loss', 'value-loss', 'entropy', 'approx-kl', 'clipfrac', 'sps']) {
      expect(charts).toContain(`${name}.svg`);
      expect(charts).toContain(`${name}.png`);
    }
    expect(readFileSync(join(run, 'charts', 'episodic-return.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('trains q-learning and value-iteration on FrozenLake, and the resolved config trains again', async () => {
    const cwd = join(tmp.dir, 'tabular');
    const q = await bellman(['train', '--algo', 'q-learning', '--env', 'FrozenLake-v1', '--steps', '3000', '--out', cwd, '--json'], { cwd: tmp.dir });
    expect(q.code, q.stderr).toBe(0);
    const qRun = (JSON.parse(q.stdout) as { runDir: string }).runDir;
    expect(rows(qRun)[0]).toMatchObject({ iteration: 1, episode: 100 });
    expect(rows(qRun)[0]).toHaveProperty(['charts/episodic_return']);
    const vi = await bellman(['train', '--algo', 'value-iteration', '--env', 'FrozenLake-v1', '--set', 'eval.stopWhenSolved=false', '--out', cwd, '--json'], {
      cwd: tmp.dir,
    });
    expect(vi.code, vi.stderr).toBe(0);
    const viSummary = JSON.parse(vi.stdout) as { runDir: string; numTimesteps: number; lastEval: { mean: number } };
    // Tabular methods on grid worlds get a heatmap of the state values.
    expect(readdirSync(join(viSummary.runDir, 'charts'))).toEqual(expect.arrayContaining(['values.svg', 'values.png', 'delta.svg']));
    expect(readdirSync(join(qRun, 'charts'))).toContain('values.svg');

    // One report comparing runs.
    const cmp = await bellman(['report', qRun, viSummary.runDir, '--out', join(cwd, 'compare.html'), '--json'], { cwd: tmp.dir });
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(JSON.parse(cmp.stdout)).toEqual({ report: join(cwd, 'compare.html') });
    expect(readFileSync(join(cwd, 'compare.html'), 'utf8')).toContain('Comparison of 2 runs');
    expect(viSummary.numTimesteps).toBeGreaterThan(20);
    expect(viSummary.numTimesteps).toBeLessThan(10_000); // converged, not capped
    const again = await bellman(['train', join(qRun, 'config.resolved.yaml'), '--out', cwd, '--json'], { cwd: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    const againRun = (JSON.parse(again.stdout) as { runDir: string }).runDir;
    expect(rows(againRun).map((m) => m['charts/episodic_return'])).toEqual(rows(qRun).map((m) => m['charts/episodic_return']));
  });

  it('evaluates a run from the command line without writing anything', async () => {
    const cwd = join(tmp.dir, 'eval');
    const t = await bellman(['train', '--algo', 'sarsa', '--env', 'CliffWalking-v0', '--steps', '5000', '--out', cwd, '-q'], { cwd: tmp.dir });
    expect(t.code, t.stderr).toBe(0);
    const run = onlyRun(cwd);
    const before = readdirSync(run).sort();
    const e = await bellman(['eval', run, '--episodes', '3', '--deterministic', '--json'], { cwd: tmp.dir });
    expect(e.code, e.stderr).toBe(0);
    const result = JSON.parse(e.stdout) as { episodes: number; returns: number[]; deterministic: boolean };
    expect(result).toMatchObject({ episodes: 3, deterministic: true });
    expect(result.returns).toHaveLength(3);
    expect(readdirSync(run).sort()).toEqual(before);
  });

  it('stops with exit code 1 and a clear message when the loss becomes NaN', async () => {
    const cwd = join(tmp.dir, 'nan');
    const r = await bellman(['train', '--steps', '2560', '--set', 'params.learningRate=1e30', '--set', 'params.maxGradNorm=1e30', '--out', cwd, '-q'], {
      cwd: tmp.dir,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bellman: training failed: training diverged at step \d+ \(update \d+\): losses\/\w+ = NaN/);
    const state = JSON.parse(readFileSync(join(onlyRun(cwd), 'run.json'), 'utf8')) as { status: string };
    expect(state.status).toBe('failed');
  });

  it('trains from every example config', async () => {
    const examples = join(APP, 'examples');
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.yaml'))) {
      const r = await bellman(['train', join(examples, file), '--steps', '512', '--set', 'report.enabled=false', '--out', join(tmp.dir, 'examples'), '-q'], {
        cwd: tmp.dir,
      });
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
    }
  });

  it('lists environments, presets and the backend', async () => {
    const envs = await bellman(['envs', '--json'], { cwd: tmp.dir });
    expect(envs.code).toBe(0);
    const list = JSON.parse(envs.stdout) as { id: string; algorithms: string[] }[];
    expect(list.find((e) => e.id === 'CartPole-v1')?.algorithms).toEqual(['ppo', 'dqn']);
    expect(list.find((e) => e.id === 'FrozenLake-v1')?.algorithms).toEqual(expect.arrayContaining(['q-learning', 'sarsa', 'value-iteration']));
    const presets = await bellman(['presets', 'ppo'], { cwd: tmp.dir });
    expect(presets.stdout).toMatch(/ppo \/ zoo \(default\)/);
    const backend = await bellman(['backend', '--json'], { cwd: tmp.dir });
    expect(backend.code).toBe(0);
    const info = JSON.parse(backend.stdout) as { name: string; gradients: boolean; tried: { name: string }[] };
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.name);
    expect(info.tried.at(-1)?.name).toBe(info.name);
  });
});
