import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@bellman/mdp-core';
import { expectNoTensorLeak, initBackend } from '@bellman/mdp-core/tf';
import { Mlp, type Activation } from './mlp.js';

beforeAll(async () => {
  await initBackend();
});

/** The plain network y = act(x·W + b)… written with tfjs ops, for autodiff. */
function reference(sizes: number[], activation: Activation, params: Float32Array, x: tf.Tensor2D) {
  const vars: tf.Tensor[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const n = sizes[l]! * sizes[l + 1]!;
    vars.push(tf.tensor2d(params.slice(at, at + n), [sizes[l]!, sizes[l + 1]!]), tf.tensor1d(params.slice(at + n, at + n + sizes[l + 1]!)));
    at += n + sizes[l + 1]!;
  }
  const f = (...ws: tf.Tensor[]) => {
    let h: tf.Tensor = x;
    for (let l = 0; l < ws.length / 2; l++) {
      h = tf.add(tf.matMul(h as tf.Tensor2D, ws[2 * l] as tf.Tensor2D), ws[2 * l + 1]!);
      if (2 * l + 2 < ws.length) h = activation === 'tanh' ? tf.tanh(h) : tf.relu(h);
    }
    return h;
  };
  return { vars, f };
}

function setup(sizes: number[], activation: Activation, batch: number, seed: number) {
  const rng = new Rng(seed);
  const mlp = new Mlp(sizes, activation, 3); // offset 3: the net sits inside a larger vector
  const params = new Float32Array(3 + mlp.size + 2);
  mlp.initialize(params, rng, 1);
  // non-zero biases so every term of the folding is exercised
  for (const layer of mlp.layers) for (let j = 0; j < layer.outSize; j++) params[layer.b + j] = 0.3 * rng.normal();
  const xs = Float32Array.from({ length: batch * sizes[0]! }, () => rng.normal());
  const dOut = Float32Array.from({ length: batch * sizes.at(-1)! }, () => rng.normal());
  return { mlp, params, xs, dOut };
}

describe('Mlp', () => {
  for (const activation of ['tanh', 'relu'] as const) {
    it(`${activation}: forward equals the plain network and backward equals autodiff`, () => {
      const sizes = [5, 16, 8, 3];
      const B = 12;
      const { mlp, params, xs, dOut } = setup(sizes, activation, B, 11);
      mlp.upload(params);
      const x = tf.tensor2d(xs, [B, 5]);
      const xT = tf.transpose(x);
      const acts = mlp.forward(x);
      const dOutT = tf.tensor2d(dOut, [B, 3]);
      const colSum = new Float64Array(3);
      for (let i = 0; i < B; i++) for (let j = 0; j < 3; j++) colSum[j] = colSum[j]! + dOut[i * 3 + j]!;
      const grad = new Float32Array(params.length);
      mlp.backward(xT, acts, dOutT, colSum, grad);

      const ref = reference(sizes, activation, params.subarray(3, 3 + mlp.size), x);
      const refOut = ref.f(...ref.vars);
      expect(Array.from(acts.out.dataSync()).map((v, i) => v - refOut.dataSync()[i]!).every((d) => Math.abs(d) < 2e-5)).toBe(true);
      const g = tf.grads((...ws: tf.Tensor[]) => tf.sum(tf.mul(ref.f(...ws), dOutT)))(ref.vars);
      const expected = new Float32Array(mlp.size);
      let at = 0;
      for (const t of g) {
        expected.set(t.dataSync(), at);
        at += t.size;
      }
      const got = grad.subarray(3, 3 + mlp.size);
      for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 4);
      expect(grad[0]).toBe(0);
      expect(grad.at(-1)).toBe(0);
      // forwardRow (TypeScript, float64) agrees with the batched pass
      const row = mlp.forwardRow(params, xs, 5);
      for (let j = 0; j < 3; j++) expect(row[j]).toBeCloseTo(acts.out.dataSync()[3 + j]!, 4);
      tf.dispose([x, xT, dOutT, acts.out, ...acts.hidden, refOut, ...g, ...ref.vars]);
      mlp.dispose();
    });
  }

  it('initialises per column group for a shared trunk', () => {
    const mlp = new Mlp([4, 8, 3], 'tanh', 0);
    const params = new Float32Array(mlp.size);
    mlp.initialize(params, new Rng(1), [
      [2, 0.01],
      [1, 1],
    ]);
    const head = mlp.layers[1]!;
    let actorNorm = 0;
    let criticNorm = 0;
    for (let i = 0; i < 8; i++) {
      actorNorm += params[head.w + i * 3]! ** 2 + params[head.w + i * 3 + 1]! ** 2;
      criticNorm += params[head.w + i * 3 + 2]! ** 2;
    }
    expect(Math.sqrt(actorNorm / 2)).toBeCloseTo(0.01, 6); // orthonormal columns times the gain
    expect(Math.sqrt(criticNorm)).toBeCloseTo(1, 6);
  });

  it('leaks no tensors across forward/backward/upload cycles', async () => {
    const { mlp, params, xs, dOut } = setup([4, 8, 8, 2], 'tanh', 6, 2);
    const step = () => {
      mlp.upload(params);
      tf.tidy(() => {
        const x = tf.tensor2d(xs, [6, 4]);
        const acts = mlp.forward(x);
        mlp.backward(tf.transpose(x), acts, tf.tensor2d(dOut, [6, 2]), [0, 0], new Float32Array(params.length));
      });
    };
    step();
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 5; i++) step();
    });
    mlp.dispose();
  });
});
