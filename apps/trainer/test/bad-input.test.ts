/**
 * Bad input: one readable error naming the field and what is allowed, exit code 2, and nothing
 * written (no runs/ folder; an existing run folder unchanged).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bellman, hashTree, onlyRun, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let counter = 0;
/** A fresh working folder for one case. */
function workdir(): string {
  const dir = join(tmp.dir, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
}

async function expectUsageError(args: string[], message: RegExp, files: Record<string, string> = {}): Promise<void> {
  const cwd = workdir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const before = readdirSync(cwd).sort();
  const r = await bellman(args, { cwd });
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  expect(readdirSync(cwd).sort()).toEqual(before);
}

describe.concurrent('bellman train rejects bad input with exit code 2 and writes nothing', () => {
  it('malformed YAML', () =>
    expectUsageError(['train', 'bad.yaml'], /^bellman: error: config file bad\.yaml is not valid YAML: .* at line \d+, column \d+$/m, {
      'bad.yaml': 'algo: ppo\nparams: [1, 2\n',
    }));

  it('a config file that does not exist', () => expectUsageError(['train', 'nope.yaml'], /config file nope\.yaml does not exist/));

  it('an unknown key, with a did-you-mean', () =>
    expectUsageError(['train', 'c.yaml'], /unknown config key "params\.learningRat" \(in c\.yaml\); did you mean "params\.learningRate"\?/, {
      'c.yaml': 'params:\n  learningRat: 0.001\n',
    }));

  it('an unknown top-level key from --set, with a did-you-mean', () =>
    expectUsageError(['train', '--set', 'stpes=100'], /unknown config key "stpes" \(from --set\); did you mean "steps"\?/));

  it('a wrong type', () =>
    expectUsageError(['train', '--set', 'params.learningRate=fast'], /params\.learningRate must be a number > 0; got "fast" \(from --set\)/));

  it('a negative learning rate', () =>
    expectUsageError(['train', 'c.yaml'], /params\.learningRate must be a number > 0; got -0\.001 \(in c\.yaml\)/, {
      'c.yaml': 'params:\n  learningRate: -0.001\n',
    }));

  it('zero envs', () => expectUsageError(['train', '--set', 'params.numEnvs=0'], /params\.numEnvs must be an integer >= 1; got 0/));

  it('a hyperparameter that does not fit the others', () =>
    expectUsageError(['train', '--set', 'params.numMinibatches=3'], /params\.numMinibatches must be a divisor of the batch size numEnvs · numSteps = 256; got 3/));

  it('a bad --steps flag', () => expectUsageError(['train', '--steps', 'lots'], /--steps must be an integer >= 1; got "lots"/));

  it('an unknown environment, with a did-you-mean', () =>
    expectUsageError(['train', '--env', 'CartPol-v1'], /env: unknown environment id "CartPol-v1"; did you mean "CartPole-v1"\?/));

  it('an unknown algorithm, with a did-you-mean', () =>
    expectUsageError(['train', '--algo', 'ppp'], /algo must be one of ppo, dqn, q-learning, sarsa, value-iteration \(did you mean "ppo"\?\); got "ppp"/));

  it('an unknown preset', () => expectUsageError(['train', '--preset', 'zo'], /preset must be one of .*zoo.* for ppo \(did you mean "zoo"\?\); got "zo"/));

  it('DQN on a Box action space', () =>
    expectUsageError(['train', '--algo', 'dqn', '--env', 'Pendulum-v1'], /algo "dqn" does not fit env "Pendulum-v1": DQN needs a Discrete action space; Pendulum-v1 has Box/));

  it('a tabular method on a Box observation space', () =>
    expectUsageError(['train', '--algo', 'q-learning'], /algo "q-learning" does not fit env "CartPole-v1": .*Discrete observation and action spaces.*Environments q-learning can train on: .*FrozenLake-v1/));

  it('an unknown env option', () =>
    expectUsageError(['train', '--algo', 'q-learning', '--env', 'FrozenLake-v1', '--set', 'envOptions.slippery=false'], /option "slippery".*did you mean "isSlippery"/));
});

describe.concurrent('eval and resume reject missing or corrupt checkpoints with exit code 2 and change nothing', () => {
  it('a missing run folder', async () => {
    await expectUsageError(['resume', 'runs/nope'], /runs\/nope is not a run folder \(no run\.json\)/);
    await expectUsageError(['eval', 'runs/nope'], /runs\/nope does not exist or is not a folder/);
  });

  it('a corrupt tabular checkpoint', async () => {
    const cwd = workdir();
    const trained = await bellman(['train', '--algo', 'q-learning', '--env', 'FrozenLake-v1', '--steps', '2000', '--set', 'checkpoint.every=1', '-q'], { cwd });
    expect(trained.code).toBe(0);
    const run = onlyRun(join(cwd, 'runs'));
    const cp = join(run, 'checkpoints', 'best');
    writeFileSync(join(cp, 'tabular.json'), '{"format": "bellman-trainer-tabular", "q": [1, 2');
    const before = hashTree(cwd);
    const r = await bellman(['eval', cp], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bellman: error: checkpoint file .*tabular\.json is corrupt/);
    expect(hashTree(cwd)).toEqual(before);
  });

  it('a corrupt tensor checkpoint', async () => {
    const cwd = workdir();
    const trained = await bellman(
      ['train', '--algo', 'dqn', '--steps', '200', '--set', 'params.learningStarts=50', '--set', 'params.trainFreq=50', '--set', 'params.bufferSize=500', '-q'],
      { cwd },
    );
    expect(trained.code).toBe(0);
    const run = onlyRun(join(cwd, 'runs'));
    const latest = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { latestCheckpoint: string; status: string };
    // Pretend the run was interrupted, then damage its latest checkpoint.
    writeFileSync(join(run, 'run.json'), JSON.stringify({ ...latest, status: 'interrupted' }));
    writeFileSync(join(run, latest.latestCheckpoint, 'dqn.bin'), 'garbage');
    const before = hashTree(cwd);
    const resumed = await bellman(['resume', run], { cwd });
    expect(resumed.stderr).toMatch(/^bellman: error: checkpoint data .*dqn\.bin is truncated or corrupt/);
    expect(resumed.code).toBe(2);
    expect(hashTree(cwd)).toEqual(before);
  });
});
