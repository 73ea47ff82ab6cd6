// Locates the shared Gymnasium reference data (../shared/fixtures beside the repository).
// Tests read it in place; it is never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findFixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'shared', 'fixtures', 'gymnasium');
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error('../shared/fixtures/gymnasium not found beside the repository (see shared/fixtures/README.md)');
}

export const gymnasiumFixturesDir = findFixturesDir();

/** Parsed JSON of a file in ../shared/fixtures/gymnasium, e.g. `loadGymnasiumFixture('CartPole-v1.json')`. */
export function loadGymnasiumFixture<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(join(gymnasiumFixturesDir, file), 'utf8')) as T;
}
