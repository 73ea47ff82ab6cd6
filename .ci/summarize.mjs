// Sums every vitest JSON report (test-results/vitest.json in each workspace package) into
// the closing line "N passed, N failed[, N skipped]". A test file that failed to load
// counts as one failure. Exits 1 when anything failed or no report was found.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const group of ['packages', 'apps', 'tooling']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, 'test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    reports++;
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const suite of r.testResults ?? []) {
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed++;
    }
    console.log(`${join(group, name)}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
if (reports === 0) {
  console.log('no vitest report found');
  failed++;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
