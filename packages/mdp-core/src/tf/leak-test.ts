/**
 * Test helper for the house rule on tensor memory: after a warm-up call (which may create
 * lasting state such as optimiser slots), further calls of an update must leave
 * `tf.memory().numTensors` unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BellmanError, assertInteger, assertKnownKeys } from '../errors.js';

/** The number of live tensors (variables included) in the tfjs engine. */
export function countTensors(): number {
  return tf.memory().numTensors;
}

/** Options of `expectNoTensorLeak`. */
export interface NoTensorLeakOptions {
  /** Calls made before counting, to let lazily created state settle (default 1). */
  warmup?: number;
  /** Calls made while counting (default 5). */
  repeats?: number;
  /** Names the function in the error message. */
  label?: string;
}

/** Tensor counts observed by `expectNoTensorLeak`. */
export interface TensorLeakReport {
  /** Live tensors after the warm-up calls. */
  before: number;
  /** Live tensors after the last repeat. */
  after: number;
  /** Live tensors after each repeat. */
  perRepeat: number[];
}

/** `expectNoTensorLeak` saw the number of live tensors grow. */
export class TensorLeakError extends BellmanError {
  override name = 'TensorLeakError';
  constructor(readonly report: TensorLeakReport, label: string | undefined) {
    const grown = report.after - report.before;
    const calls = report.perRepeat.length;
    super(
      `${label ?? 'function'} leaks tensors: tf.memory().numTensors went from ${report.before} to ${report.after} ` +
        `over ${calls} call${calls === 1 ? '' : 's'} after warm-up (+${grown}; counts after each call: ${report.perRepeat.join(', ')}). ` +
        'Wrap tensor-creating code in tf.tidy, dispose what it returns, or dispose old values before replacing them.',
    );
  }
}

/**
 * Calls `fn` (sync or async) `warmup` times, then `repeats` times while counting live tensors,
 * and throws `TensorLeakError` if the count after any repeat exceeds the count after warm-up.
 * Whatever `fn` returns is ignored, so a function returning a fresh tensor counts as leaking.
 *
 * @example
 * ```ts
 * await expectNoTensorLeak(() => agent.train(batch), { warmup: 1, repeats: 5 });
 * ```
 */
export async function expectNoTensorLeak(
  fn: () => unknown,
  options: NoTensorLeakOptions = {},
): Promise<TensorLeakReport> {
  assertKnownKeys('expectNoTensorLeak options', options, ['warmup', 'repeats', 'label']);
  const warmup = assertInteger('warmup', options.warmup ?? 1, 0);
  const repeats = assertInteger('repeats', options.repeats ?? 5, 1);
  for (let i = 0; i < warmup; i++) await fn();
  const before = countTensors();
  const perRepeat: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await fn();
    perRepeat.push(countTensors());
  }
  const report: TensorLeakReport = { before, after: perRepeat[perRepeat.length - 1]!, perRepeat };
  if (perRepeat.some((n) => n > before)) throw new TensorLeakError(report, options.label);
  return report;
}
