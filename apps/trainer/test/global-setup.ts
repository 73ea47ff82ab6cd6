/**
 * The end-to-end tests run the built CLI. Under turbo, `test` depends on `build` (see
 * turbo.json); when the tests are run directly and dist/cli.js is missing, build it (and the
 * workspace packages it imports) here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI, ROOT } from './helpers.js';

export default function setup(): void {
  if (existsSync(CLI)) return;
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@bellman/trainer...', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
