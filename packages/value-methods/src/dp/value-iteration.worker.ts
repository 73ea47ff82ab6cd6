/**
 * Worker side of {@link ParallelValueIteration}: sweeps its share of the states over value arrays
 * in SharedArrayBuffers and meets the other workers at a barrier after every phase.
 *
 * Imports only the kernels (no other package), so it starts the same way from TypeScript sources
 * (under tsx) and from the built `dist/`.
 */
import { parentPort } from 'node:worker_threads';
import type { BackupModel } from './bellman-backup.js';
import { sweepMax } from './max-sweep-kernels.js';
import { BARRIER_COUNT, BARRIER_GEN, CLAIM, HOOK_ACK, STOP, type WorkerInit, type WorkerReply, type WorkerRun } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('value-iteration.worker must run in a worker thread');

let init: WorkerInit | undefined;

port.on('message', (msg: WorkerInit | WorkerRun) => {
  if (msg.type === 'init') {
    init = msg;
    port.postMessage({ type: 'ready' } satisfies WorkerReply);
    return;
  }
  try {
    const result = run(init!, msg);
    port.postMessage({ type: 'done', ...result } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply);
  }
});

/** Spin this many checks before sleeping in Atomics.wait (a few tens of microseconds). */
const SPIN = 20_000;

/** Sense-free barrier over a shared counter and generation number. */
function barrier(ctrl: Int32Array, parties: number): void {
  if (parties === 1) return;
  const gen = Atomics.load(ctrl, BARRIER_GEN);
  if (Atomics.add(ctrl, BARRIER_COUNT, 1) === parties - 1) {
    Atomics.store(ctrl, BARRIER_COUNT, 0);
    Atomics.add(ctrl, BARRIER_GEN, 1);
    Atomics.notify(ctrl, BARRIER_GEN);
    return;
  }
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ctrl, BARRIER_GEN) !== gen) return;
  while (Atomics.load(ctrl, BARRIER_GEN) === gen) Atomics.wait(ctrl, BARRIER_GEN, gen);
}

function run(w: WorkerInit, job: WorkerRun): { sweeps: number; delta: number; buffer: number } {
  const model: BackupModel = w.model;
  const { ctrl, deltas, index, count, syncBounds, chunkBounds } = w;
  const [v0, v1] = w.values;
  const inPlace = job.mode === 'in-place';
  const nSync = syncBounds.length - 1;
  const nChunks = chunkBounds.length - 1;
  const perColour = nChunks >> 1;
  let buffer = 0;
  let sweeps = 0;
  let delta = Infinity;
  while (sweeps < job.maxSweeps) {
    const backward = job.order === 'backward' || (job.order === 'alternating' && sweeps % 2 === 1);
    const claim = CLAIM + 2 * (sweeps & 1);
    // The counters of the next sweep were last used two sweeps ago: every worker is past them.
    if (index === 0) {
      const nextClaim = CLAIM + 2 * ((sweeps + 1) & 1);
      Atomics.store(ctrl, nextClaim, 0);
      Atomics.store(ctrl, nextClaim + 1, 0);
    }
    let d = 0;
    if (inPlace) {
      // Red-black chunks: one colour, barrier, the other colour. Backward sweeps start with the
      // colour of the last chunk and visit chunks from the end.
      for (let phase = 0; phase < 2; phase++) {
        if (phase === 1) barrier(ctrl, count);
        for (;;) {
          const i = Atomics.add(ctrl, claim + phase, 1);
          if (i >= perColour) break;
          const c = backward ? nChunks - 1 - phase - 2 * i : phase + 2 * i;
          d = Math.max(d, sweepMax(model, v0, v0, chunkBounds[c]!, chunkBounds[c + 1]!, backward));
        }
      }
    } else {
      const src = buffer === 0 ? v0 : v1;
      const dst = buffer === 0 ? v1 : v0;
      for (;;) {
        const c = Atomics.add(ctrl, claim, 1);
        if (c >= nSync) break;
        d = Math.max(d, sweepMax(model, src, dst, syncBounds[c]!, syncBounds[c + 1]!, false));
      }
      buffer = 1 - buffer;
    }
    const slot = (sweeps & 1) * count;
    deltas[slot + index] = d;
    barrier(ctrl, count);
    delta = 0;
    for (let i = 0; i < count; i++) delta = Math.max(delta, deltas[slot + i]!);
    sweeps++;
    if (job.hook) {
      if (index === 0) port!.postMessage({ type: 'sweep', sweep: sweeps, delta, buffer } satisfies WorkerReply);
      while (Atomics.load(ctrl, HOOK_ACK) < sweeps) Atomics.wait(ctrl, HOOK_ACK, Atomics.load(ctrl, HOOK_ACK));
      if (Atomics.load(ctrl, STOP) === 1) break;
    }
    if (delta < job.theta) break;
  }
  return { sweeps, delta, buffer };
}
