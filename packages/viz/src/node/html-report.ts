/**
 * A self-contained HTML report: charts inlined as SVG, tables, and pretty-printed JSON, with
 * inline CSS only — no scripts, fonts, images or stylesheets fetched from anywhere.
 */
import { InvalidArgumentError } from '../errors.js';
import type { ReportSection, ReportTable } from '../report.js';
import { isArrayLike, nonEmptyString } from '../validate.js';
import { writeFileAtomic } from './atomic-write.js';
import { toSVG, type SVGOptions } from './render.js';

export interface HtmlReportOptions extends SVGOptions {
  /** Page title and top heading. */
  title: string;
  /** Sections, in order. */
  sections: readonly ReportSection[];
  /** A line under the title (e.g. the date and the command that produced the runs). */
  subtitle?: string;
}

const CSS = `body{font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.subtitle{color:#555;margin-top:0}figure{margin:1rem 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:.9rem;margin:.8rem 0}th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}pre{background:#f7f7f7;padding:.8rem;overflow-x:auto;font-size:.85rem}`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function tableHtml(table: ReportTable, field: string): string {
  if (!Array.isArray(table.columns) || !Array.isArray(table.rows)) throw new InvalidArgumentError(field, 'a table { columns: string[], rows: (string | number | null)[][] }', table);
  const head = table.columns.map((c) => `<th>${escapeHtml(String(c))}</th>`).join('');
  const body = table.rows
    .map((row, i) => {
      if (!Array.isArray(row) || row.length !== table.columns.length) throw new InvalidArgumentError(`${field}.rows[${i}]`, `an array of ${table.columns.length} cells (one per column)`, row);
      return `<tr>${row.map((v) => `<td>${v === null ? '—' : escapeHtml(String(v))}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The report as an HTML string. */
export async function renderHtmlReport(options: HtmlReportOptions): Promise<string> {
  const title = nonEmptyString('title', options.title);
  const sections: readonly ReportSection[] = options.sections;
  if (!isArrayLike(sections)) throw new InvalidArgumentError('sections', 'an array of sections { title, text?, chart?, table?, json? }', options.sections);
  const parts: string[] = [];
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i]!;
    const field = `sections[${i}]`;
    parts.push(`<section>\n<h2>${escapeHtml(nonEmptyString(`${field}.title`, section.title))}</h2>`);
    if (section.text !== undefined) {
      for (const p of String(section.text).split(/\n\s*\n/)) parts.push(`<p>${escapeHtml(p.trim())}</p>`);
    }
    if (section.chart !== undefined) parts.push(`<figure>${await toSVG(section.chart, options)}</figure>`);
    if (section.table !== undefined) parts.push(tableHtml(section.table, `${field}.table`));
    if (section.json !== undefined) parts.push(`<pre>${escapeHtml(JSON.stringify(section.json, null, 2) ?? 'undefined')}</pre>`);
    parts.push('</section>');
  }
  const subtitle = options.subtitle === undefined ? '' : `\n<p class="subtitle">${escapeHtml(options.subtitle)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>${subtitle}
${parts.join('\n')}
</body>
</html>
`;
}

/** Writes the report to `file` atomically (temporary file + rename) and returns the HTML. */
export async function htmlReport(file: string, options: HtmlReportOptions): Promise<string> {
  nonEmptyString('file', file);
  const html = await renderHtmlReport(options);
  await writeFileAtomic(file, html);
  return html;
}
