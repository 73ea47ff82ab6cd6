import { defineConfig } from 'tsup';

// The CLI is one ESM bundle with a shebang; workspace packages and tfjs stay external and are
// resolved from node_modules at run time (their dist/ builds).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  external: [/^@tensorflow\//, /^@bellman\//],
});
