/** `bellman report <run-dir...>`. */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { RunFolder } from '../run/run-folder.js';
import { writeComparisonReport, writeRunReport } from '../report/index.js';
import { printJson, type GlobalOptions } from './common.js';

export interface ReportCommandOptions extends GlobalOptions {
  out?: string;
}

export async function reportCommand(dirs: string[], options: ReportCommandOptions): Promise<number> {
  // Read every run first: a bad folder is reported before anything is written.
  const runs = dirs.map((d) => new RunFolder(resolve(d)));
  const configs = runs.map((r) => {
    r.readState();
    return r.readConfig();
  });
  let file: string | undefined;
  if (runs.length === 1) {
    if (options.out !== undefined) throw new UsageError('--out is for comparing several runs; a single run\'s report goes into its folder');
    const c = configs[0]!;
    file = await writeRunReport(runs[0]!.dir, { png: c.report.png, smoothing: c.report.smoothing });
  } else {
    file = await writeComparisonReport(
      runs.map((r) => r.dir),
      resolve(options.out ?? 'report.html'),
      { png: false, smoothing: configs[0]!.report.smoothing },
    );
  }
  if (options.json) printJson({ report: file });
  else if (!options.quiet) process.stderr.write(`report: ${file}\n`);
  return 0;
}
