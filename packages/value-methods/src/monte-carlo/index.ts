export { MonteCarloPrediction, type MonteCarloPredictionConfig } from './mc-prediction.js';
export { MonteCarloExploringStarts, type MonteCarloExploringStartsConfig } from './mc-exploring-starts.js';
export { MonteCarloControl, type MonteCarloControlConfig } from './mc-control.js';
export {
  OffPolicyMonteCarloPrediction,
  OffPolicyMonteCarloControl,
  type ImportanceSampling,
  type OffPolicyMonteCarloPredictionConfig,
  type OffPolicyMonteCarloControlConfig,
} from './off-policy-mc.js';
