import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { activeBackend, assertGradientsAvailable, GradientsUnavailableError, initBackend } from './init-backend.js';

// Each test file runs in its own process, so this file sees a fresh tfjs engine.
describe('initBackend (default preferences)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('rejects bad options before doing anything', async () => {
    await expect(initBackend({ prefer: [] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(initBackend({ prefer: ['webgl' as 'cpu'] })).rejects.toThrow(/prefer must be/);
    await expect(initBackend({ prefer: ['cpu', 'cpu'] })).rejects.toThrow(/distinct/);
    await expect(initBackend({ threads: 0 })).rejects.toThrow(/threads must be an integer in \[1, 1024\]/);
    await expect(initBackend({ prefer: ['cpu'], thread: 2 } as never)).rejects.toThrow(/did you mean "threads"/);
    expect(activeBackend()).toBeUndefined();
  });

  it('skips tfjs-node (not installed here), picks wasm, and prints nothing', async () => {
    const printed = (['log', 'warn', 'error', 'info', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const start = performance.now();
    const info = await initBackend();
    const ms = performance.now() - start;
    // Create and read a tensor too: backends may print on first use.
    const t = tf.tensor([1, 2, 3]);
    expect(await t.data()).toEqual(new Float32Array([1, 2, 3]));
    t.dispose();
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();

    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow', false],
      ['wasm', true],
    ]);
    const [node, wasm] = info.tried;
    expect(node!.error).toMatch(/@tensorflow\/tfjs-node/);
    expect(node!.error).toMatch(/Cannot find (package|module)|can not be found/);
    expect(wasm!.error).toBeUndefined();
    expect(info.simd).toBe(true); // Node 20's V8 has wasm SIMD
    expect(info.threads).toBe(1); // tfjs-wasm has no threads in Node
    console.log(`initBackend() picked ${info.name} in ${ms.toFixed(0)} ms (${info.tried.map((t) => `${t.name} ${t.ms.toFixed(0)} ms`).join(', ')})`);
  });

  it('is idempotent: later calls return the active backend whatever their options', async () => {
    const first = activeBackend();
    expect(first?.name).toBe('wasm');
    const again = await initBackend({ prefer: ['cpu'] });
    expect(again).toBe(first);
    const concurrent = await Promise.all([initBackend(), initBackend()]);
    expect(concurrent[0]).toBe(first);
    expect(concurrent[1]).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reports whether gradients are available, and they work when they are', async () => {
    const info = activeBackend()!;
    if (info.gradients) {
      // @tensorflow/tfjs (or tfjs-node) is installed: gradients run on the chosen backend.
      expect(() => assertGradientsAvailable()).not.toThrow();
      const x = tf.tensor1d([1, 2, 3]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(x);
      expect(Array.from(await g.data())).toEqual([2, 4, 6]);
      tf.dispose([x, g]);
    } else {
      // Only @tensorflow/tfjs-core is installed: it registers no gradient functions.
      expect(tf.getGradient('Sum')).toBeUndefined();
      expect(info.gradientsError).toMatch(/import\('@tensorflow\/tfjs'\) failed/);
      expect(() => assertGradientsAvailable()).toThrow(GradientsUnavailableError);
      expect(() => assertGradientsAvailable()).toThrow(/install @tensorflow\/tfjs \(4\.22\.0\)/);
    }
  });
});
