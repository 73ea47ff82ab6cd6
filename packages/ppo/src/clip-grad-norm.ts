/**
 * Gradient clipping by global norm, as PyTorch's `clip_grad_norm_` (CleanRL applies it with
 * `max_grad_norm = 0.5`): with ‖g‖ the L2 norm of all gradients concatenated,
 *
 *   coef = min(1, maxNorm / (‖g‖ + 1e-6)),   g ← coef · g
 */
import { assertNumber } from '@bellman/mdp-core';

/**
 * Scales the flat gradient `grad` in place so that its L2 norm is at most `maxNorm` (see the
 * module comment). Returns the norm before clipping.
 */
export function clipGradNorm(grad: Float32Array | Float64Array, maxNorm: number): number {
  assertNumber('maxNorm', maxNorm, Number.MIN_VALUE);
  let ss = 0;
  for (let i = 0; i < grad.length; i++) ss += grad[i]! * grad[i]!;
  const norm = Math.sqrt(ss);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * coef;
  return norm;
}
