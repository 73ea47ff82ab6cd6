import { BaseEnv, type ResetOptions, type ResetResult, type StepResult } from '../env.js';
import { InvalidArgumentError, assertInteger } from '../errors.js';
import { Box } from '../spaces/box.js';
import { Discrete } from '../spaces/discrete.js';

/** Options of FakeEnv. */
export interface FakeEnvOptions {
  /** Observation size (default 2). */
  obsSize?: number;
  /** Number of actions (default 2). */
  nActions?: number;
  /** Episode length bounds: each episode lasts a seeded-random length in [min, max] steps (default [5, 15]). */
  episodeLength?: readonly [number, number];
  /** Whether the last step of an episode is `terminated` (default) or `truncated`. */
  ending?: 'terminated' | 'truncated';
  /** Reward of step t given the action (default: 1 when action equals t mod nActions, else 0). */
  reward?: (t: number, action: number) => number;
}

/**
 * A small deterministic environment for tests of agents, wrappers and vector envs:
 * observations are [t / 100, episode index mod 7, …] padded to `obsSize`, episodes end
 * after a length drawn from the seeded generator, rewards follow a simple rule the
 * agent can learn. Its behaviour depends only on its seed and actions.
 */
export class FakeEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly ending: 'terminated' | 'truncated';
  private readonly rewardFn: (t: number, action: number) => number;
  private t = 0;
  private length = 0;
  private episode = -1;

  constructor(options: FakeEnvOptions = {}) {
    super();
    const obsSize = assertInteger('obsSize', options.obsSize ?? 2, 1);
    const nActions = assertInteger('nActions', options.nActions ?? 2, 1);
    const [lo, hi] = options.episodeLength ?? [5, 15];
    this.minLength = assertInteger('episodeLength[0]', lo, 1);
    this.maxLength = assertInteger('episodeLength[1]', hi, this.minLength);
    this.ending = options.ending ?? 'terminated';
    this.rewardFn = options.reward ?? ((t, a) => (a === t % nActions ? 1 : 0));
    this.observationSpace = new Box(-1e6, 1e6, [obsSize]);
    this.actionSpace = new Discrete(nActions);
  }

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    this.seed(options?.seed);
    this.t = 0;
    // A seeded reset restarts the episode count too, so the same seed replays the same run.
    this.episode = options?.seed !== undefined ? 0 : this.episode + 1;
    this.length = this.rng.integers(this.minLength, this.maxLength + 1);
    return { observation: this.observe(), info: { episode_index: this.episode } };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) {
      throw new InvalidArgumentError('action', `an element of ${this.actionSpace.toString()}`, action);
    }
    const reward = this.rewardFn(this.t, action);
    this.t++;
    const done = this.t >= this.length;
    return {
      observation: this.observe(),
      reward,
      terminated: done && this.ending === 'terminated',
      truncated: done && this.ending === 'truncated',
      info: {},
    };
  }

  private observe(): Float32Array {
    const obs = new Float32Array(this.observationSpace.size);
    obs[0] = this.t / 100;
    if (obs.length > 1) obs[1] = this.episode % 7;
    return obs;
  }
}
