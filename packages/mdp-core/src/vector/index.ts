export type { VectorEnv, VectorResetOptions, VectorResetResult, VectorStepResult } from './vector-env.js';
export { SyncVectorEnv, makeVec, type SyncVectorEnvOptions } from './sync-vector-env.js';
export { AsyncVectorEnv, AsyncVectorEnvError, type AsyncVectorEnvOptions } from './async-vector-env.js';
