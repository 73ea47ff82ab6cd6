/**
 * The run folder: `runs/<env>__<algo>__<seed>__<unix>/` with `config.resolved.yaml`, `run.json`
 * (status and pointers), `metrics.jsonl`, `metrics.csv`, `checkpoints/` and the report.
 *
 * Checkpoints: `checkpoints/step-<numTimesteps>/` holds the algorithm's files plus
 * `trainer.json` (the trainer's own state and the resolved config, so a checkpoint can be
 * evaluated on its own). Each is written under a temporary name and renamed into place; the
 * newest `checkpoint.keep` are kept. `checkpoints/best/` is a copy of the checkpoint with the
 * best evaluation so far, swapped in the same way.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { parseResolvedConfig } from '../config/load.js';
import type { TrainConfig } from '../config/schema.js';
import type { Algorithm } from '../algorithms/index.js';
import { writeFileAtomic } from './atomic.js';

export const FILES = {
  config: 'config.resolved.yaml',
  state: 'run.json',
  metrics: 'metrics.jsonl',
  csv: 'metrics.csv',
  checkpoints: 'checkpoints',
  best: 'best',
  trainer: 'trainer.json',
  report: 'report.html',
  charts: 'charts',
} as const;

export interface EvalSummary {
  step: number;
  mean: number;
  std: number;
  meanLength: number;
  episodes: number;
}

/** The trainer's state, saved with every checkpoint. */
export interface TrainerState {
  numTimesteps: number;
  /** Updates (metrics rows) so far. */
  updates: number;
  /** Wall seconds spent training so far, over all sessions. */
  elapsedSeconds: number;
  best: EvalSummary | null;
  lastEval: EvalSummary | null;
  /** Whether some evaluation reached the env's reward threshold. */
  solved: boolean;
}

export interface CheckpointMeta extends TrainerState {
  format: 'bellman-trainer-checkpoint';
  version: 1;
  algo: string;
  backend: string | null;
  savedAt: string;
  config: TrainConfig;
}

export type RunStatus = 'running' | 'interrupted' | 'finished' | 'failed';

export interface RunState extends TrainerState {
  format: 'bellman-run';
  version: 1;
  status: RunStatus;
  algo: string;
  env: string;
  seed: number;
  totalTimesteps: number;
  backend: string | null;
  createdAt: string;
  updatedAt: string;
  /** Relative to the run folder. */
  latestCheckpoint: string | null;
  bestCheckpoint: string | null;
  message?: string;
}

/** `<env>__<algo>__<seed>__<unix>`, with characters unsafe in file names replaced. */
export function runDirName(config: TrainConfig, unixSeconds: number): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(config.env)}__${safe(config.algo)}__${config.seed}__${unixSeconds}`;
}

/** Creates a new run folder under `parent` (adds `-2`, `-3`, … if the name is taken). */
export function createRunDir(parent: string, config: TrainConfig, now = new Date()): string {
  const base = join(parent, runDirName(config, Math.floor(now.getTime() / 1000)));
  mkdirSync(parent, { recursive: true });
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
}

function stepName(numTimesteps: number): string {
  return `step-${String(numTimesteps).padStart(9, '0')}`;
}

export class RunFolder {
  constructor(readonly dir: string) {}

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  writeState(state: RunState): void {
    writeFileAtomic(this.path(FILES.state), `${JSON.stringify(state, null, 2)}\n`);
  }

  readState(): RunState {
    const file = this.path(FILES.state);
    let state: Partial<RunState>;
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunState>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new UsageError(
        code === 'ENOENT' ? `${this.dir} is not a run folder (no ${FILES.state})` : `${file} is corrupt: ${(error as Error).message}`,
      );
    }
    if (state.format !== 'bellman-run') throw new UsageError(`${file} is not a bellman run state file`);
    return state as RunState;
  }

  readConfig(): TrainConfig {
    const file = this.path(FILES.config);
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new UsageError(code === 'ENOENT' ? `${this.dir} has no ${FILES.config}` : `${file} is corrupt: ${(error as Error).message.split('\n')[0]}`);
    }
    return parseResolvedConfig(doc, file);
  }

  /**
   * Saves a checkpoint of `algorithm` with `meta` as `checkpoints/step-<n>/` and prunes old ones.
   * Returns its path relative to the run folder.
   */
  async saveCheckpoint(algorithm: Algorithm, meta: CheckpointMeta, keep: number): Promise<string> {
    const root = this.path(FILES.checkpoints);
    mkdirSync(root, { recursive: true });
    const name = stepName(meta.numTimesteps);
    const tmp = join(root, `.tmp-${name}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    try {
      await algorithm.save(tmp);
      writeFileAtomic(join(tmp, FILES.trainer), `${JSON.stringify(meta, null, 2)}\n`);
      swapInto(tmp, join(root, name));
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
    this.prune(keep);
    return relative(this.dir, join(root, name));
  }

  /** Copies checkpoint `rel` (relative to the run folder) to `checkpoints/best/`. */
  markBest(rel: string): string {
    const root = this.path(FILES.checkpoints);
    const tmp = join(root, `.tmp-best-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    cpSync(this.path(rel), tmp, { recursive: true });
    swapInto(tmp, join(root, FILES.best));
    return relative(this.dir, join(root, FILES.best));
  }

  private prune(keep: number): void {
    const root = this.path(FILES.checkpoints);
    const steps = readdirSync(root)
      .filter((n) => /^step-\d+$/.test(n))
      .sort();
    for (const old of steps.slice(0, Math.max(0, steps.length - keep))) rmSync(join(root, old), { recursive: true, force: true });
  }
}

/** Renames directory `tmp` to `target`, replacing an existing `target` (moved aside first, then removed). */
function swapInto(tmp: string, target: string): void {
  if (existsSync(target)) {
    const aside = `${target}.old-${process.pid}`;
    rmSync(aside, { recursive: true, force: true });
    renameSync(target, aside);
    renameSync(tmp, target);
    rmSync(aside, { recursive: true, force: true });
  } else {
    renameSync(tmp, target);
  }
}

/** Reads a checkpoint's `trainer.json`. */
export function readCheckpointMeta(dir: string): CheckpointMeta {
  const file = join(dir, FILES.trainer);
  let meta: Partial<CheckpointMeta>;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as Partial<CheckpointMeta>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      code === 'ENOENT' ? `${dir} is not a checkpoint (no ${FILES.trainer})` : `checkpoint file ${file} is corrupt: ${(error as Error).message}`,
    );
  }
  if (meta.format !== 'bellman-trainer-checkpoint' || typeof meta.numTimesteps !== 'number' || typeof meta.config !== 'object') {
    throw new UsageError(`checkpoint file ${file} is corrupt or not a bellman trainer checkpoint`);
  }
  return { ...meta, config: parseResolvedConfig(meta.config, file) } as CheckpointMeta;
}

/**
 * What `bellman eval` and `bellman resume` were pointed at: a run folder (its best checkpoint
 * for eval, its latest for resume) or a checkpoint folder.
 */
export function locateCheckpoint(target: string, prefer: 'best' | 'latest'): { checkpoint: string; run: RunFolder | undefined } {
  const dir = resolve(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${target} does not exist or is not a folder`);
  if (existsSync(join(dir, FILES.trainer))) return { checkpoint: dir, run: undefined };
  if (!existsSync(join(dir, FILES.state))) {
    throw new UsageError(`${target} is neither a run folder (with ${FILES.state}) nor a checkpoint (with ${FILES.trainer})`);
  }
  const run = new RunFolder(dir);
  const state = run.readState();
  const rel = prefer === 'best' ? (state.bestCheckpoint ?? state.latestCheckpoint) : state.latestCheckpoint;
  if (rel === null || rel === undefined) throw new UsageError(`run ${target} has no checkpoint yet (it stopped before its first one)`);
  const checkpoint = join(dir, rel);
  if (!existsSync(checkpoint)) throw new UsageError(`checkpoint ${checkpoint} named in ${join(target, FILES.state)} is missing`);
  return { checkpoint, run };
}
