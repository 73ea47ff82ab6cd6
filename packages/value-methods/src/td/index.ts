export { TDPrediction, type TDPredictionConfig } from './td-prediction.js';
export { TDLambda, type TDLambdaConfig, type TraceKind } from './td-lambda.js';
export { Sarsa, type TDControlConfig } from './sarsa.js';
export { NStepSarsa, type NStepSarsaConfig } from './n-step-sarsa.js';
export { ExpectedSarsa, type ExpectedSarsaConfig } from './expected-sarsa.js';
export { QLearning } from './q-learning.js';
export { DoubleQLearning } from './double-q-learning.js';
