/**
 * KL control (Ziegler et al. 2019): KL(π ‖ π_ref) per iteration for runs with no penalty, a
 * fixed β and an adaptive β, with the target band shaded; β itself on a second panel.
 */
import { InvalidArgumentError } from './errors.js';
import { checkRuns, metricTitle, series, type Run } from './metrics.js';
import { noDataChart, SHADE, titleOf, topLevel, type TitleOptions, type VegaLiteSpec } from './spec.js';
import { finiteNumber, nonEmptyString, positiveInteger } from './validate.js';

export interface KLControlOptions extends TitleOptions {
  /** Target KL in nats (> 0). */
  target: number;
  /**
   * The band shaded around the target: a relative half-width (0.2 → [0.8·target, 1.2·target],
   * the default) or absolute bounds [lo, hi] with lo < target < hi.
   */
  band?: number | readonly [number, number];
  /** x field. Default 'iteration'. */
  x?: string;
  /** KL field. Default 'objective/kl'. */
  kl?: string;
  /** β field (runs without it, such as "no penalty", get no β line). Default 'objective/kl_coef'. */
  beta?: string;
  /** Log scale for the KL axis (useful when the unpenalised run drifts far away). Default false. */
  logScale?: boolean;
  /** Panel width in pixels. Default 480. */
  width?: number;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function klControlChart(runs: readonly Run[], options: KLControlOptions): VegaLiteSpec {
  const checked = checkRuns(runs);
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', 'an object { target, band?, … }', options);
  const target = finiteNumber('target', options.target);
  if (target <= 0) throw new InvalidArgumentError('target', 'a positive number (nats)', options.target);
  const band = options.band ?? 0.2;
  let lo: number;
  let hi: number;
  if (typeof band === 'number') {
    if (!(Number.isFinite(band) && band > 0 && band < 1)) throw new InvalidArgumentError('band', 'a relative half-width in (0, 1) or bounds [lo, hi] around the target', band);
    [lo, hi] = [target * (1 - band), target * (1 + band)];
  } else {
    if (!Array.isArray(band) || band.length !== 2 || !(Number(band[0]) < target && target < Number(band[1]))) {
      throw new InvalidArgumentError('band', `a relative half-width in (0, 1) or bounds [lo, hi] with lo < target (${target}) < hi`, band);
    }
    [lo, hi] = [band[0], band[1]];
  }
  const xField = nonEmptyString('x', options.x ?? 'iteration');
  const klField = nonEmptyString('kl', options.kl ?? 'objective/kl');
  const betaField = nonEmptyString('beta', options.beta ?? 'objective/kl_coef');
  const width = positiveInteger('width', options.width ?? 480);
  const logScale = options.logScale ?? false;
  const defaultTitle = 'KL control: KL to the reference policy per iteration';

  const klValues: Array<{ run: string; x: number; kl: number }> = [];
  const betaValues: Array<{ run: string; x: number; beta: number }> = [];
  checked.forEach((run, i) => {
    const k = series(run, i, xField, klField);
    if (logScale) {
      k.y.forEach((v, j) => {
        if (v <= 0) throw new InvalidArgumentError(`runs[${i}] "${klField}" at ${xField} = ${k.x[j]}`, 'positive on a log scale (set logScale: false)', v);
      });
    }
    k.x.forEach((x, j) => klValues.push({ run: run.name, x, kl: round(k.y[j]!) }));
    const b = series(run, i, xField, betaField);
    b.x.forEach((x, j) => betaValues.push({ run: run.name, x, beta: round(b.y[j]!) }));
  });
  if (klValues.length === 0) return noDataChart(options.title ?? defaultTitle, `No data: no run has records with both "${xField}" and "${klField}"`);

  const names = checked.map((r) => r.name);
  const color = { field: 'run', type: 'nominal', title: null, sort: names, scale: { domain: names }, legend: { orient: 'bottom', direction: 'horizontal' } };
  const x = { field: 'x', type: 'quantitative', title: metricTitle(xField) };
  const klPanel = {
    width,
    height: 240,
    layer: [
      {
        data: { values: [{ lo, hi }] },
        mark: { type: 'rect', color: SHADE, opacity: 0.22 },
        encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: [{ target, hi, label: `target ${target} (band ${round(lo)}–${round(hi)})` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { y: { field: 'target', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -3, fontSize: 10, color: '#444' }, encoding: { x: { value: 4 }, y: { field: 'hi', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
      {
        data: { values: klValues },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y: { field: 'kl', type: 'quantitative', title: metricTitle(klField), scale: logScale ? { type: 'log' } : { zero: true } }, color },
      },
    ],
  };
  if (betaValues.length === 0) return topLevel({ title: titleOf(defaultTitle, options), ...klPanel });
  const betaPanel = {
    width,
    height: 120,
    data: { values: betaValues },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: { x, y: { field: 'beta', type: 'quantitative', title: metricTitle(betaField) }, color },
  };
  return topLevel({
    title: titleOf(defaultTitle, options),
    vconcat: [klPanel, betaPanel],
    resolve: { scale: { color: 'shared', x: 'shared' } },
  });
}
