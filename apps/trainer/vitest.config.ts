import { bellmanVitest } from '@bellman/vitest-config';

export default bellmanVitest({
  test: {
    // End-to-end tests run the built CLI (dist/cli.js); turbo builds it first (apps/trainer/turbo.json),
    // and the global setup builds it when it is missing.
    globalSetup: ['test/global-setup.ts'],
  },
});
