/**
 * One training session: drives an algorithm to its budget (or to a stop), writing metrics,
 * evaluations, checkpoints and the run state as it goes. `bellman train` starts a session on a
 * new agent, `bellman resume` on one loaded from the latest checkpoint.
 *
 * Per update (one metrics row), in order:
 *  1. a non-finite loss stops the run (status `failed`, the last checkpoint is kept);
 *  2. every `eval.every` updates, the policy is evaluated on a fresh env (`eval/*` columns);
 *  3. the row is appended to metrics.jsonl and progress is shown;
 *  4. a signal, or a solved evaluation with `eval.stopWhenSolved`, stops training here;
 *  5. every `checkpoint.every` updates, and whenever an evaluation is the best so far, a
 *     checkpoint is written (and copied to checkpoints/best).
 */
import { envSpec } from '@bellman/mdp-core';
import type { Algorithm, MetricsRow } from '../algorithms/index.js';
import type { TrainConfig } from '../config/schema.js';
import { EXIT, TrainingError } from '../errors.js';
import type { MetricsLog } from './metrics.js';
import type { Progress } from './progress.js';
import type { CheckpointMeta, EvalSummary, RunFolder, RunState, RunStatus, TrainerState } from './run-folder.js';
import type { StopRequest } from './signals.js';

export interface SessionOptions {
  run: RunFolder;
  config: TrainConfig;
  algorithm: Algorithm;
  metrics: MetricsLog;
  progress: Progress;
  stop: StopRequest;
  backend: string | null;
  /** Trainer state to start from (zeros for a new run). */
  state: TrainerState;
  createdAt: string;
  /**
   * Test hook: behave as if SIGINT arrived after this many updates of this session
   * (from the environment variable BELLMAN_STOP_AFTER_UPDATES), so tests can interrupt a run
   * at an exact update.
   */
  stopAfterUpdates?: number | undefined;
  latestCheckpoint: string | null;
  bestCheckpoint: string | null;
}

export interface SessionResult {
  status: RunStatus;
  exitCode: number;
  state: RunState;
}

export const INITIAL_STATE: TrainerState = {
  numTimesteps: 0,
  updates: 0,
  elapsedSeconds: 0,
  best: null,
  lastEval: null,
  solved: false,
};

function finite(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const { run, config, algorithm, metrics, progress, stop } = o;
  const state: TrainerState = { ...o.state };
  let latest = o.latestCheckpoint;
  let best = o.bestCheckpoint;
  const sessionStart = performance.now();
  const elapsedBase = state.elapsedSeconds;
  const elapsed = () => elapsedBase + (performance.now() - sessionStart) / 1e3;
  const threshold = envSpec(config.env).rewardThreshold;
  let failure: string | undefined;
  let lastReturn: number | undefined;
  /** Whether the latest evaluation reached the env's reward threshold. */
  let solvedNow = false;

  const runState = (status: RunStatus, message?: string): RunState => ({
    format: 'bellman-run',
    version: 1,
    status,
    algo: config.algo,
    env: config.env,
    seed: config.seed,
    totalTimesteps: algorithm.totalTimesteps,
    backend: o.backend,
    createdAt: o.createdAt,
    updatedAt: new Date().toISOString(),
    ...state,
    elapsedSeconds: elapsed(),
    latestCheckpoint: latest,
    bestCheckpoint: best,
    ...(message === undefined ? {} : { message }),
  });
  const checkpointMeta = (): CheckpointMeta => ({
    format: 'bellman-trainer-checkpoint',
    version: 1,
    algo: config.algo,
    backend: o.backend,
    savedAt: new Date().toISOString(),
    ...state,
    elapsedSeconds: elapsed(),
    config,
  });
  const evaluate = (): EvalSummary => {
    const r = algorithm.evaluate(config.eval.episodes, { seed: config.eval.seed, deterministic: config.eval.deterministic });
    return { step: state.numTimesteps, mean: r.mean, std: r.std, meanLength: r.meanLength, episodes: r.returns.length };
  };
  const checkpoint = async (markBest: boolean): Promise<void> => {
    const checkpointStep = Number(/step-(\d+)$/.exec(latest ?? '')?.[1] ?? -1);
    if (latest === null || checkpointStep !== state.numTimesteps) {
      latest = await run.saveCheckpoint(algorithm, checkpointMeta(), config.checkpoint.keep);
    }
    if (markBest) best = run.markBest(latest);
    metrics.writeCsv();
    run.writeState(runState('running'));
  };
  /** Records an evaluation; returns whether it is the best so far. */
  const recordEval = (ev: EvalSummary): boolean => {
    state.lastEval = ev;
    const isBest = state.best === null || ev.mean > state.best.mean;
    if (isBest) state.best = ev;
    solvedNow = threshold !== undefined && ev.mean >= threshold;
    if (solvedNow) state.solved = true;
    progress.note(
      `eval at ${ev.step}: mean return ${ev.mean.toFixed(2)} ± ${ev.std.toFixed(2)} over ${ev.episodes} episodes` +
        (isBest ? ' (best so far)' : '') +
        (solvedNow ? ` — solved (threshold ${threshold})` : ''),
    );
    return isBest;
  };

  let sessionUpdates = 0;
  const onUpdate = (row: MetricsRow) => {
    state.updates++;
    sessionUpdates++;
    if (o.stopAfterUpdates !== undefined && sessionUpdates >= o.stopAfterUpdates) stop.request('SIGINT');
    state.numTimesteps = algorithm.numTimesteps;
    row['time/elapsed_s'] = elapsed();
    const bad = algorithm.lossKeys.filter((k) => k in row && !Number.isFinite(row[k]));
    if (bad.length > 0) {
      failure =
        `training diverged at step ${state.numTimesteps} (update ${state.updates}): ${bad.map((k) => `${k} = ${row[k]}`).join(', ')}. ` +
        `Try a lower learning rate or gradient clipping. ` +
        (latest === null ? 'No checkpoint was written before it.' : `The last good checkpoint is ${run.path(latest)}.`);
      metrics.append(row);
      return false;
    }
    let isBest = false;
    if (state.updates % config.eval.every === 0) {
      const ev = evaluate();
      row['eval/mean_return'] = ev.mean;
      row['eval/std_return'] = ev.std;
      row['eval/mean_length'] = ev.meanLength;
      isBest = recordEval(ev);
    }
    metrics.append(row);
    if (finite(row['charts/episodic_return'])) lastReturn = row['charts/episodic_return'];
    progress.update({
      updates: state.updates,
      step: state.numTimesteps,
      sps: row['charts/SPS'],
      episodicReturn: lastReturn,
      evalReturn: state.lastEval?.mean,
    });
    if (stop.requested) return false;
    if (solvedNow && config.eval.stopWhenSolved) {
      return checkpoint(isBest).then(() => false);
    }
    if (state.updates % config.checkpoint.every === 0 || isBest) return checkpoint(isBest).then(() => true);
    return true;
  };

  progress.start(algorithm.totalTimesteps, algorithm.numTimesteps, config.algo === 'value-iteration' ? 'sweeps' : 'steps');
  run.writeState(runState('running'));
  let outcome: 'done' | 'stopped';
  try {
    outcome = await algorithm.learn(onUpdate);
  } catch (error) {
    progress.stop();
    run.writeState(runState('failed', error instanceof Error ? error.message : String(error)));
    throw error;
  }
  progress.stop();
  state.numTimesteps = algorithm.numTimesteps;

  if (failure !== undefined) {
    metrics.writeCsv();
    run.writeState(runState('failed', failure));
    throw new TrainingError(failure);
  }
  if (stop.requested && !(outcome === 'done' && state.numTimesteps >= algorithm.totalTimesteps)) {
    await checkpoint(false);
    const s = runState('interrupted', `stopped by ${stop.signal}`);
    run.writeState(s);
    return { status: 'interrupted', exitCode: EXIT.interrupted, state: s };
  }
  // Finished (budget used, converged, or solved): a last evaluation unless this step has one.
  let isBest = false;
  if (state.lastEval?.step !== state.numTimesteps) isBest = recordEval(evaluate());
  await checkpoint(isBest);
  const s = runState('finished');
  run.writeState(s);
  return { status: 'finished', exitCode: EXIT.ok, state: s };
}
