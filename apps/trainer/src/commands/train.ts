/**
 * `bellman train [config.yaml]` and `bellman resume <run-dir>`.
 *
 * Everything the user gave is validated — config, env, algorithm/env fit, hyperparameters (by
 * building the agent) — before the run folder is created, so bad input writes nothing.
 */
import { resolve } from 'node:path';
import { ALGORITHMS } from '../algorithms/index.js';
import { configToYaml, loadTrainConfig, type TrainFlags } from '../config/load.js';
import type { TrainConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../run/atomic.js';
import { MetricsLog } from '../run/metrics.js';
import { makeProgress, type Progress } from '../run/progress.js';
import { FILES, RunFolder, createRunDir, readCheckpointMeta } from '../run/run-folder.js';
import { INITIAL_STATE, runSession, type SessionResult } from '../run/session.js';
import { StopRequest } from '../run/signals.js';
import { writeRunReport } from '../report/index.js';
import { backendFor, checkCompatible, printJson, type GlobalOptions } from './common.js';

export interface TrainOptions extends TrainFlags, GlobalOptions {
  out?: string;
}

/** BELLMAN_STOP_AFTER_UPDATES=n: stop as if interrupted after n updates (for tests). */
function stopAfterUpdates(): number | undefined {
  const raw = process.env.BELLMAN_STOP_AFTER_UPDATES;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`BELLMAN_STOP_AFTER_UPDATES must be an integer >= 1; got ${JSON.stringify(raw)}`);
  return n;
}

function stopRequest(progress: Progress): StopRequest {
  return new StopRequest((signal) =>
    progress.note(`\n${signal}: finishing the current update, then writing a checkpoint (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again quits at once)`),
  ).install();
}

async function finish(run: RunFolder, config: TrainConfig, result: SessionResult, options: GlobalOptions, progress: Progress): Promise<number> {
  let report: string | undefined;
  if (config.report.enabled) {
    try {
      report = await writeRunReport(run.dir, { png: config.report.png, smoothing: config.report.smoothing });
    } catch (error) {
      progress.note(`report: not written (${(error as Error).message})`);
    }
  }
  const s = result.state;
  const summary = {
    runDir: run.dir,
    status: result.status,
    algo: s.algo,
    env: s.env,
    seed: s.seed,
    numTimesteps: s.numTimesteps,
    totalTimesteps: s.totalTimesteps,
    updates: s.updates,
    elapsedSeconds: Number(s.elapsedSeconds.toFixed(3)),
    lastEval: s.lastEval,
    best: s.best,
    solved: s.solved,
    latestCheckpoint: s.latestCheckpoint === null ? null : run.path(s.latestCheckpoint),
    bestCheckpoint: s.bestCheckpoint === null ? null : run.path(s.bestCheckpoint),
    report: report ?? null,
    backend: s.backend,
  };
  if (options.json) printJson(summary);
  else if (!options.quiet) {
    const lines = [
      `${result.status === 'interrupted' ? 'interrupted' : 'finished'}: ${s.algo} on ${s.env}, seed ${s.seed}, ${s.numTimesteps} ${s.algo === 'value-iteration' ? 'sweeps' : 'steps'} in ${s.elapsedSeconds.toFixed(1)} s${s.backend ? ` (${s.backend} backend)` : ''}`,
      ...(s.lastEval ? [`last evaluation: mean return ${s.lastEval.mean.toFixed(2)} ± ${s.lastEval.std.toFixed(2)} at ${s.lastEval.step}`] : []),
      ...(s.best && s.best.step !== s.lastEval?.step ? [`best evaluation: mean return ${s.best.mean.toFixed(2)} ± ${s.best.std.toFixed(2)} at ${s.best.step} (checkpoints/best)`] : []),
      ...(s.solved ? [`solved: an evaluation reached ${s.env}'s reward threshold`] : []),
      `run folder: ${run.dir}`,
      ...(report ? [`report: ${report}`] : []),
      ...(result.status === 'interrupted' ? [`continue with: bellman resume ${run.dir}`] : []),
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
  }
  return result.exitCode;
}

export async function trainCommand(file: string | undefined, options: TrainOptions): Promise<number> {
  const stopAfter = stopAfterUpdates();
  const config = await loadTrainConfig(file, options);
  const factory = ALGORITHMS[config.algo];
  checkCompatible(config);
  const backend = await backendFor(factory);
  const algorithm = await factory.create(config);
  try {
    const resolved: TrainConfig = { ...config, params: algorithm.resolvedParams() };

    // Everything checked: from here on, files are written.
    const run = new RunFolder(createRunDir(resolve(options.out ?? 'runs'), config));
    writeFileAtomic(
      run.path(FILES.config),
      configToYaml(resolved, `bellman train: resolved config (defaults <- preset "${config.preset}" <- ${file ?? 'no config file'} <- flags).\nRerun with: bellman train ${FILES.config}`),
    );
    const metrics = new MetricsLog(run.path(FILES.metrics), run.path(FILES.csv));
    const progress = makeProgress(options.quiet === true);
    if (!options.quiet) progress.note(`run folder: ${run.dir}${backend ? ` (${backend} backend)` : ''}`);
    const stop = stopRequest(progress);
    try {
      const result = await runSession({
        run,
        config: resolved,
        algorithm,
        metrics,
        progress,
        stop,
        backend,
        state: INITIAL_STATE,
        createdAt: new Date().toISOString(),
        stopAfterUpdates: stopAfter,
        latestCheckpoint: null,
        bestCheckpoint: null,
      });
      return await finish(run, resolved, result, options, progress);
    } finally {
      stop.uninstall();
    }
  } finally {
    algorithm.dispose();
  }
}

export async function resumeCommand(dir: string, options: GlobalOptions): Promise<number> {
  const stopAfter = stopAfterUpdates();
  const run = new RunFolder(resolve(dir));
  const state = run.readState();
  const config = run.readConfig();
  if (state.status === 'finished') {
    if (!options.quiet) process.stderr.write(`run ${dir} has finished (${state.numTimesteps} of ${state.totalTimesteps}); nothing to resume\n`);
    if (options.json) printJson({ runDir: run.dir, status: state.status });
    return 0;
  }
  if (state.latestCheckpoint === null) throw new UsageError(`run ${dir} has no checkpoint to resume from (it stopped before its first one)`);
  const checkpoint = run.path(state.latestCheckpoint);
  const meta = readCheckpointMeta(checkpoint);
  const factory = ALGORITHMS[config.algo];
  const backend = await backendFor(factory);
  const algorithm = await factory.load(checkpoint, config);
  try {
    const progress = makeProgress(options.quiet === true);
    if (!options.quiet) {
      progress.note(`resuming ${run.dir} from ${state.latestCheckpoint} (${meta.numTimesteps} of ${algorithm.totalTimesteps})`);
      if (meta.backend !== backend) {
        progress.note(`warning: the checkpoint was written with the ${meta.backend ?? 'no'} backend, this session uses ${backend ?? 'none'}: results will not be bit-identical`);
      }
    }
    new MetricsLog(run.path(FILES.metrics), run.path(FILES.csv)).truncate(meta.updates);
    const metrics = new MetricsLog(run.path(FILES.metrics), run.path(FILES.csv));
    const stop = stopRequest(progress);
    try {
      const result = await runSession({
        run,
        config,
        algorithm,
        metrics,
        progress,
        stop,
        backend,
        state: {
          numTimesteps: meta.numTimesteps,
          updates: meta.updates,
          elapsedSeconds: meta.elapsedSeconds,
          best: meta.best,
          lastEval: meta.lastEval,
          solved: meta.solved,
        },
        createdAt: state.createdAt,
        stopAfterUpdates: stopAfter,
        latestCheckpoint: state.latestCheckpoint,
        bestCheckpoint: state.bestCheckpoint,
      });
      return await finish(run, config, result, options, progress);
    } finally {
      stop.uninstall();
    }
  } finally {
    algorithm.dispose();
  }
}
