/**
 * @internal One episode as parallel typed arrays (S_t, A_t, R_{t+1}, and the behaviour
 * probability b(A_t|S_t) for off-policy methods), grown by doubling and reused across episodes,
 * so recording a step allocates nothing once the buffer is large enough.
 */
export class EpisodeBuffer {
  /** S_t. */
  states: Int32Array;
  /** A_t. */
  actions: Int32Array;
  /** R_{t+1}. */
  rewards: Float64Array;
  /** b(A_t|S_t) (1 when not recorded). */
  probs: Float64Array;
  /** Number of steps recorded (T). */
  length = 0;

  constructor(capacity = 64) {
    this.states = new Int32Array(capacity);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float64Array(capacity);
    this.probs = new Float64Array(capacity);
  }

  /** Forgets the recorded steps (keeps the memory). */
  clear(): void {
    this.length = 0;
  }

  /** Appends (S_t, A_t, R_{t+1}, b(A_t|S_t)). */
  push(state: number, action: number, reward: number, prob = 1): void {
    if (this.length === this.states.length) this.grow();
    const t = this.length++;
    this.states[t] = state;
    this.actions[t] = action;
    this.rewards[t] = reward;
    this.probs[t] = prob;
  }

  private grow(): void {
    const n = this.states.length * 2;
    const states = new Int32Array(n);
    states.set(this.states);
    const actions = new Int32Array(n);
    actions.set(this.actions);
    const rewards = new Float64Array(n);
    rewards.set(this.rewards);
    const probs = new Float64Array(n);
    probs.set(this.probs);
    this.states = states;
    this.actions = actions;
    this.rewards = rewards;
    this.probs = probs;
  }
}

/**
 * @internal First-visit bookkeeping without clearing a table per episode: `mark(key, t)` during a
 * forward pass records the first time t each key (a state, or s · nA + a) occurs in the current
 * episode; `isFirst(key, t)` then tells whether step t is that first visit.
 */
export class FirstVisitTracker {
  private readonly stamp: Uint32Array;
  private readonly first: Int32Array;
  private epoch = 0;

  constructor(size: number) {
    this.stamp = new Uint32Array(size);
    this.first = new Int32Array(size);
  }

  /** Starts a new episode. */
  begin(): void {
    this.epoch++;
    if (this.epoch === 0x100000000) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
  }

  /** Records that `key` occurs at step t (only the first call per episode counts). */
  mark(key: number, t: number): void {
    if (this.stamp[key] !== this.epoch) {
      this.stamp[key] = this.epoch;
      this.first[key] = t;
    }
  }

  /** Whether step t is the first occurrence of `key` in this episode. */
  isFirst(key: number, t: number): boolean {
    return this.first[key] === t;
  }
}

/**
 * @internal The Monte Carlo backward pass for action values shared by exploring starts and
 * on-policy control: for t = T − 1, …, 0, G ← γ G + R_{t+1} and, at the first visit of
 * (S_t, A_t) (every visit when `tracker` is undefined),
 * N(S_t, A_t) ← N + 1,  Q(S_t, A_t) ← Q + α [G − Q]  with α = `alpha` or 1/N when undefined.
 */
export function monteCarloActionValueUpdate(
  buf: EpisodeBuffer,
  q: Float64Array,
  counts: Float64Array,
  nA: number,
  gamma: number,
  alpha: number | undefined,
  tracker: FirstVisitTracker | undefined,
): void {
  const { states, actions, rewards } = buf;
  const T = buf.length;
  if (tracker !== undefined) {
    tracker.begin();
    for (let t = 0; t < T; t++) tracker.mark(states[t]! * nA + actions[t]!, t);
  }
  let g = 0;
  for (let t = T - 1; t >= 0; t--) {
    g = gamma * g + rewards[t]!;
    const k = states[t]! * nA + actions[t]!;
    if (tracker !== undefined && !tracker.isFirst(k, t)) continue;
    const n = (counts[k] = counts[k]! + 1);
    const step = alpha ?? 1 / n;
    q[k] = q[k]! + step * (g - q[k]!);
  }
}
