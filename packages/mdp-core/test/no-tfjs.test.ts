// The main entry of @bellman/mdp-core must work without TensorFlow.js installed: tfjs is an
// optional peer dependency, needed only by the `@bellman/mdp-core/tf` subpath. Each check runs
// a child Node process (sources loaded through tsx) in which a module hook makes every
// `@tensorflow/*` import fail, as on a machine where tfjs is not installed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = createRequire(join(packageDir, 'package.json')).resolve('tsx');
const blockHook = join(packageDir, 'test', 'helpers', 'block-tensorflow.mjs');

// Imports BELLMAN_ENTRY, prints its export names as JSON on success.
const childScript = `
const entry = await import(process.env.BELLMAN_ENTRY);
const { Rng } = entry;
const sample = typeof Rng === 'function' ? new Rng(1).random() : null;
process.stdout.write(JSON.stringify({ exports: Object.keys(entry).sort(), sample }));
`;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function importWithoutTfjs(entryFile: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(tsxLoader).href, '--import', pathToFileURL(blockHook).href, '--input-type=module', '--eval', childScript],
      {
        cwd: packageDir,
        env: { ...process.env, BELLMAN_ENTRY: pathToFileURL(join(packageDir, entryFile)).href, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('without TensorFlow.js installed', () => {
  it('the main entry (src/index.ts) imports and works', async () => {
    const result = await importWithoutTfjs('src/index.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { exports, sample } = JSON.parse(result.stdout) as { exports: string[]; sample: number | null };
    expect(exports).toContain('Rng');
    expect(exports).toContain('BellmanError');
    expect(sample).toBeGreaterThanOrEqual(0);
    expect(sample).toBeLessThan(1);
  });

  it('control: the tf subpath (src/tf/index.ts) fails, so the hook really blocks tfjs', async () => {
    const result = await importWithoutTfjs('src/tf/index.ts');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/blocked by test\/helpers\/block-tensorflow\.mjs: @tensorflow\/tfjs-core/);
  });
});
