/**
 * Learning curves: any logged metric against environment steps or wall-clock time, one line
 * per run, or per group the mean across seeds with a min–max or ±1 std band.
 */
import { InvalidArgumentError } from './errors.js';
import { checkRuns, interpolate, metricTitle, series, smoothEma, type Run } from './metrics.js';
import { noDataChart, titleOf, topLevel, type TitleOptions, type VegaLiteSpec } from './spec.js';
import { nonEmptyString, numberInRange, positiveInteger } from './validate.js';

export interface TrainingCurvesOptions extends TitleOptions {
  /** Metric to plot on y. Default 'charts/episodic_return'. */
  metric?: string;
  /** x axis: env steps (`global_step`), seconds since the start (`time`) or any numeric record field. Default 'global_step'. */
  x?: 'global_step' | 'time' | (string & {});
  /** TensorBoard-style EMA weight in [0, 1). Default 0 (none). */
  smoothing?: number;
  /** 'runs': one line per run; 'minmax' / 'std': per group, the mean with a min–max / ±1 std band. Default 'runs'. */
  aggregate?: 'runs' | 'minmax' | 'std';
  /** Points per group on the common x grid when runs of a group were logged at different x. Default 200. */
  gridPoints?: number;
  /** y axis title. Default: the metric's name in words, with units. */
  yTitle?: string;
  /** Plot width in pixels. Default 480. */
  width?: number;
  /** Plot height in pixels. Default 280. */
  height?: number;
}

interface Line {
  run: string;
  group: string;
  x: number[];
  y: number[];
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function trainingCurves(runs: readonly Run[], options: TrainingCurvesOptions = {}): VegaLiteSpec {
  const checked = checkRuns(runs);
  const metric = nonEmptyString('metric', options.metric ?? 'charts/episodic_return');
  const xField = nonEmptyString('x', options.x ?? 'global_step');
  const smoothing = numberInRange('smoothing', options.smoothing ?? 0, 0, 1 - Number.EPSILON, 'a number in [0, 1)');
  const aggregate = options.aggregate ?? 'runs';
  if (aggregate !== 'runs' && aggregate !== 'minmax' && aggregate !== 'std') throw new InvalidArgumentError('aggregate', "'runs', 'minmax' or 'std'", aggregate);
  const gridPoints = positiveInteger('gridPoints', options.gridPoints ?? 200);
  const width = positiveInteger('width', options.width ?? 480);
  const height = positiveInteger('height', options.height ?? 280);
  const yTitle = options.yTitle ?? metricTitle(metric);
  const defaultTitle = `${yTitle[0]!.toUpperCase()}${yTitle.slice(1)}`;

  const lines: Line[] = [];
  checked.forEach((run, i) => {
    const { x, y } = series(run, i, xField, metric);
    for (let k = 1; k < x.length; k++) {
      if (x[k]! < x[k - 1]!) throw new InvalidArgumentError(`runs[${i}].records[…]["${xField}"]`, 'non-decreasing along the records', x.slice(Math.max(0, k - 2), k + 2));
    }
    if (x.length > 0) lines.push({ run: run.name, group: run.group ?? run.name, x, y: smoothEma(y, smoothing) });
  });
  if (lines.length === 0) return noDataChart(options.title ?? defaultTitle, `No data: no run has records with both "${xField}" and "${metric}"`);

  const xEnc = { field: 'x', type: 'quantitative', title: metricTitle(xField), axis: { format: xField === 'global_step' ? '~s' : '~g' } };
  const yEnc = { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } };
  const groups = [...new Set(lines.map((l) => l.group))];
  const color = { field: 'group', type: 'nominal', title: null, sort: groups, legend: { orient: 'bottom', direction: 'horizontal' } };
  const subtitle = options.subtitle ?? describeCurves(lines, groups, aggregate, smoothing);

  if (aggregate === 'runs') {
    const values = lines.flatMap((l) => l.x.map((x, k) => ({ run: l.run, group: l.group, x, y: round(l.y[k]!) })));
    return topLevel({
      title: titleOf(defaultTitle, { ...options, subtitle }),
      width,
      height,
      data: { values },
      mark: { type: 'line', strokeWidth: 1.6, opacity: 0.9 },
      encoding: { x: xEnc, y: yEnc, color, detail: { field: 'run', type: 'nominal' } },
    });
  }

  const values = groups.flatMap((group) => aggregateGroup(lines.filter((l) => l.group === group), gridPoints, aggregate).map((p) => ({ group, ...p })));
  return topLevel({
    title: titleOf(defaultTitle, { ...options, subtitle }),
    width,
    height,
    data: { values },
    layer: [
      { mark: { type: 'area', opacity: 0.22 }, encoding: { x: xEnc, y: { ...yEnc, field: 'lo' }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x: xEnc, y: { ...yEnc, field: 'mean' }, color } },
    ],
  });
}

/** Mean and band of a group's runs, on their shared x when all runs were logged at the same x, else on a common grid. */
function aggregateGroup(lines: readonly Line[], gridPoints: number, band: 'minmax' | 'std'): Array<{ x: number; mean: number; lo: number; hi: number; n: number }> {
  const first = lines[0]!.x;
  const shared = lines.every((l) => l.x.length === first.length && l.x.every((v, k) => v === first[k]));
  let grid: number[];
  if (shared) grid = first;
  else {
    const from = Math.max(...lines.map((l) => l.x[0]!));
    const to = Math.min(...lines.map((l) => l.x[l.x.length - 1]!));
    const n = to > from ? gridPoints : 1;
    grid = Array.from({ length: n }, (_, k) => (n === 1 ? from : from + ((to - from) * k) / (n - 1)));
  }
  return grid.map((x, k) => {
    const ys = lines.map((l) => (shared ? l.y[k]! : interpolate(l.x, l.y, x)));
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    let lo: number;
    let hi: number;
    if (band === 'minmax') {
      lo = Math.min(...ys);
      hi = Math.max(...ys);
    } else {
      const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
      lo = mean - sd;
      hi = mean + sd;
    }
    return { x, mean: round(mean), lo: round(lo), hi: round(hi), n: ys.length };
  });
}

function describeCurves(lines: readonly Line[], groups: readonly string[], aggregate: string, smoothing: number): string {
  const parts = [`${lines.length} run${lines.length === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'}`];
  if (aggregate === 'minmax') parts.push('line: mean, band: min–max across runs');
  if (aggregate === 'std') parts.push('line: mean, band: ±1 std across runs');
  if (smoothing > 0) parts.push(`EMA smoothing ${smoothing}`);
  return parts.join('; ');
}
