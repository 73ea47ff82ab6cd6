import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'critic-worker': 'src/critic-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  external: [/^@tensorflow\//, /^@bellman\//],
});
