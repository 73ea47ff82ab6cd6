import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { initBackend } from './init-backend.js';
import { countTensors, expectNoTensorLeak, TensorLeakError } from './leak-test.js';

beforeAll(async () => {
  await initBackend();
});

describe('expectNoTensorLeak', () => {
  it('passes a function that tidies its intermediates and reports the counts', async () => {
    const w = tf.variable(tf.zeros([3]));
    const step = () => {
      tf.tidy(() => {
        w.assign(tf.add(w, tf.mul(tf.ones([3]), 0.5)));
      });
    };
    const report = await expectNoTensorLeak(step, { warmup: 1, repeats: 4 });
    expect(report.before).toBe(report.after);
    expect(report.perRepeat).toEqual([report.before, report.before, report.before, report.before]);
    expect(Array.from(await w.data())).toEqual([2.5, 2.5, 2.5]);
    w.dispose();
  });

  it('detects a deliberate leak and says by how much', async () => {
    const kept: tf.Tensor[] = [];
    const leaky = () => {
      kept.push(tf.add(tf.scalar(1), tf.scalar(2))); // three tensors per call, none disposed
    };
    const error = await expectNoTensorLeak(leaky, { repeats: 3, label: 'leaky()' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TensorLeakError);
    const { report } = error as TensorLeakError;
    expect(report.after - report.before).toBe(9);
    expect(report.perRepeat).toEqual([report.before + 3, report.before + 6, report.before + 9]);
    expect((error as Error).message).toMatch(/^leaky\(\) leaks tensors: tf\.memory\(\)\.numTensors went from \d+ to \d+ over 3 calls after warm-up \(\+9;/);
    tf.dispose(kept);
  });

  it('counts a returned tensor as a leak, and awaits async functions', async () => {
    await expect(expectNoTensorLeak(async () => Promise.resolve(tf.scalar(1)))).rejects.toThrow(TensorLeakError);
    let calls = 0;
    await expectNoTensorLeak(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        calls++;
      },
      { warmup: 2, repeats: 3 },
    );
    expect(calls).toBe(5);
  });

  it('lets the warm-up create lasting state (like optimiser slots) once', async () => {
    let state: tf.Variable | undefined;
    const update = () => {
      state ??= tf.variable(tf.zeros([2]));
      tf.tidy(() => state!.assign(tf.add(state!, 1)));
    };
    await expectNoTensorLeak(update);
    await expect(expectNoTensorLeak(() => tf.variable(tf.zeros([2])), { warmup: 1 })).rejects.toThrow(TensorLeakError);
    state!.dispose();
  });

  it('rejects bad options; countTensors is tf.memory().numTensors', async () => {
    await expect(expectNoTensorLeak(() => undefined, { repeats: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(expectNoTensorLeak(() => undefined, { warmups: 1 } as never)).rejects.toThrow(/did you mean "warmup"/);
    const before = countTensors();
    const t = tf.scalar(1);
    expect(countTensors()).toBe(before + 1);
    expect(countTensors()).toBe(tf.memory().numTensors);
    t.dispose();
  });
});
