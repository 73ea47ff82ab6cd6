export * from './errors.js';
export { Rng, type RngState } from './rng.js';
export * from './spaces/index.js';
export * from './env.js';
export * from './wrappers/index.js';
export { register, make, envSpec, isRegistered, listEnvs, type EnvSpec, type MakeOptions } from './registry.js';
export { checkEnv, EnvCheckError, type CheckEnvOptions, type CheckEnvReport } from './check-env.js';
