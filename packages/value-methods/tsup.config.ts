import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'dqn/index': 'src/dqn/index.ts',
    // Loaded by ParallelValueIteration relative to the bundle that contains it (dist/*.js or dist/*.cjs).
    'value-iteration.worker': 'src/dp/value-iteration.worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  external: [/^@tensorflow\//, /^@bellman\//],
});
