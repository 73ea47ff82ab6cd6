import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@bellman/mdp-core';
import { initBackend } from '@bellman/mdp-core/tf';
import { clippedSurrogateLoss } from './clipped-surrogate.js';
import { categoricalEntropy, categoricalLogProb, oneHotValues } from './distributions/categorical.js';
import { gaussianEntropy, gaussianLogProb } from './distributions/diagonal-gaussian.js';
import { headLogProbs, headWidth, actionWidth, ppoLoss, type PolicyHead } from './ppo-loss.js';
import { valueLossTensor } from './value-loss.js';

beforeAll(async () => {
  // cpu: float32 autodiff reference without wasm's fused kernels
  await initBackend({ prefer: ['cpu'] });
});

function batchFor(head: PolicyHead, B: number, seed: number) {
  const rng = new Rng(seed);
  const w = headWidth(head);
  const aw = actionWidth(head);
  const actorOut = Float32Array.from({ length: B * w }, () => rng.normal());
  const actions = new Float32Array(B * aw);
  for (let i = 0; i < B; i++) {
    if (head.kind === 'gaussian') for (let k = 0; k < aw; k++) actions[i * aw + k] = actorOut[i * w + k]! + rng.normal();
    else {
      const nvec = head.kind === 'categorical' ? [head.n] : head.nvec;
      nvec.forEach((n, s) => (actions[i * aw + s] = rng.integer(n)));
    }
  }
  const logStd = head.kind === 'gaussian' ? Float64Array.from({ length: head.dim }, () => 0.3 * rng.normal()) : undefined;
  const logp = headLogProbs(head, B, actorOut, actions, logStd, new Float64Array(B));
  // old log-probs spread the ratio over both sides of the clip range
  const oldLogProbs = Float32Array.from(logp, (v) => v + 0.4 * rng.normal());
  const values = Float32Array.from({ length: B }, () => rng.normal());
  const oldValues = Float32Array.from(values, (v) => v + 0.4 * rng.normal());
  return {
    size: B,
    actorOut,
    actions,
    oldLogProbs,
    values,
    oldValues,
    advantages: Float32Array.from({ length: B }, () => rng.normal()),
    returns: Float32Array.from({ length: B }, () => rng.normal()),
    logStd,
  };
}

/** The same loss from the tensor pieces, differentiated by tfjs. */
function autodiff(head: PolicyHead, b: ReturnType<typeof batchFor>, o: { clipCoef: number; clipVloss: boolean; entCoef: number; vfCoef: number }) {
  const B = b.size;
  const w = headWidth(head);
  const f = (out: tf.Tensor2D, values: tf.Tensor1D, logStd: tf.Tensor1D) => {
    let logp: tf.Tensor1D;
    let entropy: tf.Scalar;
    if (head.kind === 'gaussian') {
      logp = gaussianLogProb(out, logStd, tf.tensor2d(b.actions, [B, head.dim]));
      entropy = gaussianEntropy(logStd);
    } else {
      const nvec = head.kind === 'categorical' ? [head.n] : head.nvec;
      let at = 0;
      const lps: tf.Tensor1D[] = [];
      const ents: tf.Tensor1D[] = [];
      nvec.forEach((n, s) => {
        const logits = tf.slice(out, [0, at], [B, n]);
        const idx = Array.from({ length: B }, (_, i) => b.actions[i * nvec.length + s]!);
        lps.push(categoricalLogProb(logits, tf.tensor2d(oneHotValues(idx, n), [B, n])));
        ents.push(categoricalEntropy(logits));
        at += n;
      });
      logp = tf.addN(lps);
      entropy = tf.mean(tf.addN(ents));
    }
    const ratio = tf.exp(tf.sub(logp, tf.tensor1d(b.oldLogProbs)));
    const pg = clippedSurrogateLoss(ratio as tf.Tensor1D, tf.tensor1d(b.advantages), o.clipCoef);
    const v = valueLossTensor(values, tf.tensor1d(b.oldValues), tf.tensor1d(b.returns), { clipCoef: o.clipVloss ? o.clipCoef : null });
    return tf.add(tf.add(tf.sub(pg, tf.mul(o.entCoef, entropy)), tf.mul(o.vfCoef, v)), tf.mul(0, tf.sum(logStd))) as tf.Scalar; // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion
  };
  const inputs = [tf.tensor2d(b.actorOut, [B, w]), tf.tensor1d(b.values), tf.tensor1d(Array.from(b.logStd ?? [0]))] as const;
  const { value, grads } = tf.valueAndGrads(f as (...a: tf.Tensor[]) => tf.Scalar)([...inputs]);
  return { loss: value.dataSync()[0]!, grads: grads.map((g) => Array.from(g.dataSync())) };
}

const heads: PolicyHead[] = [
  { kind: 'categorical', n: 3 },
  { kind: 'multi-categorical', nvec: [2, 3] },
  { kind: 'gaussian', dim: 2 },
];

describe('ppoLoss', () => {
  for (const head of heads) {
    for (const clipVloss of [false, true]) {
      it(`${head.kind}, clipVloss ${clipVloss}: loss and gradients equal tfjs autodiff of the tensor pieces`, () => {
        const b = batchFor(head, 64, heads.indexOf(head) + (clipVloss ? 10 : 0));
        const o = { clipCoef: 0.2, clipVloss, entCoef: 0.01, vfCoef: 0.5 };
        const grads = { actorOut: new Float32Array(b.actorOut.length), values: new Float32Array(64), logStd: new Float64Array(b.logStd?.length ?? 0) };
        const res = ppoLoss(head, b, { ...o, logStd: b.logStd }, grads);
        const ref = tf.tidy(() => autodiff(head, b, o));
        expect(res.loss).toBeCloseTo(ref.loss, 5);
        // every branch occurs in this batch
        expect(res.clipfrac).toBeGreaterThan(0.1);
        expect(res.clipfrac).toBeLessThan(0.9);
        grads.actorOut.forEach((g, i) => expect(g).toBeCloseTo(ref.grads[0]![i]!, 6));
        grads.values.forEach((g, i) => expect(g).toBeCloseTo(ref.grads[1]![i]!, 6));
        if (head.kind === 'gaussian') grads.logStd.forEach((g, i) => expect(g).toBeCloseTo(ref.grads[2]![i]!, 5));
      });
    }
  }

  it('the seed example: r = 1.875, A = 1.8 contributes the clipped 2.16; r = 1 gives a zero KL', () => {
    const head: PolicyHead = { kind: 'categorical', n: 2 };
    // logits [0, 0]: π(a) = 0.5; old prob 0.5 / 1.875 gives r = 1.875
    const batch = {
      size: 1,
      actorOut: [0, 0],
      values: [0],
      actions: [1],
      oldLogProbs: [Math.log(0.5 / 1.875)],
      advantages: [1.8],
      returns: [0],
      oldValues: [0],
    };
    const res = ppoLoss(head, batch, { clipCoef: 0.2, clipVloss: false, entCoef: 0, vfCoef: 0.5 });
    expect(res.policyLoss).toBeCloseTo(-2.16, 12);
    expect(res.clipfrac).toBe(1);
    const same = ppoLoss(head, { ...batch, oldLogProbs: [Math.log(0.5)] }, { clipCoef: 0.2, clipVloss: false, entCoef: 0, vfCoef: 0.5 });
    expect(same.approxKl).toBe(0);
    expect(same.maxRatioDev).toBe(0);
    expect(same.policyLoss).toBeCloseTo(-1.8, 12);
  });

  it('a clipped sample gets no policy gradient', () => {
    const head: PolicyHead = { kind: 'categorical', n: 2 };
    const grads = { actorOut: new Float32Array(2), values: new Float32Array(1) };
    // r = 1.875 > 1.2 with A > 0: the clipped branch wins, gradient 0
    ppoLoss(head, { size: 1, actorOut: [0, 0], values: [0], actions: [1], oldLogProbs: [Math.log(0.5 / 1.875)], advantages: [1.8], returns: [0], oldValues: [0] }, { clipCoef: 0.2, clipVloss: false, entCoef: 0, vfCoef: 0 }, grads);
    expect(Array.from(grads.actorOut)).toEqual([0, 0]);
    // A < 0 and r = 0.5 < 0.8: also clipped
    ppoLoss(head, { size: 1, actorOut: [0, 0], values: [0], actions: [1], oldLogProbs: [Math.log(1)], advantages: [-1], returns: [0], oldValues: [0] }, { clipCoef: 0.2, clipVloss: false, entCoef: 0, vfCoef: 0 }, grads);
    expect(Array.from(grads.actorOut)).toEqual([0, 0]);
  });
});
