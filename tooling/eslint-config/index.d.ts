import type { Linter } from 'eslint';
export declare function bellman(options: { tsconfigRootDir: string; ignores?: string[] }): Linter.Config[];
