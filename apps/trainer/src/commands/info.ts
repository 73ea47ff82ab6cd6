/** `bellman eval`, `bellman envs`, `bellman presets`, `bellman backend`: commands that write no files. */
import { listEnvs } from '@bellman/mdp-core';
import { ALGORITHMS } from '../algorithms/index.js';
import { envInfo } from '../algorithms/env-info.js';
import { DEFAULT_PRESET, presetsFor } from '../config/presets.js';
import { ALGOS } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { locateCheckpoint, readCheckpointMeta } from '../run/run-folder.js';
import { backendFor, printJson, table, type GlobalOptions } from './common.js';

export interface EvalOptions extends GlobalOptions {
  episodes?: string;
  deterministic?: boolean;
  seed?: string;
}

function positiveInt(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}; got ${JSON.stringify(value)}`);
  return n;
}

export async function evalCommand(target: string, options: EvalOptions): Promise<number> {
  const episodes = positiveInt('--episodes', options.episodes, 10, 1);
  const seed = positiveInt('--seed', options.seed, 0, 0);
  const deterministic = options.deterministic === true;
  const { checkpoint } = locateCheckpoint(target, 'best');
  const meta = readCheckpointMeta(checkpoint);
  const config = meta.config;
  const factory = ALGORITHMS[config.algo];
  const backend = await backendFor(factory);
  const algorithm = await factory.load(checkpoint, config);
  try {
    const r = algorithm.evaluate(episodes, { seed, deterministic });
    const result = {
      checkpoint,
      algo: config.algo,
      env: config.env,
      numTimesteps: meta.numTimesteps,
      episodes,
      seed,
      deterministic,
      mean: r.mean,
      std: r.std,
      meanLength: r.meanLength,
      returns: r.returns,
      lengths: r.lengths,
      backend,
    };
    if (options.json) printJson(result);
    else {
      process.stdout.write(
        `${config.algo} on ${config.env} (checkpoint at ${meta.numTimesteps} steps, ${checkpoint})\n` +
          `${episodes} ${deterministic ? 'deterministic' : 'stochastic'} episodes from seed ${seed}: ` +
          `mean return ${r.mean.toFixed(2)} ± ${r.std.toFixed(2)}, mean length ${r.meanLength.toFixed(1)}\n`,
      );
    }
    return 0;
  } finally {
    algorithm.dispose();
  }
}

export function envsCommand(options: GlobalOptions): number {
  const rows = listEnvs().map((spec) => {
    const info = envInfo(spec.id);
    const fits = ALGOS.filter((algo) => {
      try {
        return ALGORITHMS[algo].checkEnv(spec.id, {}) === undefined;
      } catch {
        return false;
      }
    });
    return {
      id: spec.id,
      observationSpace: info.observationSpace,
      actionSpace: info.actionSpace,
      maxEpisodeSteps: spec.maxEpisodeSteps ?? null,
      rewardThreshold: spec.rewardThreshold ?? null,
      algorithms: fits,
      options: spec.optionNames ?? [],
      description: spec.description ?? '',
    };
  });
  if (options.json) printJson(rows);
  else {
    process.stdout.write(
      table([
        ['id', 'observations', 'actions', 'max steps', 'solved at', 'algorithms'],
        ...rows.map((r) => [
          r.id,
          r.observationSpace,
          r.actionSpace,
          r.maxEpisodeSteps === null ? '-' : String(r.maxEpisodeSteps),
          r.rewardThreshold === null ? '-' : String(r.rewardThreshold),
          r.algorithms.join(', '),
        ]),
      ]),
    );
  }
  return 0;
}

export async function presetsCommand(algoFilter: string | undefined, options: GlobalOptions): Promise<number> {
  const algos = algoFilter === undefined ? ALGOS : ALGOS.filter((a) => a === algoFilter);
  if (algos.length === 0) throw new UsageError(`algo must be one of ${ALGOS.join(', ')}; got ${JSON.stringify(algoFilter)}`);
  const out: { algo: string; name: string; default: boolean; steps: number | null; description: string; params: Record<string, unknown> }[] = [];
  for (const algo of algos) {
    for (const p of (await presetsFor(algo)).values()) {
      out.push({ algo, name: p.name, default: DEFAULT_PRESET[algo] === p.name, steps: p.steps ?? null, description: p.description, params: p.params });
    }
  }
  if (options.json) printJson(out);
  else {
    const lines = out.map(
      (p) =>
        `${p.algo} / ${p.name}${p.default ? ' (default)' : ''}${p.steps === null ? '' : `, ${p.steps} steps`}: ${p.description}\n` +
        (Object.keys(p.params).length === 0 ? '    (library defaults)\n' : `    ${Object.entries(p.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}\n`),
    );
    process.stdout.write(lines.join(''));
  }
  return 0;
}

export async function backendCommand(options: GlobalOptions): Promise<number> {
  const { initBackend } = await import('@bellman/mdp-core/tf');
  const info = await initBackend();
  if (options.json) printJson(info);
  else {
    const lines = [
      `active backend: ${info.name}${info.simd === undefined ? '' : ` (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads ?? 1} thread${info.threads === 1 ? '' : 's'})`}`,
      `gradients: ${info.gradients ? 'available' : `unavailable (${info.gradientsError ?? 'unknown reason'})`}`,
      'tried, in order:',
      ...info.tried.map((t) => `  ${t.name}: ${t.ok ? 'ok' : `failed: ${t.error ?? 'unknown error'}`} (${t.ms.toFixed(0)} ms)`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
