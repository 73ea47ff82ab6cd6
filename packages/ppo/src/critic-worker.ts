/**
 * Worker side of {@link ParallelCritic}: holds the critic network on its own tfjs backend and, per
 * command, runs the critic's forward pass, value loss and backward pass on the minibatch the main
 * thread wrote into shared memory, writing ∂loss/∂θ_critic into the shared gradient vector.
 */
import { workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '@bellman/mdp-core/tf';
import { Mlp } from './mlp.js';
import { valueLossAndGrad } from './ppo-loss.js';
import {
  CLIP_COEF,
  CLIP_VLOSS,
  CMD,
  DONE,
  ERROR_LENGTH,
  OP,
  OP_STEP,
  OP_STOP,
  PARAMS_VERSION,
  ROWS,
  STATUS,
  STATUS_ERROR,
  STATUS_READY,
  VALUE_LOSS,
  VF_COEF,
  type CriticWorkerInit,
} from './critic-protocol.js';

const init = workerData as CriticWorkerInit;
const control = new Int32Array(init.control);
const scalars = new Float64Array(init.scalars);

function fail(error: unknown): void {
  const text = new TextEncoder().encode(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const bytes = new Uint8Array(init.error);
  const n = Math.min(text.length, bytes.length);
  bytes.set(text.subarray(0, n));
  Atomics.store(control, ERROR_LENGTH, n);
  Atomics.store(control, STATUS, STATUS_ERROR);
  Atomics.notify(control, STATUS);
  Atomics.store(control, DONE, -1);
  Atomics.notify(control, DONE);
}

async function main(): Promise<void> {
  await initBackend({ prefer: [init.backend as BackendName] });
  const mlp = new Mlp(init.sizes, init.activation, 0);
  const params = new Float32Array(init.params);
  const grad = new Float32Array(init.grad);
  const x = new Float32Array(init.x);
  const xT = new Float32Array(init.xT);
  const returns = new Float64Array(init.returns);
  const oldValues = new Float64Array(init.oldValues);
  const values = new Float32Array(init.values);
  const dValues = new Float32Array(init.maxRows);
  const d = init.obsDim;
  let uploaded = -1;
  // read before announcing readiness: the first command may follow immediately
  let seen = Atomics.load(control, CMD);
  Atomics.store(control, STATUS, STATUS_READY);
  Atomics.notify(control, STATUS);

  for (;;) {
    // spin briefly (the main thread answers within microseconds during training), then sleep
    let spins = 0;
    while (Atomics.load(control, CMD) === seen && spins++ < 20_000) {
      /* spin */
    }
    if (Atomics.load(control, CMD) === seen) Atomics.wait(control, CMD, seen);
    seen = Atomics.load(control, CMD);
    const op = Atomics.load(control, OP);
    if (op === OP_STOP) break;
    const version = Atomics.load(control, PARAMS_VERSION);
    if (version !== uploaded) {
      mlp.upload(params);
      uploaded = version;
    }
    const rows = Atomics.load(control, ROWS);
    tf.tidy(() => {
      const acts = mlp.forward(tf.tensor2d(x.subarray(0, rows * d), [rows, d]));
      const v = acts.out.dataSync();
      values.set(v.subarray(0, rows));
      if (op === OP_STEP) {
        const dv = dValues.subarray(0, rows);
        scalars[VALUE_LOSS] = valueLossAndGrad(rows, v, returns, oldValues, { clipCoef: scalars[CLIP_COEF]!, clipVloss: scalars[CLIP_VLOSS] === 1, vfCoef: scalars[VF_COEF]! }, dv);
        grad.fill(0, 0, mlp.size);
        let colSum = 0;
        for (let i = 0; i < rows; i++) colSum += dv[i]!;
        mlp.backward(tf.tensor2d(xT.subarray(0, rows * d), [d, rows]), acts, tf.tensor2d(dv, [rows, 1]), [colSum], grad);
      }
    });
    Atomics.store(control, DONE, seen);
    Atomics.notify(control, DONE);
  }
  mlp.dispose();
}

main().catch(fail);
