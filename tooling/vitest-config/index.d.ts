import type { UserConfig } from 'vitest/config';
export declare function bellmanVitest(overrides?: UserConfig): UserConfig;
