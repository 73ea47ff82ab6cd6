export type { Policy, PolicyFn, ActionValueFn } from './policy.js';
export { DeterministicTabularPolicy, StochasticTabularPolicy, type GreedyOptions } from './tabular-policy.js';
export { EpsilonGreedyPolicy, type EpsilonGreedyOptions } from './epsilon-greedy.js';
export { SoftmaxPolicy, softmax, type SoftmaxPolicyOptions } from './softmax-policy.js';
export { RandomPolicy } from './random-policy.js';
