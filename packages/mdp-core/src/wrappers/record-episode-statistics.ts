import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { assertInteger } from '../errors.js';
import { Wrapper } from './wrapper.js';

/** What RecordEpisodeStatistics adds to `info.episode` when an episode ends (Gymnasium's keys). */
export interface EpisodeStatistics {
  /** Undiscounted return. */
  r: number;
  /** Length in steps. */
  l: number;
  /** Wall-clock seconds since the wrapper was created. */
  t: number;
}

/**
 * Tracks each episode's return and length; when an episode ends, the step's info gets
 * `episode: { r, l, t }` and the statistics are pushed to bounded `returnQueue` /
 * `lengthQueue` (the last `bufferLength` episodes).
 */
export class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  episodeCount = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private readonly startTime = Date.now();
  private readonly bufferLength: number;

  constructor(env: Env<O, A>, options: { bufferLength?: number } = {}) {
    super(env);
    this.bufferLength = assertInteger('bufferLength', options.bufferLength ?? 100, 1);
  }

  override reset(options?: ResetOptions): ResetResult<O> {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.env.reset(options);
  }

  override step(action: A): StepResult<O> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength++;
    if (result.terminated || result.truncated) {
      const episode: EpisodeStatistics = {
        r: this.episodeReturn,
        l: this.episodeLength,
        t: Math.round((Date.now() - this.startTime) / 1e3 * 1e6) / 1e6,
      };
      this.returnQueue.push(episode.r);
      this.lengthQueue.push(episode.l);
      if (this.returnQueue.length > this.bufferLength) this.returnQueue.shift();
      if (this.lengthQueue.length > this.bufferLength) this.lengthQueue.shift();
      this.episodeCount++;
      this.episodeReturn = 0;
      this.episodeLength = 0;
      return { ...result, info: { ...result.info, episode } };
    }
    return result;
  }
}
