import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { clipObjectiveChart } from '../clip-objective.js';
import { klControlChart } from '../kl-control.js';
import { finalMetricsTable } from '../report.js';
import { noDataChart, type VegaLiteSpec } from '../spec.js';
import { trainingCurves } from '../training-curves.js';
import { policyArrows, valueHeatmap } from '../value-heatmap.js';
import { bundledFontFiles } from './fonts.js';
import { htmlReport, renderHtmlReport } from './html-report.js';
import { toPNG, toSVG, writePNG } from './render.js';

const runs = ['ppo', 'no-clip'].map((name, k) => ({
  name,
  records: Array.from({ length: 20 }, (_, i) => ({ global_step: 512 * (i + 1), iteration: i + 1, 'charts/episodic_return': 20 + i * (10 + k), 'objective/kl': 0.01 * i, 'objective/kl_coef': 0.1 })),
}));

/** Width and height from the PNG's IHDR chunk (bytes 16–23, big-endian). */
function ihdrSize(png: Uint8Array): { width: number; height: number } {
  expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(Buffer.from(png.subarray(12, 16)).toString('ascii')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('toSVG', () => {
  it('renders a value heatmap with walls, terminals and policy arrows', async () => {
    const spec = valueHeatmap([0, -1, Number.NaN, -2, -3, -1], { rows: 2, cols: 3, walls: [2], terminals: [0], policy: policyArrows([-1, 3, 0, 2, 1, 0]) });
    const svg = await toSVG(spec);
    expect(svg).toContain('<svg');
    expect(svg).toContain('State values, 2×3 grid');
    expect(svg).toContain('V(s)');
  });

  it('the clip chart has two panels with their titles, lines and the shaded region', async () => {
    const svg = await toSVG(clipObjectiveChart());
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['PPO clipped objective, ε = 0.2', 'A = 1 &gt; 0', 'A = −1 &lt; 0', 'PPO objective  min(…)', '1−ε = 0.8', '1+ε = 1.2']) expect(svg).toContain(text);
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(6); // three lines per panel
    expect(svg.match(/class="mark-rect role-mark/g)?.length).toBe(2); // clip region per panel
  });

  it('training curves: one path per run, axis titles with units', async () => {
    const svg = await toSVG(trainingCurves(runs));
    expect(svg).toContain('environment steps');
    expect(svg).toContain('episodic return');
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(2);
    expect(svg).toContain('group: no-clip; run: no-clip');
  });

  it('the KL chart draws the target band and the β panel; warnings go to onWarning, not the console', async () => {
    const warnings: string[] = [];
    const svg = await toSVG(klControlChart(runs, { target: 0.1 }), { onWarning: (m) => warnings.push(m) });
    expect(svg).toContain('target 0.1 (band 0.08–0.12)');
    expect(svg).toContain('KL coefficient β');
    const bad = { ...noDataChart('x'), mark: 'point', encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'nonsense' } } } as VegaLiteSpec;
    await toSVG(bad, { onWarning: (m) => warnings.push(m) }).catch(() => undefined);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('the "no data" chart renders its message', async () => {
    expect(await toSVG(trainingCurves([]))).toContain('No data: no run has records');
  });

  it('rejects a spec that is not an object', async () => {
    await expect(toSVG(null as unknown as VegaLiteSpec)).rejects.toThrow(/spec must be a Vega-Lite spec object/);
  });
});

describe('toPNG', () => {
  it('decodes with the SVG size times the scale', async () => {
    const spec = clipObjectiveChart({ panels: 'positive' });
    const svg = await toSVG(spec);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = await toPNG(spec, { scale: 2 });
    expect(ihdrSize(png)).toEqual({ width: w! * 2, height: h! * 2 });
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([w! * 2, h! * 2]);
    // Not blank: the white background and some dark (text/axis) pixels.
    let dark = 0;
    for (let i = 0; i < decoded.data.length; i += 4) if (decoded.data[i]! < 80 && decoded.data[i + 1]! < 80 && decoded.data[i + 2]! < 80) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  it('fits a requested width', async () => {
    expect(ihdrSize(await toPNG(trainingCurves(runs), { width: 640 })).width).toBe(640);
  });

  it('draws text with the bundled DejaVu Sans without system fonts', async () => {
    expect(bundledFontFiles().length).toBe(2);
    const spec = noDataChart('T', 'WWWWWWWW');
    const withFont = PNG.sync.read(Buffer.from(await toPNG(spec, { fonts: { system: false } })));
    const without = PNG.sync.read(Buffer.from(await toPNG(spec, { fonts: { bundled: false, system: false } })));
    const ink = (img: PNG) => img.data.reduce((n, v, i) => (i % 4 === 0 && v < 200 ? n + 1 : n), 0);
    expect(ink(withFont)).toBeGreaterThan(ink(without) + 100);
  });

  it('rejects a bad scale or width, naming the option', async () => {
    await expect(toPNG(noDataChart('x'), { scale: 0 })).rejects.toThrow(/scale must be a number in \(0, 16\]/);
    await expect(toPNG(noDataChart('x'), { width: 1.5 })).rejects.toThrow(/width must be an integer/);
  });

  it('writePNG writes atomically: no temporary file is left, and a failed render leaves the old file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-png-'));
    const file = join(dir, 'chart.png');
    await writePNG(file, noDataChart('x'));
    expect(ihdrSize(readFileSync(file)).width).toBeGreaterThan(0);
    writeFileSync(file, 'old');
    await expect(writePNG(file, noDataChart('x'), { scale: -1 })).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['chart.png']);
  });
});

describe('htmlReport', () => {
  const options = {
    title: 'PPO <CartPole>',
    subtitle: 'two runs',
    sections: [
      { title: 'Return', text: 'Mean return per update.\n\nSecond paragraph.', chart: trainingCurves(runs) },
      { title: 'Final metrics', table: finalMetricsTable(runs, ['charts/episodic_return', 'objective/kl']) },
      { title: 'Config', json: { clipCoef: 0.2, url: 'https://example.org/not-a-request' } },
    ],
  };

  it('is one self-contained page: inline SVG and CSS, no external requests', async () => {
    const html = await renderHtmlReport(options);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>PPO &lt;CartPole&gt;</title>');
    expect(html).toContain('<svg');
    expect(html).toContain('<td>ppo</td><td>210</td><td>0.19</td>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/\b(src|href|xlink:href|srcset|action|poster)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/<(iframe|img|object|embed)\b/i);
  });

  it('writes the file atomically and rejects bad sections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viz-html-'));
    const file = join(dir, 'report.html');
    const html = await htmlReport(file, options);
    expect(readFileSync(file, 'utf8')).toBe(html);
    expect(readdirSync(dir)).toEqual(['report.html']);
    await expect(htmlReport(file, { title: 'x', sections: [{ title: 't', table: { columns: ['a', 'b'], rows: [[1]] } }] })).rejects.toThrow(
      'sections[0].table.rows[0] must be an array of 2 cells (one per column)',
    );
    expect(readFileSync(file, 'utf8')).toBe(html);
  });
});
