/**
 * The callback convention every Bellman trainer follows: a hook may return `false` (or a promise
 * of `false`) to stop training; anything else continues.
 */

/** A callback's result: `false` (or a promise of it) stops training; anything else continues. */
export type CallbackResult = boolean | void | Promise<boolean | void>;

/**
 * Whether a callback asked to stop: a boolean for synchronous results, a promise only for
 * asynchronous ones, so synchronous callbacks cost no microtask per step.
 *
 * @example
 * ```ts
 * const verdict = stopRequested(callbacks.onStep?.(info));
 * if (verdict === true || (verdict !== false && (await verdict))) return;
 * ```
 */
export function stopRequested(result: CallbackResult): boolean | Promise<boolean> {
  if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
    return Promise.resolve(result).then((r) => r === false);
  }
  return result === false;
}
