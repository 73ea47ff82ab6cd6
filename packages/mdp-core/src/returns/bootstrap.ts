// Internal: resolves V(s_{t+1}) for every transition of a time-major rollout buffer, shared by
// `gae` and `nStepReturns`. Not re-exported from the package.
import { InvalidArgumentError, assertInteger } from '../errors.js';
import { checkLength, type DoneFlags } from './discounted-returns.js';

/** Where the value of the next state comes from (see `GaeArgs` for the meaning of each field). */
export interface BootstrapSources {
  values: ArrayLike<number>;
  terminated: DoneFlags;
  truncated?: DoneFlags | undefined;
  nextValues?: ArrayLike<number> | undefined;
  lastValue?: number | ArrayLike<number> | undefined;
  finalValues?: ArrayLike<number> | undefined;
}

/**
 * Buffer geometry plus a `nextValue(i, t, e)` lookup:
 * - terminated_i → 0 (no bootstrap past a terminal state);
 * - truncated_i → finalValues[i] (or nextValues[i] when finalValues is absent);
 * - otherwise nextValues[i], or values[i + numEnvs] inside the buffer and lastValue[e] after it.
 */
export class Bootstrap {
  readonly T: number;
  readonly numEnvs: number;
  readonly size: number;
  private readonly values: ArrayLike<number>;
  private readonly terminated: DoneFlags;
  private readonly truncated: DoneFlags | undefined;
  private readonly nextValues: ArrayLike<number> | undefined;
  private readonly finalValues: ArrayLike<number> | undefined;
  private readonly lastValues: ArrayLike<number> | undefined;

  constructor(size: number, numEnvsInput: number | undefined, src: BootstrapSources) {
    const numEnvs = assertInteger('numEnvs', numEnvsInput ?? 1, 1);
    if (size % numEnvs !== 0) {
      throw new InvalidArgumentError(
        'rewards',
        `an array whose length is a multiple of numEnvs = ${numEnvs} (time-major [T][numEnvs] layout)`,
        `an array of length ${size}`,
      );
    }
    this.numEnvs = numEnvs;
    this.size = size;
    this.T = size / numEnvs;
    const layout = numEnvs === 1 ? 'same as rewards' : `T × numEnvs = ${this.T} × ${numEnvs}, same as rewards`;
    checkLength('values', src.values, size, layout);
    checkLength('terminated', src.terminated, size, layout);
    if (src.truncated !== undefined) checkLength('truncated', src.truncated, size, layout);
    if (src.finalValues !== undefined) checkLength('finalValues', src.finalValues, size, layout);
    this.values = src.values;
    this.terminated = src.terminated;
    this.truncated = src.truncated;
    this.finalValues = src.finalValues;
    if (src.nextValues !== undefined) {
      if (src.lastValue !== undefined) {
        throw new InvalidArgumentError(
          'lastValue',
          'omitted when nextValues is given (nextValues already holds V(s_{t+1}) for every step)',
          src.lastValue,
        );
      }
      checkLength('nextValues', src.nextValues, size, layout);
      this.nextValues = src.nextValues;
    } else {
      const lv = src.lastValue;
      if (typeof lv === 'number') {
        if (numEnvs !== 1) {
          throw new InvalidArgumentError('lastValue', `an array of length numEnvs = ${numEnvs} (one bootstrap value per env)`, lv);
        }
        if (!Number.isFinite(lv)) throw new InvalidArgumentError('lastValue', 'a finite number', lv);
        this.lastValues = [lv];
      } else if (lv !== undefined && lv !== null && typeof lv === 'object') {
        checkLength('lastValue', lv, numEnvs, 'one bootstrap value per env: V of the observation after the last step');
        this.lastValues = lv;
      } else {
        throw new InvalidArgumentError(
          'lastValue',
          numEnvs === 1
            ? 'a number, V of the observation after the last step (or give nextValues instead)'
            : `an array of length numEnvs = ${numEnvs}, V of the observations after the last step (or give nextValues instead)`,
          lv,
        );
      }
    }
  }

  isTerminated(i: number): boolean {
    return !!this.terminated[i];
  }

  isTruncated(i: number): boolean {
    return this.truncated !== undefined && !!this.truncated[i];
  }

  /** V(s_{t+1}) for the transition stored at flat index i = t · numEnvs + e; 0 after termination. */
  nextValue(i: number, t: number, e: number): number {
    if (this.terminated[i]) return 0;
    let v: number;
    let field: string;
    if (this.truncated !== undefined && this.truncated[i]) {
      if (this.finalValues !== undefined) {
        v = this.finalValues[i]!;
        field = `finalValues[${i}]`;
      } else if (this.nextValues !== undefined) {
        v = this.nextValues[i]!;
        field = `nextValues[${i}]`;
      } else {
        throw new InvalidArgumentError(
          'finalValues',
          `an array of length ${this.size} holding V of each episode's final observation, needed because ` +
            `truncated[${i}] is set (with same-step autoreset the stored next observation is already the reset one)`,
          undefined,
        );
      }
    } else if (this.nextValues !== undefined) {
      v = this.nextValues[i]!;
      field = `nextValues[${i}]`;
    } else if (t + 1 < this.T) {
      v = this.values[i + this.numEnvs]!;
      field = `values[${i + this.numEnvs}]`;
    } else {
      v = this.lastValues![e]!;
      field = this.numEnvs > 1 ? `lastValue[${e}]` : 'lastValue';
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(field, 'a finite number', v);
    return v;
  }
}
