export { policyEvaluation, type PolicyEvaluationOptions, type PolicyEvaluationResult } from './policy-evaluation.js';
export {
  policyIteration,
  type PolicyIterationOptions,
  type PolicyIterationResult,
  type PolicyIterationInfo,
  type PolicyIterationSweepInfo,
} from './policy-iteration.js';
export { valueIteration, type ValueIterationOptions, type ValueIterationResult, type ValueInit } from './value-iteration.js';
export { qValueIteration, type QValueIterationOptions, type QValueIterationResult, type QValueIterationSweepInfo } from './q-value-iteration.js';
export {
  ParallelValueIteration,
  parallelValueIteration,
  type ParallelValueIterationOptions,
  type ParallelRunOptions,
  type ParallelValueIterationResult,
} from './parallel-value-iteration.js';
export { actionValues, greedyPolicy, optimalActions, type GreedyOptions } from './greedy.js';
export {
  compileBackupModel,
  type BackupModel,
  type BackupLayout,
  type CompileBackupOptions,
  type CsrBackupModel,
  type RunsBackupModel,
} from './bellman-backup.js';
export type { DynamicProgrammingResult, SweepInfo, SweepHook, SweepMode, SweepOrder, TabularPolicyLike } from './options.js';
export { gamblersProblemMDP, type GamblersProblemOptions } from './examples/gamblers-problem.js';
