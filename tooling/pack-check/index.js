#!/usr/bin/env node
// check:pack for one package (run in its directory):
//   1. pnpm pack (workspace: and catalog: specifiers become real versions, as published);
//   2. publint --strict;
//   3. attw on the tarball (types resolve for import and require);
//   4. an empty npm project installs the tarball (plus its required peers) and runs the README
//      example — the ```js block after the `<!-- smoke-test -->` marker — as ESM (.mjs) and as
//      CommonJS (.cjs, imports rewritten to require), failing unless both exit 0 and print.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const pkgDir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const log = (msg) => process.stderr.write(`[check:pack ${pkg.name}] ${msg}\n`);
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });

const here = dirname(fileURLToPath(import.meta.url));
const bin = (name) => join(here, 'node_modules', '.bin', name);

function exampleFromReadme() {
  const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- smoke-test -->');
  if (marker < 0) throw new Error(`${pkg.name}/README.md has no <!-- smoke-test --> marker before its example`);
  const match = /```(?:js|ts|javascript|typescript)\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (!match) throw new Error(`${pkg.name}/README.md has no code block after <!-- smoke-test -->`);
  return match[1];
}

function toCommonJS(code) {
  return (
    '(async () => {\n' +
    code
      .replace(/^import\s+\{([^}]+)\}\s+from\s+(['"][^'"]+['"]);?$/gm, (_, names, from) => {
        const props = names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => n.replace(/^type\s+.*$/, '').replace(/\s+as\s+/, ': '))
          .filter(Boolean);
        return `const { ${props.join(', ')} } = require(${from});`;
      })
      .replace(/^import\s+\*\s+as\s+(\w+)\s+from\s+(['"][^'"]+['"]);?$/gm, 'const $1 = require($2);')
      .replace(/^import\s+(\w+)\s+from\s+(['"][^'"]+['"]);?$/gm, 'const $1 = require($2);') +
    '\n})().catch((e) => { console.error(e); process.exit(1); });\n'
  );
}

const work = mkdtempSync(join(tmpdir(), 'bellman-pack-'));
try {
  log('pnpm pack');
  run('pnpm', ['pack', '--pack-destination', work], { cwd: pkgDir });
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));

  log('publint --strict');
  process.stderr.write(run(bin('publint'), ['run', '--strict', pkgDir]));

  log('attw');
  process.stderr.write(run(bin('attw'), [tarball, '--profile', 'node16', '--format', 'table-flipped']));

  // Workspace siblings this package depends on are not on the registry yet: pack them too
  // and install their tarballs alongside.
  const siblings = [];
  const workspaceRoot = resolve(pkgDir, '..', '..');
  const siblingDirs = ['packages', 'apps']
    .flatMap((group) => (existsSync(join(workspaceRoot, group)) ? readdirSync(join(workspaceRoot, group)).map((d) => join(workspaceRoot, group, d)) : []))
    .filter((d) => existsSync(join(d, 'package.json')));
  const byName = new Map(siblingDirs.map((d) => [JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name, d]));
  const queue = Object.entries(pkg.dependencies ?? {}).filter(([, v]) => String(v).startsWith('workspace:')).map(([n]) => n);
  const seen = new Set();
  while (queue.length > 0) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = byName.get(name);
    if (!dir) throw new Error(`workspace dependency ${name} not found`);
    const dest = join(work, 'siblings', name.replace('/', '__'));
    run('mkdir', ['-p', dest]);
    run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
    siblings.push(join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))));
    const sib = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [n, v] of Object.entries(sib.dependencies ?? {})) if (String(v).startsWith('workspace:')) queue.push(n);
  }

  const project = join(work, 'project');
  run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, version: '0.0.0' }));
  const optional = pkg.peerDependenciesMeta ?? {};
  const peers = Object.entries(pkg.peerDependencies ?? {})
    .filter(([name]) => !optional[name]?.optional)
    .map(([name, range]) => `${name}@${range}`);
  // Workspace siblings this package depends on are packed and installed from their tarballs too.
  const installs = [tarball, ...siblings, ...peers];
  log(`npm install ${installs.map((p) => p.split('/').pop()).join(' ')}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installs], { cwd: project });

  const example = exampleFromReadme();
  writeFileSync(join(project, 'example.mjs'), example);
  writeFileSync(join(project, 'example.cjs'), toCommonJS(example));
  for (const file of ['example.mjs', 'example.cjs']) {
    const out = run(process.execPath, [file], { cwd: project, timeout: 300_000 });
    if (!out.trim()) throw new Error(`${file} printed nothing`);
    log(`${file} OK:\n${out.trim().split('\n').map((l) => `    ${l}`).join('\n')}`);
  }
  log('OK');
} catch (e) {
  const err = /** @type {any} */ (e);
  process.stderr.write(`[check:pack ${pkg.name}] FAILED: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
