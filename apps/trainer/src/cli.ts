/**
 * The `bellman` command line. Exit codes: 0 done, 1 training failed (or an unexpected error),
 * 2 bad input (nothing written), 130 interrupted (a checkpoint was written).
 *
 * Progress and messages go to stderr; stdout carries data only (`--json`, `envs`, `eval`, …).
 */
import { Command, CommanderError } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { ALGOS } from './config/schema.js';
import { EXIT, TrainingError, UsageError, toCliError } from './errors.js';
import { backendCommand, envsCommand, evalCommand, presetsCommand } from './commands/info.js';
import { reportCommand } from './commands/report.js';
import { resumeCommand, trainCommand } from './commands/train.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function program(setExit: (code: number) => void): Command {
  const cli = new Command('bellman')
    .description('Train, evaluate, resume and report reinforcement-learning runs (Bellman on TensorFlow.js)')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(`bellman: ${message.replace(/^error: /, 'error: ')}`) });

  const withOutput = (cmd: Command) =>
    cmd.option('--json', 'print the result as JSON on stdout').option('-q, --quiet', 'no progress or messages on stderr');

  withOutput(
    cli
      .command('train')
      .description('train an agent: defaults <- preset <- config file <- flags; writes a run folder')
      .argument('[config]', 'YAML config file (see the README for its keys)')
      .option('--algo <name>', `algorithm: ${ALGOS.join(', ')}`)
      .option('--env <id>', 'environment id (see `bellman envs`)')
      .option('--seed <n>', 'seed of everything random in the run')
      .option('--steps <n>', 'training budget in env steps (value-iteration: sweeps)')
      .option('--preset <name>', 'hyperparameter preset (see `bellman presets`)')
      .option('--set <key=value>', 'set any config key, e.g. --set params.learningRate=0.001 (repeatable)', collect, [])
      .option('--out <dir>', 'folder the run folder is created in', 'runs'),
  ).action(async (config: string | undefined, options: Parameters<typeof trainCommand>[1]) => setExit(await trainCommand(config, options)));

  withOutput(
    cli
      .command('resume')
      .description('continue an interrupted run from its latest checkpoint')
      .argument('<run-dir>', 'the run folder'),
  ).action(async (dir: string, options: Parameters<typeof resumeCommand>[1]) => setExit(await resumeCommand(dir, options)));

  withOutput(
    cli
      .command('eval')
      .description("evaluate a run's best checkpoint (or a given checkpoint folder)")
      .argument('<run-dir|checkpoint>', 'a run folder or one of its checkpoints/ folders')
      .option('--episodes <n>', 'number of episodes', '10')
      .option('--deterministic', 'act greedily (default: sample from the policy)')
      .option('--seed <n>', 'seed of the first episode', '0'),
  ).action(async (target: string, options: Parameters<typeof evalCommand>[1]) => setExit(await evalCommand(target, options)));

  withOutput(
    cli
      .command('report')
      .description('write an HTML report: one run into its folder, several runs compared into --out')
      .argument('<run-dir...>', 'run folders')
      .option('--out <file>', 'report file for several runs (default: report.html in the current folder)'),
  ).action(async (dirs: string[], options: Parameters<typeof reportCommand>[1]) => setExit(await reportCommand(dirs, options)));

  withOutput(cli.command('envs').description('list the registered environments, their spaces and the algorithms that fit')).action(
    (options: Parameters<typeof envsCommand>[0]) => setExit(envsCommand(options)),
  );

  withOutput(
    cli
      .command('presets')
      .description('list the hyperparameter presets of each algorithm')
      .argument('[algo]', `one of ${ALGOS.join(', ')}`),
  ).action(async (algo: string | undefined, options: Parameters<typeof presetsCommand>[1]) => setExit(await presetsCommand(algo, options)));

  withOutput(cli.command('backend').description('start TensorFlow.js and tell which backend is active and why')).action(
    async (options: Parameters<typeof backendCommand>[0]) => setExit(await backendCommand(options)),
  );
  return cli;
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv);
    return code;
  } catch (raw) {
    if (raw instanceof CommanderError) {
      // Help and version exit 0; every other parse error is bad input.
      return raw.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = toCliError(raw);
    if (error instanceof UsageError) {
      process.stderr.write(`bellman: error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof TrainingError) {
      process.stderr.write(`bellman: training failed: ${error.message}\n`);
      return EXIT.failure;
    }
    process.stderr.write(`bellman: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  }
}

const code = await main(process.argv);
process.exitCode = code;
// Leave the event loop to drain stdout; exit even if a library left a handle open.
setTimeout(() => process.exit(code), 200).unref();
