import { InvalidArgumentError, assertKnownKeys, assertOneOf } from '@bellman/mdp-core';

/**
 * Step-size (α) and exploration (ε) schedules.
 *
 * A schedule is a plain JSON object (a {@link ScheduleSpec}), so an agent's config stays
 * serialisable: `JSON.parse(JSON.stringify(spec))` gives back the same schedule. The agents
 * evaluate it with {@link scheduleValue} at the start of every episode (`unit: 'episode'`, the
 * default; t = number of episodes finished before this one) or at every action choice and update
 * (`unit: 'step'`; t = number of environment steps taken so far), counted over the agent's
 * lifetime. Monte Carlo agents, which update once per episode, read a step-unit α at the end of
 * the episode.
 */

/** What the schedule's counter t counts: finished episodes (default) or steps taken. */
export type ScheduleUnit = 'episode' | 'step';

/** x_t = value. */
export interface ConstantScheduleSpec {
  type: 'constant';
  value: number;
  unit?: ScheduleUnit | undefined;
}

/** x_t = start + (end − start) · min(1, t / duration): a straight line, then flat at `end`. */
export interface LinearScheduleSpec {
  type: 'linear';
  start: number;
  end: number;
  /** Number of units (episodes or steps) over which the value moves from `start` to `end`; > 0. */
  duration: number;
  unit?: ScheduleUnit | undefined;
}

/** x_t = end + (start − end) · decay^t: geometric approach from `start` to `end` (never past it). */
export interface ExponentialScheduleSpec {
  type: 'exponential';
  start: number;
  /** Limit value (default 0). */
  end?: number | undefined;
  /** Factor per unit, in (0, 1]. */
  decay: number;
  unit?: ScheduleUnit | undefined;
}

/** A serialisable schedule. */
export type ScheduleSpec = ConstantScheduleSpec | LinearScheduleSpec | ExponentialScheduleSpec;

/** A number (a constant) or a schedule: what the `alpha` and `epsilon` config fields accept. */
export type ScheduleLike = number | ScheduleSpec;

/** Range that every value of a validated schedule must stay in. */
export interface ScheduleRange {
  min: number;
  max: number;
  /** Whether `min` itself is excluded (α ∈ (0, 1]). */
  minExclusive?: boolean | undefined;
}

/** The range of a step size α: (0, 1]. */
export const ALPHA_RANGE: ScheduleRange = { min: 0, max: 1, minExclusive: true };
/** The range of an exploration rate ε: [0, 1]. */
export const EPSILON_RANGE: ScheduleRange = { min: 0, max: 1 };

/** A constant schedule x_t = value. */
export function constantSchedule(value: number): ConstantScheduleSpec {
  return { type: 'constant', value };
}

/**
 * A linear schedule x_t = start + (end − start) · min(1, t / duration).
 *
 * @example
 * ```ts
 * // ε from 1 to 0.05 over the first 500 episodes, then 0.05
 * const epsilon = linearSchedule({ start: 1, end: 0.05, duration: 500 });
 * ```
 */
export function linearSchedule(options: { start: number; end: number; duration: number; unit?: ScheduleUnit | undefined }): LinearScheduleSpec {
  const spec: LinearScheduleSpec = { type: 'linear', start: options.start, end: options.end, duration: options.duration };
  if (options.unit !== undefined) spec.unit = options.unit;
  return spec;
}

/**
 * An exponential schedule x_t = end + (start − end) · decay^t (`end` defaults to 0).
 *
 * @example
 * ```ts
 * const alpha = exponentialSchedule({ start: 0.5, end: 0.01, decay: 0.999 });
 * ```
 */
export function exponentialSchedule(options: {
  start: number;
  decay: number;
  end?: number | undefined;
  unit?: ScheduleUnit | undefined;
}): ExponentialScheduleSpec {
  const spec: ExponentialScheduleSpec = { type: 'exponential', start: options.start, decay: options.decay };
  if (options.end !== undefined) spec.end = options.end;
  if (options.unit !== undefined) spec.unit = options.unit;
  return spec;
}

/** The value of a (validated) schedule at counter t ≥ 0. A plain number is a constant. */
export function scheduleValue(schedule: ScheduleLike, t: number): number {
  if (typeof schedule === 'number') return schedule;
  switch (schedule.type) {
    case 'constant':
      return schedule.value;
    case 'linear': {
      const f = t >= schedule.duration ? 1 : t / schedule.duration;
      return schedule.start + (schedule.end - schedule.start) * f;
    }
    case 'exponential': {
      const end = schedule.end ?? 0;
      return end + (schedule.start - end) * Math.pow(schedule.decay, t);
    }
  }
}

/** The unit of a schedule's counter (`'episode'` for plain numbers and when not given). */
export function scheduleUnit(schedule: ScheduleLike): ScheduleUnit {
  return typeof schedule === 'number' ? 'episode' : (schedule.unit ?? 'episode');
}

/**
 * Checks a number or a schedule spec and returns it as a {@link ScheduleSpec} (a number becomes
 * a constant schedule). Every value the schedule can take lies between its start and end, so
 * checking those against `range` covers every t. Errors name the field, e.g.
 * `QLearning.alpha.start must be a number in (0, 1]; got 0`.
 */
export function validateSchedule(field: string, value: unknown, range: ScheduleRange): ScheduleSpec {
  const allowed = describeRange(range);
  if (typeof value === 'number') return constantSchedule(checkInRange(field, value, range, allowed));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `${allowed} or a schedule { type: 'constant' | 'linear' | 'exponential', … }`, value);
  }
  const spec = value as Record<string, unknown>;
  const type = assertOneOf(`${field}.type`, spec.type, ['constant', 'linear', 'exponential'] as const);
  const unit = spec.unit === undefined ? undefined : assertOneOf(`${field}.unit`, spec.unit, ['episode', 'step'] as const);
  switch (type) {
    case 'constant': {
      assertKnownKeys(field, spec, ['type', 'value', 'unit']);
      const out: ConstantScheduleSpec = { type, value: checkInRange(`${field}.value`, spec.value, range, allowed) };
      if (unit !== undefined) out.unit = unit;
      return out;
    }
    case 'linear': {
      assertKnownKeys(field, spec, ['type', 'start', 'end', 'duration', 'unit']);
      const duration = spec.duration;
      if (typeof duration !== 'number' || !(duration > 0) || duration === Infinity) {
        throw new InvalidArgumentError(`${field}.duration`, 'a finite number > 0', duration);
      }
      return linearSchedule({
        start: checkInRange(`${field}.start`, spec.start, range, allowed),
        end: checkInRange(`${field}.end`, spec.end, range, allowed),
        duration,
        unit,
      });
    }
    case 'exponential': {
      assertKnownKeys(field, spec, ['type', 'start', 'end', 'decay', 'unit']);
      const decay = spec.decay;
      if (typeof decay !== 'number' || !(decay > 0 && decay <= 1)) {
        throw new InvalidArgumentError(`${field}.decay`, 'a number in (0, 1]', decay);
      }
      const end = checkInRange(`${field}.end`, spec.end ?? 0, range, allowed);
      return exponentialSchedule({
        start: checkInRange(`${field}.start`, spec.start, range, allowed),
        decay,
        end,
        unit,
      });
    }
  }
}

function describeRange(range: ScheduleRange): string {
  return `a number in ${range.minExclusive ? '(' : '['}${range.min}, ${range.max}]`;
}

function checkInRange(field: string, value: unknown, range: ScheduleRange, allowed: string): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value > range.max ||
    value < range.min ||
    (range.minExclusive === true && value === range.min)
  ) {
    throw new InvalidArgumentError(field, allowed, value);
  }
  return value;
}
