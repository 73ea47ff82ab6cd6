import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { activeBackend, BackendUnavailableError, initBackend } from './init-backend.js';

// A separate file (hence a separate process with a fresh tfjs engine) from init-backend.test.ts.
describe('initBackend with preferences', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('throws BackendUnavailableError listing every reason when no preferred backend works', async () => {
    const error = await initBackend({ prefer: ['tensorflow'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const tried = (error as BackendUnavailableError).tried;
    expect(tried).toHaveLength(1);
    expect(tried[0]).toMatchObject({ name: 'tensorflow', ok: false });
    expect((error as Error).message).toMatch(/no TensorFlow\.js backend could be initialised; tensorflow: import\('@tensorflow\/tfjs-node'\) failed/);
    expect(activeBackend()).toBeUndefined();
  });

  it("prefer: ['cpu'] picks cpu (after a failed call), without the cpu backend's Node banner", async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const info = await initBackend({ prefer: ['cpu'] });
    expect(info).toMatchObject({ name: 'cpu', tried: [{ name: 'cpu', ok: true }] });
    expect(info.simd).toBeUndefined();
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackend()).toBe(info);
    const t = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    expect(await t.data()).toEqual(new Float32Array([3]));
    t.dispose();
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('notices when the backend was switched behind its back, and then selects again', async () => {
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    tf.registerBackend('bellman-test-other', () => new MathBackendCPU());
    await tf.setBackend('bellman-test-other');
    expect(activeBackend()).toBeUndefined();
    const info = await initBackend({ prefer: ['cpu'] });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackend()).toBe(info);
  });
});
