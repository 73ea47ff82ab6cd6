export { CartPoleEnv, type CartPoleOptions } from './cartpole.js';
export { PendulumEnv, type PendulumOptions } from './pendulum.js';
export { MountainCarEnv, type MountainCarOptions } from './mountain-car.js';
export { MountainCarContinuousEnv, type MountainCarContinuousOptions } from './mountain-car-continuous.js';
export { AcrobotEnv, type AcrobotOptions } from './acrobot.js';
