/**
 * Runs of metric records, as training loops log them (CleanRL / SB3 / TRL names), and what
 * the charts read from them.
 */
import { InvalidArgumentError } from './errors.js';
import { isArrayLike, nonEmptyString, plainObject } from './validate.js';

/** One logged row: `{ global_step: 2048, 'charts/episodic_return': 21.5, … }`. Missing metrics are skipped. */
export type MetricRecord = Readonly<Record<string, unknown>>;

/** One training run (one seed of one configuration). */
export interface Run {
  /** Unique name of the run, e.g. `'ppo-clip-0.2 seed 1'`. */
  name: string;
  /** Configuration the run belongs to (seeds of one group share a colour and are averaged). Default: `name`. */
  group?: string | undefined;
  /** Logged rows, in order. */
  records: readonly MetricRecord[];
}

/** Axis titles (with units) for the metric names training loops log. */
export const METRIC_TITLES: Readonly<Record<string, string>> = {
  global_step: 'environment steps',
  time: 'wall-clock time (s)',
  iteration: 'iteration',
  'charts/episodic_return': 'episodic return',
  'charts/episodic_length': 'episode length (steps)',
  'charts/SPS': 'steps per second',
  'charts/learning_rate': 'learning rate',
  'losses/policy_loss': 'policy loss',
  'losses/value_loss': 'value loss',
  'losses/entropy': 'policy entropy (nats)',
  'losses/approx_kl': 'approx. KL(π_old ‖ π) (nats)',
  'losses/old_approx_kl': 'approx. KL, naive estimator (nats)',
  'losses/clipfrac': 'fraction of ratios clipped',
  'losses/explained_variance': 'explained variance',
  'objective/kl': 'KL(π ‖ π_ref) (nats)',
  'objective/kl_coef': 'KL coefficient β',
  'objective/rlhf_reward': 'RLHF reward',
  'policy/clipfrac_avg': 'fraction of ratios clipped',
};

export function metricTitle(name: string): string {
  return METRIC_TITLES[name] ?? name;
}

/** Checks the shape of `runs` (names unique, records an array of objects). */
export function checkRuns(value: unknown, field = 'runs'): readonly Run[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'an array of runs { name, group?, records }', value);
  const names = new Set<string>();
  value.forEach((run: unknown, i) => {
    const r = plainObject(`${field}[${i}]`, run);
    const name = nonEmptyString(`${field}[${i}].name`, r.name);
    if (names.has(name)) throw new InvalidArgumentError(`${field}[${i}].name`, 'unique among the runs', name);
    names.add(name);
    if (r.group !== undefined) nonEmptyString(`${field}[${i}].group`, r.group);
    if (!isArrayLike(r.records)) throw new InvalidArgumentError(`${field}[${i}].records`, 'an array of metric records', r.records);
  });
  return value as readonly Run[];
}

/**
 * The (x, y) points of one metric in one run, skipping records that lack either field.
 * A present value that is not a finite number is an error naming the record and field.
 */
export function series(run: Run, runIndex: number, xField: string, yField: string, field = 'runs'): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  run.records.forEach((rec, i) => {
    const r = plainObject(`${field}[${runIndex}].records[${i}]`, rec);
    const xv = r[xField];
    const yv = r[yField];
    if (xv === undefined || yv === undefined) return;
    for (const [name, v] of [[xField, xv], [yField, yv]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvalidArgumentError(`${field}[${runIndex}].records[${i}]["${name}"]`, 'a finite number or absent (NaN and ±Infinity are not allowed)', v);
      }
    }
    x.push(xv as number);
    y.push(yv as number);
  });
  return { x, y };
}

/**
 * Exponential moving average with TensorBoard's debiasing: s_t = w·s_{t−1} + (1 − w)·y_t,
 * divided by (1 − w^t) so the first points are not pulled towards 0. w = 0 returns y.
 */
export function smoothEma(y: readonly number[], weight: number): number[] {
  if (weight === 0) return [...y];
  const out = new Array<number>(y.length);
  let s = 0;
  let debias = 1;
  for (let i = 0; i < y.length; i++) {
    s = weight * s + (1 - weight) * y[i]!;
    debias *= weight;
    out[i] = s / (1 - debias);
  }
  return out;
}

/** Linear interpolation of (x, y) (x increasing) at `at`. */
export function interpolate(x: readonly number[], y: readonly number[], at: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (at <= x[0]!) return y[0]!;
  if (at >= x[hi]!) return y[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= at) lo = mid;
    else hi = mid;
  }
  const t = (at - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}
