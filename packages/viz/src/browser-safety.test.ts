import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Bundles an entry for the browser (nothing external) and lists the files it pulled in. */
async function bundleForBrowser(file: string): Promise<string[]> {
  const result = await build({ entryPoints: [file], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('browser safety', () => {
  it('the main entry bundles for the browser with no Node built-ins, vega runtime, resvg or fonts', async () => {
    const inputs = await bundleForBrowser(entry('./index.ts'));
    expect(inputs.length).toBeGreaterThan(5);
    expect(inputs.filter((f) => /node_modules|^node:|\/node\//.test(f))).toEqual([]);
  });

  it('the /node entry does not (so the check above can fail)', async () => {
    await expect(bundleForBrowser(entry('./node/index.ts'))).rejects.toThrow(/node:|Could not resolve/);
  });
});
