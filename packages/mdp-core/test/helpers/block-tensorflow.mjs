// Loaded with `node --import` by test/no-tfjs.test.ts. On the main thread it registers itself
// as a module-resolution hook; on the hooks thread its `resolve` makes every `@tensorflow/*`
// specifier fail, as if no TensorFlow.js package were installed.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('@tensorflow/')) {
    const error = new Error(`blocked by test/helpers/block-tensorflow.mjs: ${specifier} (imported from ${context.parentURL ?? '?'})`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}
