/**
 * The inner loops of dynamic programming: a Bellman backup of one (state, action) pair is
 *
 *   Q(s, a) = Σ_{outcomes} p · (r + γ · (1 − terminated) · V(next))
 *           = R(s, a) + Σ_{outcomes} c · V(next),   R(s, a) = Σ p · r,   c = γ · p · (1 − terminated),
 *
 * so a model is "compiled" once per γ into expected rewards R and bootstrap weights c, and every
 * sweep only gathers values. Two layouts exist:
 *
 * - `csr`: one row per (s, a) exactly as in mdp-core's TabularMDP (`rowPtr`, `next`), with the
 *   weights `coef` per outcome and `rowReward` per row. Works for any model.
 * - `runs`: states whose rows are identical up to a shift of the state index (same rewards, same
 *   weights, same `next − s`) share a *class*; consecutive states of one class form a *run*. A
 *   gridworld has a handful of classes (interior, borders, corners, cells next to the goal) and
 *   three runs per grid row, so a sweep reads the value array and a few hundred bytes of class
 *   tables instead of 20+ bytes per backup. Rows are padded to the same number of outcomes
 *   (`width`) with zero-weight outcomes, which leaves every sum unchanged. With four actions and
 *   several outcomes that only ever read four distinct neighbours (slippery gridworlds), each
 *   class also gets a neighbour form: four loads and a 4 × 4 weight matrix per state instead of
 *   twelve loads (same values up to rounding).
 *
 * This module imports nothing at run time (only types), so the worker that runs these kernels
 * starts without resolving other packages.
 */
import type { TabularMDP } from '@bellman/mdp-core';

/** How a compiled model stores its rows: see the module comment. `auto` picks `runs` when it compresses well. */
export type BackupLayout = 'auto' | 'csr' | 'runs';

/** A model compiled for the `csr` layout (rows in mdp-core's order `row = s · nA + a`). */
export interface CsrBackupModel {
  readonly layout: 'csr';
  /** Number of states. */
  readonly nS: number;
  /** Number of actions. */
  readonly nA: number;
  /** Discount factor the weights were compiled with. */
  readonly gamma: number;
  /** Row offsets (length nS·nA + 1), or `null` when every row has exactly one outcome (outcome index = row). */
  readonly rowPtr: Int32Array | null;
  /** Next state of every outcome. */
  readonly next: Int32Array;
  /** Bootstrap weight γ · p · (1 − terminated) of every outcome. */
  readonly coef: Float64Array;
  /** Expected reward Σ p · r of every row. */
  readonly rowReward: Float64Array;
  /** Smallest expected reward of any row (used by the `lower-bound` start). */
  readonly minReward: number;
}

/** A model compiled for the `runs` layout (see the module comment). */
export interface RunsBackupModel {
  readonly layout: 'runs';
  /** Number of states. */
  readonly nS: number;
  /** Number of actions. */
  readonly nA: number;
  /** Discount factor the weights were compiled with. */
  readonly gamma: number;
  /** Outcomes stored per (class, action) row; shorter rows are padded with zero weights. */
  readonly width: number;
  /** Number of classes. */
  readonly numClasses: number;
  /** Number of runs. */
  readonly numRuns: number;
  /** First state of every run, plus nS at the end (length numRuns + 1). */
  readonly runStart: Int32Array;
  /** Class of every run (length numRuns). */
  readonly runClass: Int32Array;
  /** Expected reward of every (class, action) row (length numClasses · nA). */
  readonly classReward: Float64Array;
  /** `next − s` of every padded outcome (length numClasses · nA · width). */
  readonly classOffset: Int32Array;
  /** Bootstrap weight of every padded outcome (length numClasses · nA · width). */
  readonly classCoef: Float64Array;
  /**
   * Neighbour form, built for four actions with several outcomes when no class reads more than
   * four distinct states: `denseOffset[4c + j]` are the distinct `next − s` of class c and
   * `denseWeight[16c + 4a + j]` the summed weights of action a on them, so a backup loads four
   * values instead of 4 · width (`denseWidth` = 4; 0 when not built).
   */
  readonly denseWidth: number;
  readonly denseOffset: Int32Array;
  readonly denseWeight: Float64Array;
  /** Smallest expected reward of any row. */
  readonly minReward: number;
}

/** A model compiled for fast backups at one discount factor. */
export type BackupModel = CsrBackupModel | RunsBackupModel;

/** Options of {@link compileBackupModel}. */
export interface CompileBackupOptions {
  /** Storage layout (default `'auto'`: `runs` when it has at most `maxClasses` classes and runs of 2+ states on average). */
  layout?: BackupLayout | undefined;
  /** Allocate every array on a SharedArrayBuffer so worker threads can read it without copies (default false). */
  shared?: boolean | undefined;
  /** Largest number of classes `auto` accepts for the `runs` layout (default 4096). */
  maxClasses?: number | undefined;
}

type TypedArrayCtor<T> = { new (length: number): T; new (buffer: ArrayBufferLike): T; readonly BYTES_PER_ELEMENT: number };

function alloc<T>(ctor: TypedArrayCtor<T>, length: number, shared: boolean): T {
  return shared ? new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT)) : new ctor(length);
}

function copyTo<T extends Int32Array | Float64Array>(ctor: TypedArrayCtor<T>, src: T, length: number, shared: boolean): T {
  const out = alloc(ctor, length, shared);
  out.set(length === src.length ? src : src.subarray(0, length));
  return shared ? (out.subarray(0, length) as T) : out;
}

/**
 * Compiles `mdp` for backups at discount `gamma`: expected rewards R(s, a) = Σ p · r and weights
 * c = γ · p · (1 − terminated), so that Q(s, a) = R(s, a) + Σ c · V(next). Validation of γ is
 * the caller's job (the DP functions do it).
 */
export function compileBackupModel(mdp: TabularMDP, gamma: number, options: CompileBackupOptions = {}): BackupModel {
  const layout = options.layout ?? 'auto';
  const shared = options.shared ?? false;
  const { nS, nA, rowPtr, prob, reward, terminated } = mdp;
  const nRows = nS * nA;
  const rowReward = new Float64Array(nRows);
  let width = 0;
  let minReward = Infinity;
  for (let row = 0; row < nRows; row++) {
    const start = rowPtr[row]!;
    const end = rowPtr[row + 1]!;
    let r = 0;
    for (let i = start; i < end; i++) r += prob[i]! * reward[i]!;
    rowReward[row] = r;
    if (r < minReward) minReward = r;
    if (end - start > width) width = end - start;
  }
  if (layout !== 'csr') {
    const runs = compileRuns(mdp, gamma, rowReward, width, minReward, layout === 'runs' ? Infinity : (options.maxClasses ?? 4096), layout === 'runs', shared);
    if (runs !== undefined) return runs;
  }
  const nnz = prob.length;
  const coef = alloc(Float64Array, nnz, shared);
  for (let i = 0; i < nnz; i++) coef[i] = terminated[i] === 1 ? 0 : gamma * prob[i]!;
  const deterministic = nnz === nRows && width === 1;
  return {
    layout: 'csr',
    nS,
    nA,
    gamma,
    rowPtr: deterministic ? null : shared ? copyTo(Int32Array, rowPtr, rowPtr.length, true) : rowPtr,
    next: shared ? copyTo(Int32Array, mdp.next, nnz, true) : mdp.next,
    coef,
    rowReward: shared ? copyTo(Float64Array, rowReward, nRows, true) : rowReward,
    minReward,
  };
}

/** Growable typed array used while classes are discovered. */
class Grow<T extends Int32Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly ctor: TypedArrayCtor<T>) {
    this.data = new ctor(64);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h ^ (h >>> 15)) | 0;
}

function mixDouble(h: number, x: number): number {
  f64[0] = x;
  return mix(mix(h, u32[0]!), u32[1]!);
}

function compileRuns(
  mdp: TabularMDP,
  gamma: number,
  rowReward: Float64Array,
  width: number,
  minReward: number,
  maxClasses: number,
  forced: boolean,
  shared: boolean,
): RunsBackupModel | undefined {
  const { nS, nA, rowPtr, prob, next, terminated } = mdp;
  const per = nA * width;
  // Signature of the current state, then a hash table of classes (chained through `chain`).
  const sigR = new Float64Array(nA);
  const sigO = new Int32Array(per);
  const sigC = new Float64Array(per);
  const clsR = new Grow(Float64Array);
  const clsO = new Grow(Int32Array);
  const clsC = new Grow(Float64Array);
  const chain = new Grow(Int32Array);
  const buckets = new Map<number, number>();
  const runStart = new Grow(Int32Array);
  const runClass = new Grow(Int32Array);
  const maxRuns = forced ? Infinity : nS / 2;
  let numClasses = 0;
  let prevClass = -1;
  for (let s = 0; s < nS; s++) {
    let h = 0x2545f491;
    for (let a = 0; a < nA; a++) {
      const row = s * nA + a;
      const r = rowReward[row]!;
      sigR[a] = r;
      h = mixDouble(h, r);
      let k = a * width;
      for (let i = rowPtr[row]!, end = rowPtr[row + 1]!; i < end; i++, k++) {
        const o = next[i]! - s;
        const c = terminated[i] === 1 ? 0 : gamma * prob[i]!;
        sigO[k] = o;
        sigC[k] = c;
        h = mixDouble(mix(h, o), c);
      }
      for (const kEnd = (a + 1) * width; k < kEnd; k++) {
        sigO[k] = 0;
        sigC[k] = 0;
        h = mixDouble(mix(h, 0), 0);
      }
    }
    let id = buckets.get(h) ?? -1;
    while (id >= 0 && !sameClass(id, nA, per, sigR, sigO, sigC, clsR.data, clsO.data, clsC.data)) id = chain.data[id]!;
    if (id < 0) {
      if (numClasses >= maxClasses) return undefined;
      id = numClasses++;
      for (let a = 0; a < nA; a++) clsR.push(sigR[a]!);
      for (let k = 0; k < per; k++) {
        clsO.push(sigO[k]!);
        clsC.push(sigC[k]!);
      }
      chain.push(buckets.get(h) ?? -1);
      buckets.set(h, id);
    }
    if (id !== prevClass) {
      if (runStart.length >= maxRuns) return undefined;
      runStart.push(s);
      runClass.push(id);
      prevClass = id;
    }
  }
  runStart.push(nS);
  const dense = nA === 4 && width > 1 ? denseForm(numClasses, width, clsO.data, clsC.data) : undefined;
  return {
    layout: 'runs',
    nS,
    nA,
    gamma,
    width,
    numClasses,
    numRuns: runClass.length,
    runStart: copyTo(Int32Array, runStart.data, runStart.length, shared),
    runClass: copyTo(Int32Array, runClass.data, runClass.length, shared),
    classReward: copyTo(Float64Array, clsR.data, clsR.length, shared),
    classOffset: copyTo(Int32Array, clsO.data, clsO.length, shared),
    classCoef: copyTo(Float64Array, clsC.data, clsC.length, shared),
    denseWidth: dense === undefined ? 0 : 4,
    denseOffset: copyTo(Int32Array, dense?.offset ?? new Int32Array(0), dense?.offset.length ?? 0, shared),
    denseWeight: copyTo(Float64Array, dense?.weight ?? new Float64Array(0), dense?.weight.length ?? 0, shared),
    minReward,
  };
}

/** The neighbour form of four-action classes, or undefined when a class reads more than four states. */
function denseForm(numClasses: number, width: number, clsO: Int32Array, clsC: Float64Array): { offset: Int32Array; weight: Float64Array } | undefined {
  const offset = new Int32Array(numClasses * 4);
  const weight = new Float64Array(numClasses * 16);
  for (let cls = 0; cls < numClasses; cls++) {
    let distinct = 0;
    for (let a = 0; a < 4; a++) {
      for (let k = (cls * 4 + a) * width, kEnd = k + width; k < kEnd; k++) {
        const c = clsC[k]!;
        if (c === 0) continue;
        const o = clsO[k]!;
        let j = 0;
        while (j < distinct && offset[cls * 4 + j] !== o) j++;
        if (j === distinct) {
          if (distinct === 4) return undefined;
          offset[cls * 4 + distinct++] = o;
        }
        weight[cls * 16 + a * 4 + j] = weight[cls * 16 + a * 4 + j]! + c;
      }
    }
  }
  return { offset, weight };
}

function sameClass(
  id: number,
  nA: number,
  per: number,
  sigR: Float64Array,
  sigO: Int32Array,
  sigC: Float64Array,
  clsR: Float64Array,
  clsO: Int32Array,
  clsC: Float64Array,
): boolean {
  for (let a = 0; a < nA; a++) if (clsR[id * nA + a] !== sigR[a]) return false;
  const base = id * per;
  for (let k = 0; k < per; k++) if (clsO[base + k] !== sigO[k] || clsC[base + k] !== sigC[k]) return false;
  return true;
}

/** The run that contains state `s` (binary search on `runStart`). */
export function runIndexOf(model: RunsBackupModel, s: number): number {
  const starts = model.runStart;
  let lo = 0;
  let hi = model.numRuns - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Q(s, a) = R(s, a) + Σ c · V(next) for every action of state `s`, written to `out[0 … nA − 1]`.
 */
export function stateActionValues(model: BackupModel, values: Float64Array, s: number, out: Float64Array): void {
  const nA = model.nA;
  if (model.layout === 'runs') {
    const { width, classReward, classOffset, classCoef } = model;
    const cls = model.runClass[runIndexOf(model, s)]!;
    for (let a = 0, row = cls * nA; a < nA; a++, row++) {
      let q = classReward[row]!;
      for (let k = row * width, kEnd = k + width; k < kEnd; k++) q += classCoef[k]! * values[s + classOffset[k]!]!;
      out[a] = q;
    }
    return;
  }
  const { rowPtr, next, coef, rowReward } = model;
  for (let a = 0, row = s * nA; a < nA; a++, row++) {
    let q = rowReward[row]!;
    if (rowPtr === null) q += coef[row]! * values[next[row]!]!;
    else for (let i = rowPtr[row]!, end = rowPtr[row + 1]!; i < end; i++) q += coef[i]! * values[next[i]!]!;
    out[a] = q;
  }
}

/**
 * Greedy actions π(s) = argmax_a Q(s, a) for the states `lo … hi − 1`, written to `policy`; actions
 * within `tolerance` of the maximum count as tied and the lowest index wins.
 */
export function greedyActions(model: BackupModel, values: Float64Array, policy: Int32Array, tolerance: number, lo = 0, hi = model.nS): void {
  const nA = model.nA;
  const q = new Float64Array(nA);
  if (model.layout === 'runs') {
    const { width, runStart, runClass, classReward, classOffset, classCoef } = model;
    for (let j = runIndexOf(model, lo), jEnd = runIndexOf(model, hi - 1); j <= jEnd; j++) {
      const cls = runClass[j]!;
      for (let s = Math.max(runStart[j]!, lo), sEnd = Math.min(runStart[j + 1]!, hi); s < sEnd; s++) {
        let best = -Infinity;
        for (let a = 0, row = cls * nA; a < nA; a++, row++) {
          let v = classReward[row]!;
          for (let k = row * width, kEnd = k + width; k < kEnd; k++) v += classCoef[k]! * values[s + classOffset[k]!]!;
          q[a] = v;
          if (v > best) best = v;
        }
        let a = 0;
        while (q[a]! < best - tolerance) a++;
        policy[s] = a;
      }
    }
    return;
  }
  for (let s = lo; s < hi; s++) {
    stateActionValues(model, values, s, q);
    let best = -Infinity;
    for (let a = 0; a < nA; a++) if (q[a]! > best) best = q[a]!;
    let a = 0;
    while (q[a]! < best - tolerance) a++;
    policy[s] = a;
  }
}

/**
 * The uniform lower bound min(0, min_{s,a} R(s, a)) / (1 − γ) on V* (γ < 1): no policy can lose
 * more than the smallest expected reward per step, forever.
 */
export function lowerBoundValue(model: BackupModel): number {
  return Math.min(0, model.minReward) / (1 - model.gamma);
}

/**
 * The start values of `init: 'lower-bound'`: {@link lowerBoundValue} everywhere, except in states
 * whose every outcome stays in the state itself (terminal cells, walls, other absorbing states),
 * which get their exact value max_a R(s, a) / (1 − Σ c) at once. V₀ ≤ V* and T V₀ ≥ V₀, so value
 * iteration from V₀ rises monotonically to V*; without the exact absorbing values, a self-loop with
 * reward 0 (a wall cell) would need log(θ / |V₀|) / log γ sweeps to climb from V₀ to 0.
 */
export function lowerBoundValues(model: BackupModel, out: Float64Array): void {
  const bound = lowerBoundValue(model);
  const { nS, nA } = model;
  if (model.layout === 'runs') {
    const { width, runStart, runClass, classReward, classOffset, classCoef } = model;
    for (let j = 0; j < model.numRuns; j++) {
      const cls = runClass[j]!;
      let value = -Infinity;
      for (let a = 0, row = cls * nA; a < nA && value !== bound; a++, row++) {
        let c = 0;
        for (let k = row * width, kEnd = k + width; k < kEnd; k++) {
          if (classOffset[k] !== 0 && classCoef[k] !== 0) {
            value = bound;
            break;
          }
          c += classCoef[k]!;
        }
        if (value !== bound) value = Math.max(value, classReward[row]! / (1 - c));
      }
      out.fill(value, runStart[j], runStart[j + 1]);
    }
    return;
  }
  const { rowPtr, next, coef, rowReward } = model;
  for (let s = 0; s < nS; s++) {
    let value = -Infinity;
    for (let a = 0, row = s * nA; a < nA && value !== bound; a++, row++) {
      let c = 0;
      const start = rowPtr === null ? row : rowPtr[row]!;
      const end = rowPtr === null ? row + 1 : rowPtr[row + 1]!;
      for (let i = start; i < end; i++) {
        if (next[i] !== s && coef[i] !== 0) {
          value = bound;
          break;
        }
        c += coef[i]!;
      }
      if (value !== bound) value = Math.max(value, rowReward[row]! / (1 - c));
    }
    out[s] = value;
  }
}

/**
 * For every block `[bounds[i], bounds[i + 1])`, the smallest and largest successor state that its
 * states can reach (in `lo[i]`, `hi[i]`), used to check that blocks only touch their neighbours.
 */
export function successorRanges(model: BackupModel, bounds: Int32Array): { lo: Int32Array; hi: Int32Array } {
  const nBlocks = bounds.length - 1;
  const lo = new Int32Array(nBlocks);
  const hi = new Int32Array(nBlocks);
  for (let b = 0; b < nBlocks; b++) {
    let min = Infinity;
    let max = -Infinity;
    const first = bounds[b]!;
    const end = bounds[b + 1]!;
    if (end <= first) {
      lo[b] = first;
      hi[b] = first - 1;
      continue;
    }
    if (model.layout === 'runs') {
      const { nA, width, runStart, runClass, classOffset } = model;
      for (let j = runIndexOf(model, first), jEnd = runIndexOf(model, end - 1); j <= jEnd; j++) {
        const s0 = Math.max(runStart[j]!, first);
        const s1 = Math.min(runStart[j + 1]!, end) - 1;
        const base = runClass[j]! * nA * width;
        for (let k = base, kEnd = base + nA * width; k < kEnd; k++) {
          const o = classOffset[k]!;
          if (s0 + o < min) min = s0 + o;
          if (s1 + o > max) max = s1 + o;
        }
      }
    } else {
      const { nA, rowPtr, next } = model;
      for (let i = rowPtr === null ? first * nA : rowPtr[first * nA]!, iEnd = rowPtr === null ? end * nA : rowPtr[end * nA]!; i < iEnd; i++) {
        const n = next[i]!;
        if (n < min) min = n;
        if (n > max) max = n;
      }
    }
    lo[b] = min === Infinity ? first : min;
    hi[b] = max === -Infinity ? first - 1 : max;
  }
  return { lo, hi };
}

const modelCache = new WeakMap<TabularMDP, Map<string, BackupModel>>();

/**
 * {@link compileBackupModel} with a cache per (mdp, γ, layout), so repeated calls on the same model
 * (policy iteration, animations, benchmarks) compile once. Assumes the MDP's arrays are not
 * modified after it was built (mdp-core treats them as read-only).
 */
export function cachedBackupModel(mdp: TabularMDP, gamma: number, layout: BackupLayout = 'auto'): BackupModel {
  let byKey = modelCache.get(mdp);
  if (byKey === undefined) {
    byKey = new Map();
    modelCache.set(mdp, byKey);
  }
  const key = `${gamma}|${layout}`;
  let model = byKey.get(key);
  if (model === undefined) {
    model = compileBackupModel(mdp, gamma, { layout });
    byKey.set(key, model);
  }
  return model;
}

/**
 * One sweep of iterative policy evaluation over all states (in decreasing order when `backward`):
 *
 *   dst[s] ← Σ_a π(a|s) · [ R(s, a) + Σ c · src[next] ]
 *
 * with π given as one action per state (`actions`) or as probabilities (`probs`, row-major; zero
 * probabilities are skipped). Returns max_s |dst[s] − src[s]|; `dst === src` makes it in place.
 */
export function sweepPolicy(
  model: CsrBackupModel,
  actions: Int32Array | null,
  probs: Float64Array | null,
  src: Float64Array,
  dst: Float64Array,
  backward: boolean,
): number {
  const { nS, nA, rowPtr, next, coef, rowReward } = model;
  const step = backward ? -1 : 1;
  const stop = backward ? -1 : nS;
  let delta = 0;
  for (let s = backward ? nS - 1 : 0; s !== stop; s += step) {
    let v = 0;
    for (let a = 0; a < nA; a++) {
      let w: number;
      if (actions !== null) {
        if (actions[s] !== a) continue;
        w = 1;
      } else {
        w = probs![s * nA + a]!;
        if (w === 0) continue;
      }
      const row = s * nA + a;
      let q = rowReward[row]!;
      if (rowPtr === null) q += coef[row]! * src[next[row]!]!;
      else for (let i = rowPtr[row]!, end = rowPtr[row + 1]!; i < end; i++) q += coef[i]! * src[next[i]!]!;
      v += w * q;
    }
    const d = v - src[s]!;
    if (d > delta) delta = d;
    else if (-d > delta) delta = -d;
    dst[s] = v;
  }
  return delta;
}
