/**
 * metrics.jsonl (one JSON object per update, appended as training goes) and metrics.csv (the
 * same rows as a table, rewritten atomically from the JSONL at checkpoints and at the end).
 * Non-finite numbers are written as `null` in JSON and as empty cells in CSV.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { MetricsRow } from '../algorithms/index.js';
import { writeFileAtomic } from './atomic.js';

/** A row as read back: null where a value was not finite. */
export type StoredRow = Record<string, number | null>;

/** Columns that come first in the CSV, in this order; the rest follow sorted. */
const LEADING = ['global_step', 'iteration', 'episode', 'time/elapsed_s'];

export function rowToJson(row: MetricsRow): string {
  return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function readRows(file: string): StoredRow[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const rows: StoredRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as StoredRow);
    } catch {
      // A torn last line (the process died mid-append) is dropped; anything else is corruption.
      if (i >= lines.length - 2) break;
      throw new UsageError(`${file} line ${i + 1} is not valid JSON`);
    }
  }
  return rows;
}

export function toCsv(rows: readonly StoredRow[]): string {
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  const lead = LEADING.filter((k) => keys.has(k));
  const rest = [...keys].filter((k) => !LEADING.includes(k)).sort();
  const columns = [...lead, ...rest];
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Appends rows to metrics.jsonl and regenerates metrics.csv on demand. */
export class MetricsLog {
  constructor(
    readonly jsonlPath: string,
    readonly csvPath: string,
  ) {}

  /** Keeps only the first `count` rows (a resumed run drops rows written after its checkpoint). */
  truncate(count: number): void {
    const rows = readRows(this.jsonlPath).slice(0, count);
    writeFileAtomic(this.jsonlPath, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  append(row: MetricsRow): void {
    appendFileSync(this.jsonlPath, `${rowToJson(row)}\n`);
  }

  rows(): StoredRow[] {
    return readRows(this.jsonlPath);
  }

  writeCsv(): void {
    writeFileAtomic(this.csvPath, toCsv(this.rows()));
  }
}
