/**
 * Builds the training config from its layers — defaults ← preset ← YAML file ← flags — and
 * validates the result once with zod. Every error is a `UsageError` naming the field, what it
 * allows, and where the bad value came from.
 */
import { readFileSync } from 'node:fs';
import { closestMatch, describeValue } from '@bellman/mdp-core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { UsageError, fieldError } from '../errors.js';
import { DEFAULT_LOG_INTERVAL, DEFAULT_PRESET, DEFAULT_STEPS, presetsFor } from './presets.js';
import { ALGOS, configSchema, keysAt, type AlgoName, type TrainConfig } from './schema.js';

/** Command-line flags of `bellman train`. */
export interface TrainFlags {
  algo?: string | undefined;
  env?: string | undefined;
  seed?: string | undefined;
  steps?: string | undefined;
  preset?: string | undefined;
  set?: string[] | undefined;
}

/** The embedded default run: what `bellman train` (and `pnpm start`) trains without arguments. */
export const DEFAULT_RUN = { algo: 'ppo', env: 'CartPole-v1', preset: 'zoo', seed: 1 } as const;

/** Settings every algorithm shares, before preset, file and flags. */
function baseDefaults(algo: AlgoName, preset: string, presetSteps: number | undefined): Record<string, unknown> {
  return {
    algo,
    env: DEFAULT_RUN.env,
    envOptions: {},
    seed: DEFAULT_RUN.seed,
    steps: presetSteps ?? DEFAULT_STEPS[algo],
    preset,
    logInterval: DEFAULT_LOG_INTERVAL[algo],
    params: {},
    eval: { every: 10, episodes: 10, deterministic: true, seed: 0, stopWhenSolved: true },
    checkpoint: { every: 10, keep: 3 },
    report: { enabled: true, png: true, smoothing: 0.6 },
  };
}

type Plain = Record<string, unknown>;

function isPlainObject(x: unknown): x is Plain {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);
}

/** Merges `over` into `base`: objects key by key, everything else replaced. */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/** Reads a YAML config file: a mapping (or an empty file). */
export function readYamlConfig(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      code === 'ENOENT' ? `config file ${file} does not exist` : `cannot read config file ${file}: ${(error as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0]!.replace(/:$/, '');
    throw new UsageError(`config file ${file} is not valid YAML: ${first}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlainObject(doc)) throw new UsageError(`config file ${file} must be a YAML mapping of config keys; got ${describeValue(doc)}`);
  return doc;
}

/** `a.b.c=value` → `{ a: { b: { c: value } } }`, the value parsed as YAML (numbers, booleans, lists). */
export function parseAssignment(text: string): Plain {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value (e.g. --set params.learningRate=0.001); got ${JSON.stringify(text)}`);
  const path = text.slice(0, eq).trim().split('.');
  if (path.some((p) => p === '')) throw new UsageError(`--set key ${JSON.stringify(text.slice(0, eq))} is not a dotted path like params.learningRate`);
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = raw.trim() === '' ? '' : parseYaml(raw);
  } catch {
    value = raw;
  }
  let obj: Plain = { [path[path.length - 1]!]: value };
  for (let i = path.length - 2; i >= 0; i--) obj = { [path[i]!]: obj };
  return obj;
}

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) throw fieldError(`--${name}`, `an integer >= ${min}`, value);
  return n;
}

/** The `--set key=value` flags as a config layer. */
export function setLayer(flags: TrainFlags): Plain {
  let layer: Plain = {};
  for (const assignment of flags.set ?? []) layer = deepMerge(layer, parseAssignment(assignment));
  return layer;
}

/** `--algo`, `--env`, `--seed`, `--steps`, `--preset` as a config layer (they win over --set). */
export function directFlagsLayer(flags: TrainFlags): Plain {
  const direct: Plain = {
    algo: flags.algo,
    env: flags.env,
    seed: integerFlag('seed', flags.seed, 0),
    steps: integerFlag('steps', flags.steps, 1),
    preset: flags.preset,
  };
  return Object.fromEntries(Object.entries(direct).filter(([, v]) => v !== undefined));
}

function hasPath(obj: unknown, path: readonly PropertyKey[]): boolean {
  let cur = obj;
  for (const key of path) {
    if (!isPlainObject(cur) || !(String(key) in cur)) return false;
    cur = cur[String(key)];
  }
  return true;
}

/** Checks `algo` and returns it, with a did-you-mean for typos. */
export function checkAlgo(value: unknown, where?: string): AlgoName {
  if (typeof value === 'string' && (ALGOS as readonly string[]).includes(value)) return value as AlgoName;
  const close = typeof value === 'string' ? closestMatch(value, ALGOS) : undefined;
  throw fieldError('algo', `one of ${ALGOS.join(', ')}${close ? ` (did you mean "${close}"?)` : ''}`, value, where);
}

/** Turns the first zod issue into a UsageError; `source(path)` tells where a value came from. */
export function issueToError(
  algo: AlgoName,
  error: z.ZodError,
  source: (path: readonly PropertyKey[]) => string | undefined,
): UsageError {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = keysAt(algo, path) ?? [];
    const close = closestMatch(key, known);
    const field = [...path, key].join('.');
    const where = source([...path, key]);
    return new UsageError(
      `unknown config key "${field}"${where ? ` (${where})` : ''}` +
        (close ? `; did you mean "${[...path, close].join('.')}"?` : '') +
        ` Allowed${path.length ? ` in ${path.join('.')}` : ''}: ${known.join(', ')}${more}`,
    );
  }
  const field = path.length === 0 ? 'config' : path.join('.');
  const where = source(path);
  const received = (issue as { input?: unknown }).input;
  return new UsageError(`${field} must be ${issue.message}; got ${describeValue(received)}${where ? ` (${where})` : ''}${more}`);
}

/**
 * Merges the layers and validates them. `file` is the YAML config (optional). Throws
 * `UsageError` for anything wrong; writes nothing.
 */
export async function loadTrainConfig(file: string | undefined, flags: TrainFlags): Promise<TrainConfig> {
  const fileLayer = file === undefined ? {} : readYamlConfig(file);
  const directLayer = directFlagsLayer(flags);
  const flagLayer = deepMerge(setLayer(flags), directLayer);
  const source = (path: readonly PropertyKey[]): string | undefined => {
    if (hasPath(directLayer, path)) return `from --${String(path[0])}`;
    if (hasPath(flagLayer, path)) return 'from --set';
    if (file !== undefined && hasPath(fileLayer, path)) return `in ${file}`;
    if (path[0] === 'params' && path.length > 1) return 'from the preset';
    return undefined;
  };

  const algo = checkAlgo(flagLayer.algo ?? fileLayer.algo ?? DEFAULT_RUN.algo, source(['algo']));
  const presets = await presetsFor(algo);
  const presetName = flagLayer.preset ?? fileLayer.preset ?? DEFAULT_PRESET[algo];
  const preset = typeof presetName === 'string' ? presets.get(presetName) : undefined;
  if (preset === undefined) {
    const names = [...presets.keys()];
    const close = typeof presetName === 'string' ? closestMatch(presetName, names) : undefined;
    throw fieldError('preset', `one of ${names.join(', ')} for ${algo}${close ? ` (did you mean "${close}"?)` : ''}`, presetName, source(['preset']));
  }
  const defaults = baseDefaults(algo, preset.name, preset.steps);
  const merged = deepMerge(deepMerge(deepMerge(defaults, { params: preset.params }), fileLayer), flagLayer);
  const parsed = configSchema(algo).safeParse(merged, { reportInput: true });
  if (!parsed.success) throw issueToError(algo, parsed.error, source);
  return parsed.data;
}

/**
 * Validates a complete config read back from a run folder (`config.resolved.yaml`), without
 * applying presets or defaults again.
 */
export function parseResolvedConfig(doc: unknown, file: string): TrainConfig {
  if (!isPlainObject(doc)) throw new UsageError(`${file} is not a config mapping`);
  const algo = checkAlgo(doc.algo, `in ${file}`);
  const parsed = configSchema(algo).safeParse(doc, { reportInput: true });
  if (!parsed.success) throw issueToError(algo, parsed.error, () => `in ${file}`);
  return parsed.data;
}

/** The config as YAML, with a header comment. */
export function configToYaml(config: TrainConfig, header: string): string {
  const body = stringifyYaml(config, { lineWidth: 0 });
  return `${header
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}\n${body}`;
}
