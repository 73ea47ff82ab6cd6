import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'tf/index': 'src/tf/index.ts',
    'testing/index': 'src/testing/index.ts',
    'vector/async-worker': 'src/vector/async-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  external: [/^@tensorflow\//],
});
