/**
 * Generates examples/data/kl-control.jsonl: KL control on a small, exactly measurable
 * problem (run: `pnpm --filter @bellman/viz exec tsx examples/kl-control-sim.ts`).
 *
 * A "language model" with one prompt and K = 32 possible responses: a softmax policy π over
 * logits θ, a frozen reference π_ref (the initial policy) and a fixed reward per response.
 * Each iteration samples a batch of N responses from π and takes a REINFORCE step with a
 * mean baseline on the KL-penalised reward of Ziegler et al. (2019),
 *   R(y) = r(y) − β · log(π(y) / π_ref(y)),
 * for three settings: β = 0 (no penalty), a fixed β, and β adapted by Ziegler's controller
 *   e = clip(KL / target − 1, −0.2, 0.2),  β ← β · (1 + e · N / horizon).
 * The logged KL(π ‖ π_ref) is exact (a sum over the K responses), not an estimate.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const K = 32;
const N = 64;
const ITERATIONS = 500;
const LR = 0.5;
const TARGET = 0.5;
const HORIZON = 1_000;

/** mulberry32: a small seeded PRNG, so the file is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function sample(p: readonly number[], u: number): number {
  let acc = 0;
  for (let k = 0; k < p.length; k++) {
    acc += p[k]!;
    if (u < acc) return k;
  }
  return p.length - 1;
}

type Setting = { name: string; beta: number; adaptive: boolean };

function run(setting: Setting, seed: number): Array<Record<string, number | string>> {
  const init = rng(12345);
  const refLogits = Array.from({ length: K }, () => 2 * (init() - 0.5));
  const reward = Array.from({ length: K }, () => init());
  const piRef = softmax(refLogits);
  const theta = [...refLogits];
  const u = rng(seed);
  let beta = setting.beta;
  const rows: Array<Record<string, number | string>> = [];
  for (let it = 1; it <= ITERATIONS; it++) {
    const pi = softmax(theta);
    const ys = Array.from({ length: N }, () => sample(pi, u()));
    const R = ys.map((y) => reward[y]! - beta * Math.log(pi[y]! / piRef[y]!));
    const baseline = R.reduce((a, b) => a + b, 0) / N;
    // ∇θ_j log π(y) = 1[j = y] − π_j
    const grad = new Array<number>(K).fill(0);
    ys.forEach((y, i) => {
      const adv = R[i]! - baseline;
      for (let j = 0; j < K; j++) grad[j]! += (adv * ((j === y ? 1 : 0) - pi[j]!)) / N;
    });
    for (let j = 0; j < K; j++) theta[j]! += LR * grad[j]!;
    const after = softmax(theta);
    const kl = after.reduce((a, p, j) => a + (p > 0 ? p * Math.log(p / piRef[j]!) : 0), 0);
    const meanReward = after.reduce((a, p, j) => a + p * reward[j]!, 0);
    const row: Record<string, number | string> = { run: setting.name, iteration: it, 'objective/kl': +kl.toPrecision(5), 'objective/rlhf_reward': +meanReward.toPrecision(5) };
    if (setting.beta > 0) row['objective/kl_coef'] = +beta.toPrecision(5);
    rows.push(row);
    if (setting.adaptive) {
      const e = Math.min(Math.max(kl / TARGET - 1, -0.2), 0.2);
      beta *= 1 + (e * N) / HORIZON;
    }
  }
  return rows;
}

const settings: Setting[] = [
  { name: 'no penalty (β = 0)', beta: 0, adaptive: false },
  { name: 'fixed β = 0.1', beta: 0.1, adaptive: false },
  { name: 'adaptive β (from 0.1)', beta: 0.1, adaptive: true },
];
const header = { about: 'KL control on a 32-response softmax policy; see examples/kl-control-sim.ts', target: TARGET, horizon: HORIZON, batch: N, lr: LR };
const lines = [JSON.stringify(header), ...settings.flatMap((s) => run(s, 7).map((r) => JSON.stringify(r)))];
writeFileSync(fileURLToPath(new URL('./data/kl-control.jsonl', import.meta.url)), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length - 1} rows`);
