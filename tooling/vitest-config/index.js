// Shared Vitest preset.
// - resolves workspace packages through the "@bellman/source" export condition, so tests
//   read TypeScript sources without a build;
// - writes test-results/vitest.json, which .ci/run sums into its "N passed, N failed" line.
import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * @param {import('vitest/config').UserConfig} [overrides]
 */
export function bellmanVitest(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions: ['@bellman/source'] },
      ssr: { resolve: { conditions: ['@bellman/source'] } },
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
