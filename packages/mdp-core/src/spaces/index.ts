export type { Space, SpaceSpec, SpaceValue } from './space.js';
export { Discrete } from './discrete.js';
export { Box, type FloatArray, type FloatArrayOf, type FloatDType } from './box.js';
export { MultiDiscrete } from './multi-discrete.js';
export { Dict } from './dict.js';
export { spaceFromJSON, flatDim, flatten, flattenInto } from './utils.js';
