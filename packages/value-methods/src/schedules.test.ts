import { describe, expect, it } from 'vitest';
import {
  ALPHA_RANGE,
  EPSILON_RANGE,
  constantSchedule,
  exponentialSchedule,
  linearSchedule,
  scheduleUnit,
  scheduleValue,
  validateSchedule,
  type ScheduleSpec,
} from './schedules.js';

describe('schedules', () => {
  it('constant: x_t = value (a plain number is a constant too)', () => {
    expect(scheduleValue(constantSchedule(0.3), 0)).toBe(0.3);
    expect(scheduleValue(constantSchedule(0.3), 1e9)).toBe(0.3);
    expect(scheduleValue(0.7, 12)).toBe(0.7);
  });

  it('linear: x_t = start + (end − start) · min(1, t / duration)', () => {
    const s = linearSchedule({ start: 1, end: 0.1, duration: 10 });
    expect(scheduleValue(s, 0)).toBe(1);
    expect(scheduleValue(s, 5)).toBeCloseTo(0.55, 15);
    expect(scheduleValue(s, 10)).toBeCloseTo(0.1, 15);
    expect(scheduleValue(s, 1000)).toBeCloseTo(0.1, 15);
    // Increasing schedules work the same way.
    expect(scheduleValue(linearSchedule({ start: 0, end: 1, duration: 4 }), 1)).toBe(0.25);
  });

  it('exponential: x_t = end + (start − end) · decay^t', () => {
    const s = exponentialSchedule({ start: 1, end: 0.2, decay: 0.5 });
    expect(scheduleValue(s, 0)).toBe(1);
    expect(scheduleValue(s, 1)).toBeCloseTo(0.6, 15);
    expect(scheduleValue(s, 2)).toBeCloseTo(0.4, 15);
    expect(scheduleValue(s, 10_000)).toBe(0.2); // never past end
    expect(scheduleValue(exponentialSchedule({ start: 0.5, decay: 0.9 }), 3)).toBeCloseTo(0.5 * 0.729, 15); // end defaults to 0
  });

  it('is plain JSON: a spec survives JSON.stringify / parse and gives the same values', () => {
    const specs: ScheduleSpec[] = [
      constantSchedule(0.1),
      linearSchedule({ start: 0.5, end: 0.05, duration: 100, unit: 'step' }),
      exponentialSchedule({ start: 1, end: 0.01, decay: 0.99 }),
    ];
    for (const spec of specs) {
      const copy = JSON.parse(JSON.stringify(spec)) as ScheduleSpec;
      expect(copy).toEqual(spec);
      for (const t of [0, 1, 7, 50, 500]) expect(scheduleValue(copy, t)).toBe(scheduleValue(spec, t));
    }
    expect(scheduleUnit(specs[1]!)).toBe('step');
    expect(scheduleUnit(specs[0]!)).toBe('episode');
    expect(scheduleUnit(0.2)).toBe('episode');
  });

  it('validates every value against the range, naming the field', () => {
    expect(validateSchedule('alpha', 0.5, ALPHA_RANGE)).toEqual({ type: 'constant', value: 0.5 });
    expect(() => validateSchedule('alpha', 0, ALPHA_RANGE)).toThrow(/^alpha must be a number in \(0, 1\]; got 0$/);
    expect(() => validateSchedule('epsilon', 1.01, EPSILON_RANGE)).toThrow(/epsilon must be a number in \[0, 1\]; got 1\.01/);
    expect(validateSchedule('epsilon', 0, EPSILON_RANGE)).toEqual({ type: 'constant', value: 0 });
    expect(() => validateSchedule('epsilon', NaN, EPSILON_RANGE)).toThrow(/got NaN/);
    expect(() => validateSchedule('alpha', { type: 'linear', start: 0.5, end: 0, duration: 10 }, ALPHA_RANGE)).toThrow(/alpha\.end must be a number in \(0, 1\]; got 0/);
    expect(() => validateSchedule('alpha', { type: 'linear', start: 0.5, end: 0.1, duration: 0 }, ALPHA_RANGE)).toThrow(/alpha\.duration must be a finite number > 0; got 0/);
    // An exponential α needs an explicit end above 0.
    expect(() => validateSchedule('alpha', { type: 'exponential', start: 0.5, decay: 0.9 }, ALPHA_RANGE)).toThrow(/alpha\.end must be a number in \(0, 1\]; got 0/);
    expect(() => validateSchedule('epsilon', { type: 'exponential', start: 1, decay: 1.5 }, EPSILON_RANGE)).toThrow(/epsilon\.decay must be a number in \(0, 1\]; got 1\.5/);
    expect(() => validateSchedule('epsilon', { type: 'cosine', start: 1 }, EPSILON_RANGE)).toThrow(/epsilon\.type must be one of "constant", "linear", "exponential"; got "cosine"/);
    expect(() => validateSchedule('epsilon', { type: 'constant', value: 0.1, unit: 'update' }, EPSILON_RANGE)).toThrow(/epsilon\.unit must be one of "episode", "step"/);
    expect(() => validateSchedule('epsilon', { type: 'constant', value: 0.1, stpe: 1 }, EPSILON_RANGE)).toThrow(/epsilon\.stpe must be one of the known options/);
    expect(() => validateSchedule('epsilon', '0.1', EPSILON_RANGE)).toThrow(/epsilon must be a number in \[0, 1\] or a schedule/);
  });

  it('keeps the unit through validation', () => {
    expect(validateSchedule('epsilon', linearSchedule({ start: 1, end: 0, duration: 5, unit: 'step' }), EPSILON_RANGE)).toEqual({
      type: 'linear',
      start: 1,
      end: 0,
      duration: 5,
      unit: 'step',
    });
  });
});
