/** The content of an HTML report (rendered by `htmlReport` in `@bellman/viz/node`). */
import { InvalidArgumentError } from './errors.js';
import { checkRuns, type Run } from './metrics.js';
import type { VegaLiteSpec } from './spec.js';
import { isArrayLike, nonEmptyString } from './validate.js';

export interface ReportTable {
  columns: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

export interface ReportSection {
  /** Section heading. */
  title: string;
  /** A paragraph of plain text (escaped; blank lines start new paragraphs). */
  text?: string;
  /** A chart, inlined as SVG. */
  chart?: VegaLiteSpec;
  /** A table, e.g. from `finalMetricsTable`. */
  table?: ReportTable;
  /** Any JSON value (such as the training config), shown pretty-printed. */
  json?: unknown;
}

/** One row per run: its name and the last logged value of each metric (null when never logged). */
export function finalMetricsTable(runs: readonly Run[], metrics: readonly string[]): ReportTable {
  const checked = checkRuns(runs);
  if (!isArrayLike(metrics) || metrics.length === 0) throw new InvalidArgumentError('metrics', 'a non-empty array of metric names', metrics);
  metrics.forEach((m, i) => nonEmptyString(`metrics[${i}]`, m));
  const rows = checked.map((run) => [
    run.name,
    ...metrics.map((m) => {
      for (let i = run.records.length - 1; i >= 0; i--) {
        const v = run.records[i]?.[m];
        if (typeof v === 'number' && Number.isFinite(v)) return Number(v.toPrecision(6));
      }
      return null;
    }),
  ]);
  return { columns: ['run', ...metrics], rows };
}
