import { describe, expect, it } from 'vitest';
import { stopRequested } from './callbacks.js';

describe('stopRequested', () => {
  it('answers synchronously for plain results and through a promise for async ones', async () => {
    expect(stopRequested(false)).toBe(true);
    expect(stopRequested(true)).toBe(false);
    expect(stopRequested(undefined)).toBe(false);
    const later = stopRequested(Promise.resolve(false));
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(true);
    expect(await stopRequested(Promise.resolve(undefined))).toBe(false);
  });
});
