/**
 * Experience replay (Lin, 1992; Mnih et al., 2015): a fixed-capacity ring of transitions
 * (s, a, r, s′, terminated) in preallocated typed arrays, sampled uniformly with replacement.
 *
 * Bootstrapping rules, which the agent relies on:
 * - `nextObs` is the observation the step returned, i.e. the FINAL observation of an episode
 *   when the step ended it — never the first observation of the next episode;
 * - `terminated` is the MDP's terminal flag only. A truncated step (time limit) is stored with
 *   `terminated = false`, so the TD target still bootstraps from V(s′), which is how
 *   Stable-Baselines3's `handle_timeout_termination` treats time-outs.
 */
import { InvalidArgumentError, assertInteger, type Rng } from '@bellman/mdp-core';

/** Options of {@link ReplayBuffer}. */
export interface ReplayBufferOptions {
  /** Maximum number of transitions kept; the oldest is overwritten when full (≥ 1). */
  capacity: number;
  /** Number of float32 components of one observation (≥ 1). */
  obsSize: number;
}

/**
 * A minibatch drawn by {@link ReplayBuffer.sample}: `size` transitions, observation arrays
 * row-major (`size × obsSize`), ready to upload as tensors.
 */
export interface ReplayBatch {
  /** Number of transitions. */
  size: number;
  /** Observations s, `size × obsSize`. */
  obs: Float32Array;
  /** Next observations s′ (final observations on episode ends), `size × obsSize`. */
  nextObs: Float32Array;
  /** Action indices a. */
  actions: Int32Array;
  /** Rewards r. */
  rewards: Float32Array;
  /** 1 where s′ is terminal (no bootstrapping), else 0. */
  terminated: Float32Array;
  /** The ring slot each transition was read from. */
  indices: Int32Array;
}

/** One stored transition, copied out (see {@link ReplayBuffer.get}). */
export interface Transition {
  /** s. */
  obs: Float32Array;
  /** s′ (the final observation when the step ended the episode). */
  nextObs: Float32Array;
  /** a, as an index. */
  action: number;
  /** r (rounded to float32). */
  reward: number;
  /** Whether s′ is terminal. */
  terminated: boolean;
}

/**
 * The whole state of a {@link ReplayBuffer}, for checkpoints. The arrays are the buffer's own
 * storage (views, not copies) in ring order: slot `i` of every array is one transition.
 */
export interface ReplayBufferState {
  /** Number of slots. */
  capacity: number;
  /** Float32 components per observation. */
  obsSize: number;
  /** The slot the next `add` writes to. */
  pos: number;
  /** Whether every slot holds a transition. */
  full: boolean;
  /** Observations, `capacity × obsSize`. */
  obs: Float32Array;
  /** Next observations, `capacity × obsSize`. */
  nextObs: Float32Array;
  /** Action indices. */
  actions: Int32Array;
  /** Rewards. */
  rewards: Float32Array;
  /** 1 for terminal transitions, else 0. */
  terminated: Uint8Array;
}

/**
 * A ring buffer of transitions in typed arrays.
 *
 * @example
 * ```ts
 * const buffer = new ReplayBuffer({ capacity: 100_000, obsSize: 4 });
 * buffer.add(obs, nextObs, action, reward, terminated);
 * const batch = buffer.sample(64, rng);
 * ```
 */
export class ReplayBuffer {
  /** Maximum number of transitions kept. */
  readonly capacity: number;
  /** Float32 components per observation. */
  readonly obsSize: number;
  private readonly obsData: Float32Array;
  private readonly nextObsData: Float32Array;
  private readonly actionData: Int32Array;
  private readonly rewardData: Float32Array;
  private readonly terminatedData: Uint8Array;
  private position = 0;
  private isFull = false;

  constructor(options: ReplayBufferOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('ReplayBuffer options', 'an object { capacity, obsSize }', options);
    }
    this.capacity = assertInteger('capacity', options.capacity, 1);
    this.obsSize = assertInteger('obsSize', options.obsSize, 1);
    this.obsData = new Float32Array(this.capacity * this.obsSize);
    this.nextObsData = new Float32Array(this.capacity * this.obsSize);
    this.actionData = new Int32Array(this.capacity);
    this.rewardData = new Float32Array(this.capacity);
    this.terminatedData = new Uint8Array(this.capacity);
  }

  /** Number of transitions stored, min(additions, capacity). */
  get size(): number {
    return this.isFull ? this.capacity : this.position;
  }

  /** Whether the ring has wrapped (every slot holds a transition). */
  get full(): boolean {
    return this.isFull;
  }

  /** The slot the next {@link add} writes to. */
  get pos(): number {
    return this.position;
  }

  /**
   * Stores one transition in the next slot, overwriting the oldest one when full.
   *
   * @param obs s, `obsSize` numbers (copied, rounded to float32)
   * @param nextObs s′ as returned by the step — the final observation when the episode ended
   * @param action the action index (a non-negative integer)
   * @param reward r
   * @param terminated whether s′ is terminal; `false` for a truncation
   */
  add(obs: ArrayLike<number>, nextObs: ArrayLike<number>, action: number, reward: number, terminated: boolean): void {
    const d = this.obsSize;
    if (obs.length !== d) throw new InvalidArgumentError('obs', `an array of length ${d}`, obs);
    if (nextObs.length !== d) throw new InvalidArgumentError('nextObs', `an array of length ${d}`, nextObs);
    if (!Number.isInteger(action) || action < 0 || action > 0x7fffffff) {
      throw new InvalidArgumentError('action', 'a non-negative int32 action index', action);
    }
    if (typeof reward !== 'number' || Number.isNaN(reward)) throw new InvalidArgumentError('reward', 'a number (not NaN)', reward);
    const i = this.position;
    const base = i * d;
    for (let k = 0; k < d; k++) {
      this.obsData[base + k] = obs[k]!;
      this.nextObsData[base + k] = nextObs[k]!;
    }
    this.actionData[i] = action;
    this.rewardData[i] = reward;
    this.terminatedData[i] = terminated ? 1 : 0;
    this.position = i + 1;
    if (this.position === this.capacity) {
      this.position = 0;
      this.isFull = true;
    }
  }

  /**
   * Draws `batchSize` transitions uniformly with replacement from the stored ones (slot indices
   * `rng.integer(size)`, in order), like SB3's `ReplayBuffer.sample`. Writes into `out` when it is
   * given and has this batch size (no allocation), else into a new batch.
   *
   * @throws InvalidArgumentError when the buffer is empty or `batchSize` is not a positive integer
   */
  sample(batchSize: number, rng: Rng, out?: ReplayBatch): ReplayBatch {
    assertInteger('batchSize', batchSize, 1);
    const n = this.size;
    if (n === 0) throw new InvalidArgumentError('replay buffer', 'non-empty before sampling', 'an empty buffer');
    const batch = out !== undefined && out.size === batchSize && out.obs.length === batchSize * this.obsSize ? out : this.emptyBatch(batchSize);
    const d = this.obsSize;
    for (let b = 0; b < batchSize; b++) {
      const i = rng.integer(n);
      batch.indices[b] = i;
      const src = i * d;
      const dst = b * d;
      for (let k = 0; k < d; k++) {
        batch.obs[dst + k] = this.obsData[src + k]!;
        batch.nextObs[dst + k] = this.nextObsData[src + k]!;
      }
      batch.actions[b] = this.actionData[i]!;
      batch.rewards[b] = this.rewardData[i]!;
      batch.terminated[b] = this.terminatedData[i]!;
    }
    return batch;
  }

  /** A zero-filled batch of `batchSize` transitions with this buffer's observation size. */
  emptyBatch(batchSize: number): ReplayBatch {
    assertInteger('batchSize', batchSize, 1);
    return {
      size: batchSize,
      obs: new Float32Array(batchSize * this.obsSize),
      nextObs: new Float32Array(batchSize * this.obsSize),
      actions: new Int32Array(batchSize),
      rewards: new Float32Array(batchSize),
      terminated: new Float32Array(batchSize),
      indices: new Int32Array(batchSize),
    };
  }

  /**
   * A copy of the transition in ring slot `slot` (0 ≤ slot < size). Slots are positions in the
   * ring, not ages: once the buffer has wrapped, the oldest transition is in slot `pos`.
   */
  get(slot: number): Transition {
    assertInteger('slot', slot, 0, this.size - 1);
    const d = this.obsSize;
    return {
      obs: this.obsData.slice(slot * d, (slot + 1) * d),
      nextObs: this.nextObsData.slice(slot * d, (slot + 1) * d),
      action: this.actionData[slot]!,
      reward: this.rewardData[slot]!,
      terminated: this.terminatedData[slot] === 1,
    };
  }

  /** Forgets every transition (the storage is kept and overwritten by later additions). */
  clear(): void {
    this.position = 0;
    this.isFull = false;
  }

  /** The buffer's state for a checkpoint (views of its storage; copy them to keep a snapshot). */
  getState(): ReplayBufferState {
    return {
      capacity: this.capacity,
      obsSize: this.obsSize,
      pos: this.position,
      full: this.isFull,
      obs: this.obsData,
      nextObs: this.nextObsData,
      actions: this.actionData,
      rewards: this.rewardData,
      terminated: this.terminatedData,
    };
  }

  /**
   * Replaces the contents with `state` (copied), which must come from a buffer of the same
   * capacity and observation size.
   */
  setState(state: ReplayBufferState): void {
    if (state.capacity !== this.capacity || state.obsSize !== this.obsSize) {
      throw new InvalidArgumentError(
        'replay buffer state',
        `a state of capacity ${this.capacity} and obsSize ${this.obsSize}`,
        { capacity: state.capacity, obsSize: state.obsSize },
      );
    }
    assertInteger('state.pos', state.pos, 0, this.capacity - 1);
    const n = this.capacity;
    const lengths: [string, ArrayLike<number>, number][] = [
      ['obs', state.obs, n * this.obsSize],
      ['nextObs', state.nextObs, n * this.obsSize],
      ['actions', state.actions, n],
      ['rewards', state.rewards, n],
      ['terminated', state.terminated, n],
    ];
    for (const [field, array, length] of lengths) {
      if (array.length !== length) throw new InvalidArgumentError(`state.${field}`, `an array of length ${length}`, array);
    }
    this.obsData.set(state.obs);
    this.nextObsData.set(state.nextObs);
    this.actionData.set(state.actions);
    this.rewardData.set(state.rewards);
    this.terminatedData.set(state.terminated);
    this.position = state.pos;
    this.isFull = state.full;
  }
}
