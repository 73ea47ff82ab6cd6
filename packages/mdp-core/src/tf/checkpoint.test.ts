import { mkdtemp, readdir, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { Rng } from '../rng.js';
import {
  CheckpointError,
  loadIntoVariables,
  loadOptimizer,
  loadTensors,
  saveOptimizer,
  saveTensors,
  type CheckpointManifest,
} from './checkpoint.js';
import { initBackend } from './init-backend.js';
import { glorotUniformValues, variableFromValues } from './initializers.js';
import { expectNoTensorLeak } from './leak-test.js';

let root: string;
let counter = 0;
/** A fresh directory path for one test (saveTensors creates it). */
function freshDir(): string {
  return join(root, `t${counter++}`);
}

async function bytesOf(t: tf.Tensor): Promise<Uint8Array> {
  const d = await t.data();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
}

beforeAll(async () => {
  await initBackend();
  root = await mkdtemp(join(tmpdir(), 'bellman-checkpoint-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('saveTensors / loadTensors', () => {
  it('round-trips float32, int32 and bool tensors bit for bit, with shapes, order and meta', async () => {
    const dir = freshDir();
    const record = {
      'pi/fc1/kernel': tf.tensor2d([1.5, -0, Number.NaN, Infinity, -3.25e-38, 7], [2, 3]),
      'pi/fc1/bias': tf.tensor1d([1, 2, 3, 4], 'int32'),
      mask: tf.tensor2d([true, false, false, true], [2, 2], 'bool'),
      scale: tf.scalar(0.1),
      empty: tf.zeros([0, 3]),
    };
    const meta = { step: 1234, config: { gamma: 0.99, envs: ['CartPole-v1'] }, note: null };
    await saveTensors(dir, 'policy', record, meta);

    expect((await readdir(dir)).sort()).toEqual(['policy.bin', 'policy.json']);
    const { tensors, meta: loadedMeta, manifest } = await loadTensors<typeof meta>(dir, 'policy');
    expect(loadedMeta).toEqual(meta);
    expect(Object.keys(tensors)).toEqual(Object.keys(record));
    for (const [key, original] of Object.entries(record)) {
      const t = tensors[key]!;
      expect(t.shape).toEqual(original.shape);
      expect(t.dtype).toBe(original.dtype);
      expect(await bytesOf(t)).toEqual(await bytesOf(original));
    }
    for (const e of manifest.tensors) expect(e.offset % 8).toBe(0);
    expect(manifest.tensors.map((e) => e.byteLength)).toEqual([24, 16, 4, 4, 0]);
    tf.dispose([...Object.values(record), ...Object.values(tensors)]);
  });

  it('writes a readable manifest and raw little-endian data', async () => {
    const dir = freshDir();
    const t = tf.tensor1d([1, 2], 'int32');
    await saveTensors(dir, 'small', { x: t });
    const manifest = JSON.parse(await readFile(join(dir, 'small.json'), 'utf8')) as CheckpointManifest;
    expect(manifest).toMatchObject({
      format: 'bellman-tensors',
      version: 1,
      byteOrder: 'little-endian',
      dataFile: 'small.bin',
      byteLength: 8,
      tensors: [{ name: 'x', dtype: 'int32', shape: [2], offset: 0, byteLength: 8 }],
    });
    expect(manifest).not.toHaveProperty('meta');
    expect(Array.from(await readFile(join(dir, 'small.bin')))).toEqual([1, 0, 0, 0, 2, 0, 0, 0]);
    t.dispose();
  });

  it('replaces an existing checkpoint and leaves no temporary files', async () => {
    const dir = freshDir();
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([4, 5]);
    await saveTensors(dir, 'ckpt', { w: a }, { version: 1 });
    await saveTensors(dir, 'ckpt', { w: b }, { version: 2 });
    expect((await readdir(dir)).sort()).toEqual(['ckpt.bin', 'ckpt.json']);
    const { tensors, meta } = await loadTensors(dir, 'ckpt');
    expect(meta).toEqual({ version: 2 });
    expect(Array.from(await tensors.w!.data())).toEqual([4, 5]);
    tf.dispose([a, b, tensors.w!]);
  });

  describe('a failed save leaves the previous checkpoint intact and no temporary file', () => {
    const cases: [string, (t: tf.Tensor) => [Record<string, tf.Tensor>, unknown], RegExp][] = [
      ['meta with a BigInt (fails after the data file was written)', (t) => [{ w: t }, { step: 10n }], /meta\.step must be JSON/],
      [
        'circular meta',
        (t) => {
          const meta: Record<string, unknown> = { a: 1 };
          meta.self = meta;
          return [{ w: t }, meta];
        },
        /meta\.self must be JSON without cycles/,
      ],
      ['meta with a function', (t) => [{ w: t }, { fn: () => 1 }], /meta\.fn must be JSON/],
      ['meta with NaN', (t) => [{ w: t }, { loss: Number.NaN }], /meta\.loss must be JSON: a finite number/],
      [
        'a disposed tensor',
        () => {
          const d = tf.scalar(1);
          d.dispose();
          return [{ w: d }, undefined];
        },
        /record\["w"\] must be a tensor that is not disposed/,
      ],
      ['a string tensor', () => [{ w: tf.tensor1d(['a', 'b']) }, undefined], /record\["w"\]\.dtype must be float32, int32 or bool/],
      ['a non-tensor', () => [{ w: [1, 2] as unknown as tf.Tensor }, undefined], /record\["w"\] must be a tf\.Tensor/],
    ];

    it.each(cases)('%s', async (_label, make, message) => {
      const dir = freshDir();
      const original = tf.tensor2d([[1, 2], [3, 4]]);
      await saveTensors(dir, 'ckpt', { w: original }, { version: 1 });
      const jsonBefore = await readFile(join(dir, 'ckpt.json'));
      const binBefore = await readFile(join(dir, 'ckpt.bin'));

      const replacement = tf.tensor1d([9, 9, 9, 9, 9]);
      const [record, meta] = make(replacement);
      const error = await saveTensors(dir, 'ckpt', record, meta).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(message);

      expect((await readdir(dir)).sort()).toEqual(['ckpt.bin', 'ckpt.json']);
      expect(await readFile(join(dir, 'ckpt.json'))).toEqual(jsonBefore);
      expect(await readFile(join(dir, 'ckpt.bin'))).toEqual(binBefore);
      const { tensors, meta: loadedMeta } = await loadTensors(dir, 'ckpt');
      expect(loadedMeta).toEqual({ version: 1 });
      expect(Array.from(await tensors.w!.data())).toEqual([1, 2, 3, 4]);
      tf.dispose([original, replacement, tensors.w!, ...Object.values(record).filter((t) => t instanceof tf.Tensor && !t.isDisposed)]);
    });
  });

  describe('clear errors for missing and damaged checkpoints', () => {
    let dir: string;
    beforeAll(() => {
      dir = freshDir();
    });

    async function writeGood(name: string): Promise<void> {
      const t = tf.tensor1d([1, 2, 3, 4]);
      await saveTensors(dir, name, { w: t, n: tf.scalar(3, 'int32') });
      t.dispose();
    }

    async function loadError(name: string): Promise<CheckpointError> {
      const before = tf.memory().numTensors;
      const error = await loadTensors(dir, name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointError);
      expect(tf.memory().numTensors).toBe(before); // nothing half-loaded
      return error as CheckpointError;
    }

    it('missing checkpoint', async () => {
      const error = await loadError('absent');
      expect(error.message).toMatch(/checkpoint "absent" not found: .*absent\.json does not exist/);
      expect(error.path).toBe(join(dir, 'absent.json'));
    });

    it('missing data file', async () => {
      await writeGood('nobin');
      await unlink(join(dir, 'nobin.bin'));
      expect((await loadError('nobin')).message).toMatch(/checkpoint "nobin" is incomplete: .*nobin\.bin \(named by .*nobin\.json\) does not exist/);
    });

    it('truncated data file', async () => {
      await writeGood('short');
      await truncate(join(dir, 'short.bin'), 10);
      expect((await loadError('short')).message).toMatch(/short\.bin is truncated or corrupt: it has 10 bytes, its manifest expects 20/);
    });

    it('data file of the right size with a flipped byte', async () => {
      await writeGood('flipped');
      const bin = await readFile(join(dir, 'flipped.bin'));
      bin[5] = bin[5]! ^ 0xff;
      await writeFile(join(dir, 'flipped.bin'), bin);
      expect((await loadError('flipped')).message).toMatch(/flipped\.bin is corrupt: its SHA-256 does not match the manifest/);
    });

    it('manifest that does not parse', async () => {
      await writeGood('badjson');
      const text = await readFile(join(dir, 'badjson.json'), 'utf8');
      await writeFile(join(dir, 'badjson.json'), text.slice(0, text.length / 2));
      const error = await loadError('badjson');
      expect(error.message).toMatch(/checkpoint manifest .*badjson\.json is not valid JSON \(/);
      expect(error.path).toBe(join(dir, 'badjson.json'));
    });

    it('manifest that parses but does not describe the data', async () => {
      await writeGood('badshape');
      const manifest = JSON.parse(await readFile(join(dir, 'badshape.json'), 'utf8')) as CheckpointManifest;
      manifest.tensors[0]!.shape = [5];
      await writeFile(join(dir, 'badshape.json'), JSON.stringify(manifest));
      expect((await loadError('badshape')).message).toMatch(/not a valid bellman-tensors manifest: tensors\[0\] \(w\) has byteLength 16, its shape and dtype need 20/);

      await writeFile(join(dir, 'other.json'), JSON.stringify({ format: 'safetensors' }));
      expect((await loadError('other')).message).toMatch(/format is "safetensors", expected "bellman-tensors"/);
    });

    it('rejects checkpoint names that are not plain file names', async () => {
      await expect(loadTensors(dir, '../escape')).rejects.toThrow(InvalidArgumentError);
      await expect(saveTensors(dir, '.hidden', {})).rejects.toThrow(/checkpoint name must be a file name/);
      await expect(saveTensors(dir, 'a/b', {})).rejects.toThrow(InvalidArgumentError);
    });
  });
});

describe('loadIntoVariables', () => {
  it('assigns by name, and on any mismatch changes nothing', async () => {
    const dir = freshDir();
    const rng = new Rng(1);
    const w = variableFromValues(glorotUniformValues([3, 2], rng), [3, 2], { name: 'liv/w' });
    const b = variableFromValues(new Float32Array([0.5, -0.5]), [2], { name: 'liv/b' });
    await saveTensors(dir, 'model', { w, b }, { step: 7 });

    const w2 = variableFromValues(new Float32Array(6), [3, 2], { name: 'liv/w2' });
    const b2 = variableFromValues(new Float32Array(2), [2], { name: 'liv/b2' });
    const before = tf.memory().numTensors;
    expect(await loadIntoVariables(dir, 'model', { w: w2, b: b2 })).toEqual({ step: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(await bytesOf(w2)).toEqual(await bytesOf(w));
    expect(await bytesOf(b2)).toEqual(await bytesOf(b));

    const wrong = variableFromValues(new Float32Array(3), [3], { name: 'liv/wrong' });
    const untouched = variableFromValues(new Float32Array([9, 9]), [2], { name: 'liv/untouched' });
    await expect(loadIntoVariables(dir, 'model', { w: wrong, b: untouched })).rejects.toThrow(
      /does not fit the variables: "w" is float32\[3, 2\], the variable is float32\[3\]/,
    );
    expect(Array.from(await untouched.data())).toEqual([9, 9]);
    await expect(loadIntoVariables(dir, 'model', { b: untouched })).rejects.toThrow(/"w" has no variable/);
    await expect(loadIntoVariables(dir, 'model', { b: untouched, c: wrong })).rejects.toThrow(/"c" is missing/);
    await loadIntoVariables(dir, 'model', { b: untouched }, { allowExtra: true });
    expect(Array.from(await untouched.data())).toEqual([0.5, -0.5]);
    tf.dispose([w, b, w2, b2, wrong, untouched]);
  });
});

describe('saveOptimizer / loadOptimizer', () => {
  // Least squares on fixed data; the gradient is written out so the test needs no autodiff
  // (tfjs-core alone registers no gradient functions).
  let X: tf.Tensor2D;
  let y: tf.Tensor2D;
  beforeAll(() => {
    X = tf.tensor2d(glorotUniformValues([16, 4], new Rng(3)), [16, 4]);
    y = tf.tensor2d(glorotUniformValues([16, 1], new Rng(4)), [16, 1]);
  });
  afterAll(() => {
    tf.dispose([X, y]);
  });

  function makeModel(prefix: string) {
    const rng = new Rng(5);
    return {
      w: variableFromValues(glorotUniformValues([4, 1], rng), [4, 1], { name: `${prefix}/w` }),
      b: variableFromValues(new Float32Array([0.1]), [1], { name: `${prefix}/b` }),
    };
  }

  function step(optimizer: tf.Optimizer, model: { w: tf.Variable; b: tf.Variable }): void {
    const grads = tf.tidy(() => {
      const residual = tf.sub(tf.add(tf.matMul(X, model.w), model.b), y); // [16, 1]
      return {
        [model.w.name]: tf.mul(2, tf.matMul(X, residual, true, false)),
        [model.b.name]: tf.mul(2, tf.sum(residual, 0)),
      };
    });
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }

  it('a restored Adam continues bit-identically to an uninterrupted one', async () => {
    const dir = freshDir();
    const a = makeModel('adamA');
    const optA = tf.train.adam(0.01, 0.9, 0.999, 1e-5);
    for (let i = 0; i < 5; i++) step(optA, a);
    await saveTensors(dir, 'model', { w: a.w, b: a.b });
    await saveOptimizer(dir, 'adam', optA, { update: 5 });
    for (let i = 0; i < 20; i++) step(optA, a);

    const b = makeModel('adamB');
    await loadIntoVariables(dir, 'model', { w: b.w, b: b.b });
    const optB = tf.train.adam(0.01, 0.9, 0.999, 1e-5);
    const restored = await loadOptimizer<{ update: number }>(dir, 'adam', optB);
    expect(restored.meta).toEqual({ update: 5 });
    expect(restored.iterations).toBe(5);
    expect(restored.savedConfig).toMatchObject({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-5 });
    for (let i = 0; i < 20; i++) step(optB, b);

    expect(await bytesOf(b.w)).toEqual(await bytesOf(a.w));
    expect(await bytesOf(b.b)).toEqual(await bytesOf(a.b));
    const [wa, wb] = await Promise.all([optA.getWeights(), optB.getWeights()]);
    expect(wb.map((w) => w.name)).toEqual(wa.map((w) => w.name));
    for (let i = 0; i < wa.length; i++) expect(await bytesOf(wb[i]!.tensor)).toEqual(await bytesOf(wa[i]!.tensor));
    tf.dispose([wa[0]!.tensor, wb[0]!.tensor, a.w, a.b, b.w, b.b]);
    optA.dispose();
    optB.dispose();
  });

  it('save and load leak no tensors, and loading twice replaces the slots', async () => {
    const dir = freshDir();
    const m = makeModel('adamLeak');
    const opt = tf.train.adam(0.001);
    step(opt, m);
    const target = tf.train.adam(0.001);
    await expectNoTensorLeak(
      async () => {
        await saveOptimizer(dir, 'adam', opt);
        await loadOptimizer(dir, 'adam', target);
      },
      { warmup: 1, repeats: 3 },
    );
    tf.dispose([m.w, m.b]);
    opt.dispose();
    target.dispose();
  });

  it('round-trips RMSProp and SGD state', async () => {
    const dir = freshDir();
    const m = makeModel('rms');
    const rms = tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true);
    for (let i = 0; i < 3; i++) step(rms, m);
    await saveOptimizer(dir, 'rms', rms);
    const rms2 = tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true);
    expect((await loadOptimizer(dir, 'rms', rms2)).iterations).toBe(3);
    const [w1, w2] = await Promise.all([rms.getWeights(), rms2.getWeights()]);
    expect(w2).toHaveLength(1 + 3 * 2); // iter + (mean squares, moments, mean grads) × 2 variables
    for (let i = 1; i < w1.length; i++) expect(await bytesOf(w2[i]!.tensor)).toEqual(await bytesOf(w1[i]!.tensor));

    const sgd = tf.train.sgd(0.1);
    step(sgd, m);
    step(sgd, m);
    await saveOptimizer(dir, 'sgd', sgd);
    const sgd2 = tf.train.sgd(0.1);
    expect((await loadOptimizer(dir, 'sgd', sgd2)).iterations).toBe(2);
    tf.dispose([w1[0]!.tensor, w2[0]!.tensor, m.w, m.b]);
    for (const o of [rms, rms2, sgd, sgd2]) o.dispose();
  });

  it('refuses another optimiser class, another config, or a checkpoint that holds no optimiser', async () => {
    const dir = freshDir();
    const m = makeModel('refuse');
    const adam = tf.train.adam(0.01);
    step(adam, m);
    await saveOptimizer(dir, 'adam', adam);
    await expect(loadOptimizer(dir, 'adam', tf.train.sgd(0.01))).rejects.toThrow(/holds a Adam optimizer, not a SGD/);
    const otherBeta = tf.train.adam(0.01, 0.8);
    await expect(loadOptimizer(dir, 'adam', otherBeta)).rejects.toThrow(/config differs from the saved one in beta1 \(saved 0\.9, now 0\.8\)/);
    expect((await loadOptimizer(dir, 'adam', otherBeta, { checkConfig: false })).iterations).toBe(1);
    const otherLr = tf.train.adam(0.5); // a schedule changes the learning rate: not a mismatch
    expect((await loadOptimizer(dir, 'adam', otherLr)).iterations).toBe(1);
    await saveTensors(dir, 'plain', { w: m.w });
    await expect(loadOptimizer(dir, 'plain', tf.train.adam(0.01))).rejects.toThrow(/is not an optimizer checkpoint/);
    const adamax = tf.train.adamax(0.01);
    await expect(saveOptimizer(dir, 'adamax', adamax)).rejects.toThrow(/optimizer Adamax cannot be saved: getWeights\(\) is not implemented/);
    tf.dispose([m.w, m.b]);
    for (const o of [adam, otherBeta, otherLr, adamax]) o.dispose();
  });
});
