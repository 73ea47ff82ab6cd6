/**
 * The training config, as zod schemas. Every message a schema produces is the description of
 * what the field allows ("a number > 0"), so that `formatIssue` can print
 * `params.learningRate must be a number > 0; got -1`.
 *
 * Objects are strict: an unknown key is an error (with a did-you-mean, see `load.ts`).
 */
import { z } from 'zod';
import type { PPOConfig } from '@bellman/ppo';
import type { DQNConfig } from '@bellman/value-methods/dqn';

/** The algorithms `bellman train` knows. */
export const ALGOS = ['ppo', 'dqn', 'q-learning', 'sarsa', 'value-iteration'] as const;
export type AlgoName = (typeof ALGOS)[number];

// Field helpers: each schema's error message is the "allowed" text.

function number(allowed: string, ok: (x: number) => boolean = () => true) {
  return z.number({ error: allowed }).refine(ok, { error: allowed });
}
function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const allowed = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  return z.int({ error: allowed }).refine((x) => x >= min && x <= max, { error: allowed });
}
function boolean() {
  return z.boolean({ error: 'true or false' });
}
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}
const probability = () => number('a number in [0, 1]', (x) => x >= 0 && x <= 1);
const positive = () => number('a number > 0', (x) => x > 0);
const nonNegative = () => number('a number >= 0', (x) => x >= 0);
const layerSizes = () =>
  z.array(integer(1), { error: 'a non-empty list of layer widths (integers >= 1), e.g. [64, 64]' }).min(1, {
    error: 'a non-empty list of layer widths (integers >= 1), e.g. [64, 64]',
  });

/** PPO hyperparameters (all optional: unset ones come from the preset, then from CleanRL's defaults). */
const ppoShape = {
  learningRate: positive(),
  annealLr: boolean(),
  numEnvs: integer(1),
  numSteps: integer(1),
  gamma: probability(),
  gaeLambda: probability(),
  numMinibatches: integer(1),
  updateEpochs: integer(1),
  normAdv: boolean(),
  clipCoef: nonNegative(),
  annealClip: boolean(),
  clipVloss: boolean(),
  entCoef: nonNegative(),
  vfCoef: nonNegative(),
  maxGradNorm: positive(),
  targetKl: z.union([positive(), z.null()], { error: 'a number > 0 or null (never stop early)' }),
  adamEpsilon: nonNegative(),
  hiddenSizes: layerSizes(),
  activation: oneOf(['tanh', 'relu']),
  shareTrunk: boolean(),
  parallelCritic: boolean(),
  normalizeObservation: boolean(),
  clipObservation: positive(),
  normalizeReward: boolean(),
  clipReward: positive(),
  initLogStd: number('a finite number'),
} satisfies Record<keyof Omit<PPOConfig, 'seed'>, z.ZodType>;

/** DQN hyperparameters (unset ones come from the preset, then from SB3's defaults). */
const dqnShape = {
  learningRate: positive(),
  bufferSize: integer(1),
  learningStarts: integer(0),
  batchSize: integer(1),
  tau: number('a number in (0, 1]', (x) => x > 0 && x <= 1),
  gamma: probability(),
  trainFreq: integer(1),
  gradientSteps: integer(-1),
  targetUpdateInterval: integer(1),
  explorationFraction: number('a number in (0, 1]', (x) => x > 0 && x <= 1),
  explorationInitialEps: probability(),
  explorationFinalEps: probability(),
  maxGradNorm: positive(),
  netArch: layerSizes(),
  activation: oneOf(['relu', 'tanh']),
  doubleQ: boolean(),
  huberDelta: positive(),
  adamEpsilon: nonNegative(),
} satisfies Record<keyof Omit<DQNConfig, 'seed'>, z.ZodType>;

const SCHEDULE_ALLOWED =
  "a number or a schedule ({ type: 'constant', value } | { type: 'linear', start, end, duration } | { type: 'exponential', start, end?, decay }, each with unit?: 'episode' | 'step')";
const unit = oneOf(['episode', 'step']).optional();
/** A number, or one of value-methods' serialisable schedules (ranges are checked by the agent). */
const schedule = () =>
  z.union(
    [
      z.number(),
      z.strictObject({ type: z.literal('constant'), value: z.number(), unit }),
      z.strictObject({ type: z.literal('linear'), start: z.number(), end: z.number(), duration: z.number().positive(), unit }),
      z.strictObject({
        type: z.literal('exponential'),
        start: z.number(),
        end: z.number().optional(),
        decay: z.number().positive().max(1),
        unit,
      }),
    ],
    { error: SCHEDULE_ALLOWED },
  );

/** Q-learning and SARSA (value-methods' TD control config). */
const tdShape = {
  alpha: schedule(),
  epsilon: schedule(),
  gamma: probability(),
  initialValue: number('a finite number'),
  maxStepsPerEpisode: integer(1),
};

/** Value iteration (value-methods' `valueIteration` options; the sweep cap is the top-level `steps`). */
const viShape = {
  gamma: probability(),
  theta: positive(),
  mode: oneOf(['in-place', 'synchronous']),
  order: oneOf(['forward', 'backward', 'alternating']),
  init: oneOf(['zeros', 'lower-bound']),
  tieTolerance: nonNegative(),
};

const PARAM_SHAPES = {
  ppo: ppoShape,
  dqn: dqnShape,
  'q-learning': tdShape,
  sarsa: tdShape,
  'value-iteration': viShape,
} satisfies Record<AlgoName, Record<string, z.ZodType>>;

/** Names of the hyperparameters of `algo`. */
export function paramKeys(algo: AlgoName): string[] {
  return Object.keys(PARAM_SHAPES[algo]);
}

const evalShape = {
  every: integer(1),
  episodes: integer(1),
  deterministic: boolean(),
  seed: integer(0),
  stopWhenSolved: boolean(),
};

const checkpointShape = {
  every: integer(1),
  keep: integer(1),
};

const reportShape = {
  enabled: boolean(),
  png: boolean(),
  smoothing: number('a number in [0, 1) (EMA weight of the previous value; 0 draws raw values)', (x) => x >= 0 && x < 1),
};

function optionalFields(shape: Record<string, z.ZodType>): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = v.optional();
  return out;
}

const topShape = (algo: AlgoName) => ({
  algo: z.literal(algo),
  env: z.string({ error: 'a registered environment id (see `bellman envs`)' }),
  envOptions: z.record(z.string(), z.unknown(), { error: 'an object of options passed to make(env, options)' }),
  seed: integer(0),
  steps: integer(1),
  preset: z.string({ error: 'a preset name (see `bellman presets`)' }),
  logInterval: integer(1),
  params: z.strictObject(optionalFields(PARAM_SHAPES[algo]), { error: `an object of ${algo} hyperparameters` }),
  eval: z.strictObject(evalShape, { error: 'an object { every, episodes, deterministic, seed, stopWhenSolved }' }),
  checkpoint: z.strictObject(checkpointShape, { error: 'an object { every, keep }' }),
  report: z.strictObject(reportShape, { error: 'an object { enabled, png, smoothing }' }),
});

/** The schema of a complete (resolved) config for `algo`. */
export function configSchema(algo: AlgoName) {
  return z.strictObject(topShape(algo), { error: 'a mapping of config keys' });
}

/** The keys an object at `path` (e.g. `[]`, `['params']`, `['eval']`) accepts, for did-you-mean. */
export function keysAt(algo: AlgoName, path: readonly PropertyKey[]): string[] | undefined {
  if (path.length === 0) return Object.keys(topShape(algo));
  if (path.length !== 1) return undefined;
  switch (path[0]) {
    case 'params':
      return paramKeys(algo);
    case 'eval':
      return Object.keys(evalShape);
    case 'checkpoint':
      return Object.keys(checkpointShape);
    case 'report':
      return Object.keys(reportShape);
    default:
      return undefined;
  }
}

/** A validated config: every key set. `params` holds the hyperparameters given (the preset's and the user's). */
export interface TrainConfig {
  algo: AlgoName;
  env: string;
  envOptions: Record<string, unknown>;
  seed: number;
  steps: number;
  preset: string;
  logInterval: number;
  params: Record<string, unknown>;
  eval: { every: number; episodes: number; deterministic: boolean; seed: number; stopWhenSolved: boolean };
  checkpoint: { every: number; keep: number };
  report: { enabled: boolean; png: boolean; smoothing: number };
}
