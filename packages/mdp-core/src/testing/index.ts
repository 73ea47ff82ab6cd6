/**
 * Test helpers for code built on @bellman/mdp-core: a deterministic fake environment and
 * the Gymnasium-style conformance check.
 */
export { FakeEnv, type FakeEnvOptions } from './fake-env.js';
export { checkEnv, EnvCheckError, type CheckEnvOptions, type CheckEnvReport } from '../check-env.js';
