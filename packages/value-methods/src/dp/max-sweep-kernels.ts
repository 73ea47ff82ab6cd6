/**
 * Value-iteration sweep kernels over a compiled {@link BackupModel} (see bellman-backup.ts for
 * the layouts): one generic CSR kernel and specialised kernels for the `runs` layout shapes that
 * gridworlds compile to. Like bellman-backup.ts (its only run-time import), it resolves no other
 * package, so the worker that runs these kernels starts quickly.
 */
import { runIndexOf, type BackupModel, type CsrBackupModel, type RunsBackupModel } from './bellman-backup.js';
/**
 * One value-iteration sweep over the states `lo … hi − 1` (in decreasing order when `backward`):
 *
 *   dst[s] ← max_a [ R(s, a) + Σ c · src[next] ]
 *
 * and returns max_s |dst[s] − src[s]| over the range. With `dst === src` the sweep is in place
 * (Gauss–Seidel: later states already see the new values); otherwise it is synchronous (Jacobi).
 */
export function sweepMax(model: BackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  if (hi <= lo) return 0;
  if (model.layout === 'runs') {
    if (model.nA === 4 && model.width === 1) return sweepRuns4x1(model, src, dst, lo, hi, backward);
    if (model.denseWidth === 4) return sweepRunsDense4(model, src, dst, lo, hi, backward);
    if (model.nA === 4 && model.width === 3) return sweepRuns4x3(model, src, dst, lo, hi, backward);
    return sweepRunsGeneric(model, src, dst, lo, hi, backward);
  }
  return sweepCsr(model, src, dst, lo, hi, backward);
}

// Every kernel below is split into an outer loop (over runs, or over blocks of states) and small
// forward / backward functions for the hot loop. V8 then compiles the hot loops as ordinary
// functions; one big function with a direction flag was sometimes left with slower on-stack-
// replacement code (up to 1.8× slower sweeps, depending on which direction ran first).

/** States per call of the CSR block functions. */
const CSR_BLOCK = 4096;

function sweepCsr(model: CsrBackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  let delta = 0;
  const deterministic = model.rowPtr === null;
  if (backward) {
    for (let end = hi; end > lo; end -= CSR_BLOCK) {
      const first = Math.max(lo, end - CSR_BLOCK);
      delta = deterministic ? csrDeterministicBackward(model, src, dst, first, end, delta) : csrBackward(model, src, dst, first, end, delta);
    }
  } else {
    for (let first = lo; first < hi; first += CSR_BLOCK) {
      const end = Math.min(hi, first + CSR_BLOCK);
      delta = deterministic ? csrDeterministicForward(model, src, dst, first, end, delta) : csrForward(model, src, dst, first, end, delta);
    }
  }
  return delta;
}

function csrForward(model: CsrBackupModel, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, next, coef, rowReward } = model;
  const rowPtr = model.rowPtr!;
  for (let s = first; s < end; s++) {
    let best = -Infinity;
    for (let row = s * nA, rowEnd = row + nA; row < rowEnd; row++) {
      let q = rowReward[row]!;
      for (let i = rowPtr[row]!, iEnd = rowPtr[row + 1]!; i < iEnd; i++) q += coef[i]! * src[next[i]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

function csrBackward(model: CsrBackupModel, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, next, coef, rowReward } = model;
  const rowPtr = model.rowPtr!;
  for (let s = end - 1; s >= first; s--) {
    let best = -Infinity;
    for (let row = s * nA, rowEnd = row + nA; row < rowEnd; row++) {
      let q = rowReward[row]!;
      for (let i = rowPtr[row]!, iEnd = rowPtr[row + 1]!; i < iEnd; i++) q += coef[i]! * src[next[i]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

function csrDeterministicForward(model: CsrBackupModel, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, next, coef, rowReward } = model;
  for (let s = first; s < end; s++) {
    let best = -Infinity;
    for (let row = s * nA, rowEnd = row + nA; row < rowEnd; row++) {
      const q = rowReward[row]! + coef[row]! * src[next[row]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

function csrDeterministicBackward(model: CsrBackupModel, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, next, coef, rowReward } = model;
  for (let s = end - 1; s >= first; s--) {
    let best = -Infinity;
    for (let row = s * nA, rowEnd = row + nA; row < rowEnd; row++) {
      const q = rowReward[row]! + coef[row]! * src[next[row]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

function sweepRunsGeneric(model: RunsBackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  const { runStart, runClass } = model;
  const jLo = runIndexOf(model, lo);
  const jHi = runIndexOf(model, hi - 1);
  let delta = 0;
  for (let i = 0, count = jHi - jLo + 1; i < count; i++) {
    const j = backward ? jHi - i : jLo + i;
    const first = Math.max(runStart[j]!, lo);
    const end = Math.min(runStart[j + 1]!, hi);
    delta = backward ? runGenericBackward(model, runClass[j]!, src, dst, first, end, delta) : runGenericForward(model, runClass[j]!, src, dst, first, end, delta);
  }
  return delta;
}

function runGenericForward(model: RunsBackupModel, cls: number, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, width, classReward, classOffset, classCoef } = model;
  for (let s = first; s < end; s++) {
    let best = -Infinity;
    for (let row = cls * nA, rowEnd = row + nA; row < rowEnd; row++) {
      let q = classReward[row]!;
      for (let k = row * width, kEnd = k + width; k < kEnd; k++) q += classCoef[k]! * src[s + classOffset[k]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

function runGenericBackward(model: RunsBackupModel, cls: number, src: Float64Array, dst: Float64Array, first: number, end: number, delta: number): number {
  const { nA, width, classReward, classOffset, classCoef } = model;
  for (let s = end - 1; s >= first; s--) {
    let best = -Infinity;
    for (let row = cls * nA, rowEnd = row + nA; row < rowEnd; row++) {
      let q = classReward[row]!;
      for (let k = row * width, kEnd = k + width; k < kEnd; k++) q += classCoef[k]! * src[s + classOffset[k]!]!;
      if (q > best) best = q;
    }
    const d = best - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = best;
  }
  return delta;
}

// Four actions, one outcome each (deterministic gridworlds): the class constants of a run are
// loaded once and stay in registers for the whole run.
function sweepRuns4x1(model: RunsBackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  const { runStart, runClass, classReward, classOffset, classCoef } = model;
  const jLo = runIndexOf(model, lo);
  const jHi = runIndexOf(model, hi - 1);
  let delta = 0;
  for (let i = 0, count = jHi - jLo + 1; i < count; i++) {
    const j = backward ? jHi - i : jLo + i;
    const first = Math.max(runStart[j]!, lo);
    const end = Math.min(runStart[j + 1]!, hi);
    const b = runClass[j]! * 4;
    delta = backward
      ? run4x1Backward(src, dst, first, end, classReward, classCoef, classOffset, b, delta)
      : run4x1Forward(src, dst, first, end, classReward, classCoef, classOffset, b, delta);
  }
  return delta;
}

function run4x1Forward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, C: Float64Array, O: Int32Array, b: number, delta: number): number {
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const c0 = C[b]!, c1 = C[b + 1]!, c2 = C[b + 2]!, c3 = C[b + 3]!;
  const o0 = O[b]!, o1 = O[b + 1]!, o2 = O[b + 2]!, o3 = O[b + 3]!;
  for (let s = first; s < end; s++) {
    let q = r0 + c0 * src[s + o0]!;
    const q1 = r1 + c1 * src[s + o1]!;
    if (q1 > q) q = q1;
    const q2 = r2 + c2 * src[s + o2]!;
    if (q2 > q) q = q2;
    const q3 = r3 + c3 * src[s + o3]!;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}

function run4x1Backward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, C: Float64Array, O: Int32Array, b: number, delta: number): number {
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const c0 = C[b]!, c1 = C[b + 1]!, c2 = C[b + 2]!, c3 = C[b + 3]!;
  const o0 = O[b]!, o1 = O[b + 1]!, o2 = O[b + 2]!, o3 = O[b + 3]!;
  for (let s = end - 1; s >= first; s--) {
    let q = r0 + c0 * src[s + o0]!;
    const q1 = r1 + c1 * src[s + o1]!;
    if (q1 > q) q = q1;
    const q2 = r2 + c2 * src[s + o2]!;
    if (q2 > q) q = q2;
    const q3 = r3 + c3 * src[s + o3]!;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}

// Four actions over four distinct neighbours (slippery gridworlds): four loads per state, then a
// 4 × 4 weight matrix.
function sweepRunsDense4(model: RunsBackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  const { runStart, runClass, classReward, denseOffset, denseWeight } = model;
  const jLo = runIndexOf(model, lo);
  const jHi = runIndexOf(model, hi - 1);
  let delta = 0;
  for (let i = 0, count = jHi - jLo + 1; i < count; i++) {
    const j = backward ? jHi - i : jLo + i;
    const first = Math.max(runStart[j]!, lo);
    const end = Math.min(runStart[j + 1]!, hi);
    const cls = runClass[j]!;
    delta = backward
      ? runDense4Backward(src, dst, first, end, classReward, denseWeight, denseOffset, cls, delta)
      : runDense4Forward(src, dst, first, end, classReward, denseWeight, denseOffset, cls, delta);
  }
  return delta;
}

function runDense4Forward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, W: Float64Array, D: Int32Array, cls: number, delta: number): number {
  const b = cls * 4;
  const w = cls * 16;
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const d0 = D[b]!, d1 = D[b + 1]!, d2 = D[b + 2]!, d3 = D[b + 3]!;
  const w00 = W[w]!, w01 = W[w + 1]!, w02 = W[w + 2]!, w03 = W[w + 3]!;
  const w10 = W[w + 4]!, w11 = W[w + 5]!, w12 = W[w + 6]!, w13 = W[w + 7]!;
  const w20 = W[w + 8]!, w21 = W[w + 9]!, w22 = W[w + 10]!, w23 = W[w + 11]!;
  const w30 = W[w + 12]!, w31 = W[w + 13]!, w32 = W[w + 14]!, w33 = W[w + 15]!;
  for (let s = first; s < end; s++) {
    const v0 = src[s + d0]!, v1 = src[s + d1]!, v2 = src[s + d2]!, v3 = src[s + d3]!;
    let q = r0 + w00 * v0 + w01 * v1 + w02 * v2 + w03 * v3;
    const q1 = r1 + w10 * v0 + w11 * v1 + w12 * v2 + w13 * v3;
    if (q1 > q) q = q1;
    const q2 = r2 + w20 * v0 + w21 * v1 + w22 * v2 + w23 * v3;
    if (q2 > q) q = q2;
    const q3 = r3 + w30 * v0 + w31 * v1 + w32 * v2 + w33 * v3;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}

function runDense4Backward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, W: Float64Array, D: Int32Array, cls: number, delta: number): number {
  const b = cls * 4;
  const w = cls * 16;
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const d0 = D[b]!, d1 = D[b + 1]!, d2 = D[b + 2]!, d3 = D[b + 3]!;
  const w00 = W[w]!, w01 = W[w + 1]!, w02 = W[w + 2]!, w03 = W[w + 3]!;
  const w10 = W[w + 4]!, w11 = W[w + 5]!, w12 = W[w + 6]!, w13 = W[w + 7]!;
  const w20 = W[w + 8]!, w21 = W[w + 9]!, w22 = W[w + 10]!, w23 = W[w + 11]!;
  const w30 = W[w + 12]!, w31 = W[w + 13]!, w32 = W[w + 14]!, w33 = W[w + 15]!;
  for (let s = end - 1; s >= first; s--) {
    const v0 = src[s + d0]!, v1 = src[s + d1]!, v2 = src[s + d2]!, v3 = src[s + d3]!;
    let q = r0 + w00 * v0 + w01 * v1 + w02 * v2 + w03 * v3;
    const q1 = r1 + w10 * v0 + w11 * v1 + w12 * v2 + w13 * v3;
    if (q1 > q) q = q1;
    const q2 = r2 + w20 * v0 + w21 * v1 + w22 * v2 + w23 * v3;
    if (q2 > q) q = q2;
    const q3 = r3 + w30 * v0 + w31 * v1 + w32 * v2 + w33 * v3;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}

// Four actions, three outcomes each (slippery gridworlds, slippery FrozenLake).
function sweepRuns4x3(model: RunsBackupModel, src: Float64Array, dst: Float64Array, lo: number, hi: number, backward: boolean): number {
  const { runStart, runClass, classReward, classOffset, classCoef } = model;
  const jLo = runIndexOf(model, lo);
  const jHi = runIndexOf(model, hi - 1);
  let delta = 0;
  for (let i = 0, count = jHi - jLo + 1; i < count; i++) {
    const j = backward ? jHi - i : jLo + i;
    const first = Math.max(runStart[j]!, lo);
    const end = Math.min(runStart[j + 1]!, hi);
    const cls = runClass[j]!;
    delta = backward
      ? run4x3Backward(src, dst, first, end, classReward, classCoef, classOffset, cls, delta)
      : run4x3Forward(src, dst, first, end, classReward, classCoef, classOffset, cls, delta);
  }
  return delta;
}

function run4x3Forward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, C: Float64Array, O: Int32Array, cls: number, delta: number): number {
  const b = cls * 4;
  const k = cls * 12;
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const c00 = C[k]!, c01 = C[k + 1]!, c02 = C[k + 2]!;
  const c10 = C[k + 3]!, c11 = C[k + 4]!, c12 = C[k + 5]!;
  const c20 = C[k + 6]!, c21 = C[k + 7]!, c22 = C[k + 8]!;
  const c30 = C[k + 9]!, c31 = C[k + 10]!, c32 = C[k + 11]!;
  const o00 = O[k]!, o01 = O[k + 1]!, o02 = O[k + 2]!;
  const o10 = O[k + 3]!, o11 = O[k + 4]!, o12 = O[k + 5]!;
  const o20 = O[k + 6]!, o21 = O[k + 7]!, o22 = O[k + 8]!;
  const o30 = O[k + 9]!, o31 = O[k + 10]!, o32 = O[k + 11]!;
  for (let s = first; s < end; s++) {
    let q = r0 + c00 * src[s + o00]! + c01 * src[s + o01]! + c02 * src[s + o02]!;
    const q1 = r1 + c10 * src[s + o10]! + c11 * src[s + o11]! + c12 * src[s + o12]!;
    if (q1 > q) q = q1;
    const q2 = r2 + c20 * src[s + o20]! + c21 * src[s + o21]! + c22 * src[s + o22]!;
    if (q2 > q) q = q2;
    const q3 = r3 + c30 * src[s + o30]! + c31 * src[s + o31]! + c32 * src[s + o32]!;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}

function run4x3Backward(src: Float64Array, dst: Float64Array, first: number, end: number, R: Float64Array, C: Float64Array, O: Int32Array, cls: number, delta: number): number {
  const b = cls * 4;
  const k = cls * 12;
  const r0 = R[b]!, r1 = R[b + 1]!, r2 = R[b + 2]!, r3 = R[b + 3]!;
  const c00 = C[k]!, c01 = C[k + 1]!, c02 = C[k + 2]!;
  const c10 = C[k + 3]!, c11 = C[k + 4]!, c12 = C[k + 5]!;
  const c20 = C[k + 6]!, c21 = C[k + 7]!, c22 = C[k + 8]!;
  const c30 = C[k + 9]!, c31 = C[k + 10]!, c32 = C[k + 11]!;
  const o00 = O[k]!, o01 = O[k + 1]!, o02 = O[k + 2]!;
  const o10 = O[k + 3]!, o11 = O[k + 4]!, o12 = O[k + 5]!;
  const o20 = O[k + 6]!, o21 = O[k + 7]!, o22 = O[k + 8]!;
  const o30 = O[k + 9]!, o31 = O[k + 10]!, o32 = O[k + 11]!;
  for (let s = end - 1; s >= first; s--) {
    let q = r0 + c00 * src[s + o00]! + c01 * src[s + o01]! + c02 * src[s + o02]!;
    const q1 = r1 + c10 * src[s + o10]! + c11 * src[s + o11]! + c12 * src[s + o12]!;
    if (q1 > q) q = q1;
    const q2 = r2 + c20 * src[s + o20]! + c21 * src[s + o21]! + c22 * src[s + o22]!;
    if (q2 > q) q = q2;
    const q3 = r3 + c30 * src[s + o30]! + c31 * src[s + o31]! + c32 * src[s + o32]!;
    if (q3 > q) q = q3;
    const d = q - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = q;
  }
  return delta;
}
