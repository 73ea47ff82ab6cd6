/**
 * `@bellman/mdp-core/tf`: what every TensorFlow.js-based Bellman package shares.
 *
 * Needs `@tensorflow/tfjs-core` and at least one backend package (`@tensorflow/tfjs-node`,
 * `@tensorflow/tfjs-backend-wasm` or `@tensorflow/tfjs-backend-cpu`); the main entry
 * `@bellman/mdp-core` does not.
 *
 * - `initBackend()` picks and starts a backend (tfjs-node → wasm → cpu) without printing, and
 *   reports whether gradient functions are available (`@tensorflow/tfjs-core` alone registers
 *   none: training needs `@tensorflow/tfjs` or `@tensorflow/tfjs-node` installed);
 * - seeded initialisers (`orthogonal`, `glorotUniform`, `heNormal`, `zeros`) driven by our `Rng`;
 * - checkpoints of named tensors and optimiser state (`saveTensors` / `loadTensors`,
 *   `saveOptimizer` / `loadOptimizer`), written atomically;
 * - `expectNoTensorLeak()` for tests of the "no tensor leaks after warm-up" rule.
 *
 * @example
 * ```ts
 * import { Rng } from '@bellman/mdp-core';
 * import { initBackend, orthogonalValues, variableFromValues } from '@bellman/mdp-core/tf';
 *
 * const { name } = await initBackend();
 * const rng = new Rng(1);
 * const w = variableFromValues(orthogonalValues([4, 64], Math.SQRT2, rng), [4, 64], { name: 'pi/fc1/kernel' });
 * ```
 *
 * @packageDocumentation
 */

export {
  initBackend,
  activeBackend,
  BACKEND_NAMES,
  BackendUnavailableError,
  assertGradientsAvailable,
  GradientsUnavailableError,
  type BackendName,
  type BackendAttempt,
  type BackendInfo,
  type InitBackendOptions,
} from './init-backend.js';

export {
  orthogonalValues,
  glorotUniformValues,
  heNormalValues,
  zerosValues,
  orthogonal,
  glorotUniform,
  heNormal,
  zeros,
  variableFromValues,
  computeFans,
  type VariableOptions,
} from './initializers.js';

export {
  saveTensors,
  loadTensors,
  loadIntoVariables,
  saveOptimizer,
  loadOptimizer,
  CheckpointError,
  type CheckpointDtype,
  type CheckpointManifest,
  type ManifestEntry,
  type LoadedTensors,
  type LoadIntoVariablesOptions,
  type LoadOptimizerOptions,
  type LoadedOptimizer,
} from './checkpoint.js';

export {
  expectNoTensorLeak,
  countTensors,
  TensorLeakError,
  type NoTensorLeakOptions,
  type TensorLeakReport,
} from './leak-test.js';
