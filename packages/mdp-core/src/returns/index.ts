export {
  discountedReturns,
  discountedReturn,
  type DiscountedReturnsOptions,
  type DoneFlags,
} from './discounted-returns.js';
export { nStepReturns, type NStepReturnsOptions } from './n-step-returns.js';
export { gae, type GaeArgs, type GaeResult } from './gae.js';
