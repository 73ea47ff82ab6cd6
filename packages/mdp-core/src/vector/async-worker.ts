/**
 * Worker-thread side of `AsyncVectorEnv` (started by it; not meant to be imported). It builds
 * its block of sub-environments with `make()`, then serves reset / step commands written to
 * shared memory by the main thread, until told to close. See `async-protocol.ts`.
 *
 * The module does nothing unless it runs in a worker started by `AsyncVectorEnv`.
 */
import { isMainThread, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Env, Info } from '../env.js';
import type { SpaceSpec } from '../spaces/space.js';
import {
  COMMAND,
  CMD_CLOSE,
  CMD_RESET,
  CMD_STEP,
  type DataViews,
  HAS_MESSAGE,
  READY_SEQUENCE,
  REQUEST,
  RESPONSE,
  RESPONSE_DEAD,
  type ResetPayload,
  type ResultMessage,
  SPIN,
  STATUS,
  STATUS_ERROR,
  STATUS_OK,
  type SlotLayout,
  type WorkerErrorMessage,
  type WorkerInit,
  dataLayout,
  dataViews,
  serializeError,
  slotLayout,
  spinWhileEqual,
} from './async-protocol.js';

type MakeFn = (id: string, options: Record<string, unknown>) => Env<unknown, unknown>;

function isWorkerInit(data: unknown): data is WorkerInit {
  return typeof data === 'object' && data !== null && (data as Partial<WorkerInit>).bellmanAsyncVectorEnv === true;
}

if (!isMainThread && isWorkerInit(workerData)) {
  void runWorker(workerData);
}

/** An error raised by sub-environment `envIndex` (global index), reported with that index. */
class SubEnvError extends Error {
  constructor(
    readonly envIndex: number,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

async function runWorker(init: WorkerInit): Promise<void> {
  const control = new Int32Array(init.control);
  const port = init.port;
  // Runs on process.exit(), an uncaught error or the end of the thread: wake the main thread,
  // which may be blocked in Atomics.wait, instead of letting it wait for its timeout.
  process.on('exit', (code) => {
    if (Atomics.load(control, RESPONSE) !== RESPONSE_DEAD) {
      try {
        port.postMessage({ type: 'exit', code });
      } catch {
        // The port may already be closed; the RESPONSE_DEAD marker is enough.
      }
    }
    Atomics.store(control, RESPONSE, RESPONSE_DEAD);
    Atomics.notify(control, RESPONSE);
  });

  const respond = (sequence: number): void => {
    Atomics.store(control, RESPONSE, sequence);
    Atomics.notify(control, RESPONSE);
  };
  const fail = (error: unknown): void => {
    const message: WorkerErrorMessage = {
      type: 'error',
      error: serializeError(error instanceof SubEnvError ? error.original : error),
    };
    if (error instanceof SubEnvError) message.envIndex = error.envIndex;
    port.postMessage(message);
    control[STATUS] = STATUS_ERROR;
    control[HAS_MESSAGE] = 1;
  };

  let server: Server;
  try {
    for (const specifier of init.modules) await import(specifier);
    const make = await loadMake(init.registryUrl);
    const envs: Env<unknown, unknown>[] = [];
    try {
      for (let j = 0; j < init.count; j++) {
        try {
          envs.push(make(init.envId, init.envOptions));
        } catch (error) {
          throw new SubEnvError(init.firstEnv + j, error);
        }
      }
      server = new Server(init, envs);
    } catch (error) {
      closeAll(envs);
      throw error;
    }
    port.postMessage({
      type: 'ready',
      observationSpace: server.observationSpec,
      actionSpace: server.actionSpec,
      data: server.data,
    });
  } catch (error) {
    fail(error);
    respond(READY_SEQUENCE);
    // Stay alive until the main thread terminates this worker: ending the thread (or closing
    // the port) right after posting can drop the error message before the main thread reads it.
    setInterval(() => {}, 2 ** 30);
    return;
  }
  respond(READY_SEQUENCE);

  const spin = control[SPIN]!;
  let last = READY_SEQUENCE;
  for (;;) {
    // Wait for the next command: poll a little (cheap when steps follow each other closely),
    // then sleep until the main thread notifies.
    let request = spinWhileEqual(control, REQUEST, last, spin);
    while (request === last) {
      Atomics.wait(control, REQUEST, last);
      request = Atomics.load(control, REQUEST);
    }
    last = request;
    const command = control[COMMAND];
    control[STATUS] = STATUS_OK;
    control[HAS_MESSAGE] = 0;
    if (command === CMD_CLOSE) {
      closeAll(server.envs);
      respond(request);
      port.close();
      return;
    }
    try {
      let message: ResultMessage | undefined;
      if (command === CMD_STEP) message = server.step();
      else if (command === CMD_RESET) message = server.reset(receiveMessageOnPort(port)?.message as ResetPayload | undefined);
      else throw new Error(`unknown command ${command}`);
      if (message) {
        port.postMessage(message);
        control[HAS_MESSAGE] = 1;
      }
    } catch (error) {
      fail(error);
    }
    respond(request);
  }
}

async function loadMake(registryUrl: string): Promise<MakeFn> {
  const registry = (await import(registryUrl)) as { make?: unknown };
  if (typeof registry.make === 'function') return registry.make as MakeFn;
  // The module at registryUrl does not export make (an unusual bundle): use our own copy.
  const own = await import('../registry.js');
  return own.make;
}

function closeAll(envs: readonly Env<unknown, unknown>[]): void {
  for (const env of envs) {
    try {
      env.close?.();
    } catch {
      // Closing is best effort; the thread ends anyway.
    }
  }
}

function hasKeys(info: Info | undefined): boolean {
  if (info === undefined || info === null) return false;
  for (const key in info) if (Object.prototype.hasOwnProperty.call(info, key)) return true;
  return false;
}

/** The sub-environments of one worker and the shared buffers they read and write. */
class Server {
  readonly observationSpec: SpaceSpec;
  readonly actionSpec: SpaceSpec;
  readonly data: SharedArrayBuffer;
  private readonly views: DataViews;
  private readonly obs: SlotLayout;
  private readonly act: SlotLayout;
  private readonly firstEnv: number;

  constructor(
    init: WorkerInit,
    readonly envs: readonly Env<unknown, unknown>[],
  ) {
    this.firstEnv = init.firstEnv;
    const first = envs[0]!;
    this.observationSpec = first.observationSpace.toJSON();
    this.actionSpec = first.actionSpace.toJSON();
    const obsKey = JSON.stringify(this.observationSpec);
    const actKey = JSON.stringify(this.actionSpec);
    for (let j = 1; j < envs.length; j++) {
      const env = envs[j]!;
      if (JSON.stringify(env.observationSpace.toJSON()) !== obsKey || JSON.stringify(env.actionSpace.toJSON()) !== actKey) {
        throw new Error(
          `all sub-environments must have the same spaces; env ${this.firstEnv} has ${first.observationSpace.toString()} / ` +
            `${first.actionSpace.toString()} but env ${this.firstEnv + j} has ${env.observationSpace.toString()} / ${env.actionSpace.toString()}`,
        );
      }
    }
    const obs = slotLayout(this.observationSpec);
    const act = slotLayout(this.actionSpec);
    if (typeof obs === 'string') throw new Error(`${obs} (observation space ${first.observationSpace.toString()})`);
    if (typeof act === 'string') throw new Error(`${act} (action space ${first.actionSpace.toString()})`);
    this.obs = obs;
    this.act = act;
    this.data = new SharedArrayBuffer(dataLayout(envs.length, obs, act).byteLength);
    this.views = dataViews(this.data, envs.length, obs, act);
  }

  reset(payload: ResetPayload | undefined): ResultMessage | undefined {
    if (!payload) throw new Error('reset command without its payload');
    const infos: [number, Info][] = [];
    for (let j = 0; j < this.envs.length; j++) {
      const seed = payload.seeds[j];
      const options: { seed?: number; options?: Record<string, unknown> } = {};
      if (seed !== undefined) options.seed = seed;
      if (payload.options !== undefined) options.options = payload.options;
      try {
        const r = this.envs[j]!.reset(options);
        this.write(this.views.observations, j, r.observation);
        if (hasKeys(r.info)) infos.push([j, r.info]);
      } catch (error) {
        throw new SubEnvError(this.firstEnv + j, error);
      }
    }
    return infos.length > 0 ? { type: 'infos', infos, finalInfos: [] } : undefined;
  }

  step(): ResultMessage | undefined {
    const { actions, rewards, terminated, truncated, observations, finalObservations } = this.views;
    const size = this.act.size;
    const scalar = this.act.scalar;
    let infos: [number, Info][] | undefined;
    let finalInfos: [number, Info][] | undefined;
    for (let j = 0; j < this.envs.length; j++) {
      const env = this.envs[j]!;
      try {
        const action = scalar ? actions[j]! : actions.slice(j * size, (j + 1) * size);
        const r = env.step(action);
        rewards[j] = r.reward;
        if (r.terminated || r.truncated) {
          terminated[j] = r.terminated ? 1 : 0;
          truncated[j] = r.truncated ? 1 : 0;
          this.write(finalObservations, j, r.observation);
          (finalInfos ??= []).push([j, r.info ?? {}]);
          const next = env.reset();
          this.write(observations, j, next.observation);
          if (hasKeys(next.info)) (infos ??= []).push([j, next.info]);
        } else {
          terminated[j] = 0;
          truncated[j] = 0;
          this.write(observations, j, r.observation);
          if (hasKeys(r.info)) (infos ??= []).push([j, r.info]);
        }
      } catch (error) {
        throw new SubEnvError(this.firstEnv + j, error);
      }
    }
    return infos || finalInfos ? { type: 'infos', infos: infos ?? [], finalInfos: finalInfos ?? [] } : undefined;
  }

  /** Writes observation `x` of local env `j` into `target`. */
  private write(target: DataViews['observations'], j: number, x: unknown): void {
    const { size, scalar } = this.obs;
    if (scalar) {
      if (typeof x !== 'number' || !Number.isInteger(x)) {
        throw new Error(`the observation must be an integer (Discrete observation space); got ${String(x)}`);
      }
      target[j] = x;
      return;
    }
    const arr = x as ArrayLike<number> | null | undefined;
    if (arr === null || typeof arr !== 'object' || arr.length !== size) {
      throw new Error(`the observation must be an array of ${size} numbers (Box observation space); got ${String(x)}`);
    }
    target.set(arr, j * size);
  }
}
