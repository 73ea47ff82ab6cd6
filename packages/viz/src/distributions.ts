/**
 * Distributions: episode returns as histograms, and a reward model's scores on preference
 * pairs (chosen vs rejected) with its calibration.
 */
import { InvalidArgumentError } from './errors.js';
import { noDataChart, titleOf, topLevel, type TitleOptions, type VegaLiteSpec } from './spec.js';
import { finiteNumbers, isArrayLike, positiveInteger } from './validate.js';

export interface ReturnsHistogramOptions extends TitleOptions {
  /** Upper bound on the number of bins. Default 30. */
  maxBins?: number;
  /** x axis title. Default 'episode return'. */
  xTitle?: string;
}

/**
 * Histogram of episode returns: one array, or named arrays (e.g. per policy) overlaid in
 * different colours.
 */
export function returnsHistogram(returns: ArrayLike<number> | Readonly<Record<string, ArrayLike<number>>>, options: ReturnsHistogramOptions = {}): VegaLiteSpec {
  const maxBins = positiveInteger('maxBins', options.maxBins ?? 30);
  const named: Array<[string, unknown]> = isArrayLike(returns)
    ? [['returns', returns]]
    : returns !== null && typeof returns === 'object'
      ? Object.entries(returns)
      : (() => {
          throw new InvalidArgumentError('returns', 'an array of returns or an object { name: returns[] }', returns);
        })();
  const values = named.flatMap(([name, arr]) => finiteNumbers(isArrayLike(returns) ? 'returns' : `returns["${name}"]`, arr).map((r) => ({ group: name, return: r })));
  const title = titleOf('Episode returns', options);
  if (values.length === 0) return noDataChart(title.text, 'No data: no episode returns');
  return topLevel({
    title,
    width: 420,
    height: 240,
    data: { values },
    mark: { type: 'bar', opacity: named.length > 1 ? 0.6 : 0.9, binSpacing: 1 },
    encoding: {
      x: { field: 'return', type: 'quantitative', bin: { maxbins: maxBins }, title: options.xTitle ?? 'episode return' },
      y: { aggregate: 'count', type: 'quantitative', title: 'episodes', stack: null },
      color: named.length > 1 ? { field: 'group', type: 'nominal', title: null, legend: { orient: 'bottom' } } : { value: '#0072B2' },
    },
  });
}

export interface CalibrationOptions extends TitleOptions {
  /** Bins of predicted probability in the calibration panel. Default 10. */
  bins?: number;
}

/**
 * A reward model on preference pairs: left, the chosen response's score against the rejected
 * one's (points above the diagonal are ranked right); right, calibration of the Bradley–Terry
 * probability P(chosen ≻ rejected) = σ(r_chosen − r_rejected). Each pair is counted in both
 * orders (p with outcome 1, 1 − p with outcome 0), binned by p; a calibrated model lies on
 * the diagonal.
 */
export function rewardModelCalibration(pairs: { chosen: ArrayLike<number>; rejected: ArrayLike<number> }, options: CalibrationOptions = {}): VegaLiteSpec {
  if (pairs === null || typeof pairs !== 'object') throw new InvalidArgumentError('pairs', 'an object { chosen: number[], rejected: number[] }', pairs);
  const chosen = finiteNumbers('pairs.chosen', pairs.chosen);
  const rejected = finiteNumbers('pairs.rejected', pairs.rejected);
  if (chosen.length !== rejected.length) throw new InvalidArgumentError('pairs.rejected', `an array as long as pairs.chosen (${chosen.length})`, pairs.rejected);
  const bins = positiveInteger('bins', options.bins ?? 10);
  const title = titleOf('Reward model on preference pairs', options);
  if (chosen.length === 0) return noDataChart(title.text, 'No data: no preference pairs');

  const accuracy = chosen.filter((c, i) => c > rejected[i]!).length / chosen.length;
  const counts = Array.from({ length: bins }, () => ({ n: 0, p: 0, hits: 0 }));
  chosen.forEach((c, i) => {
    const p = 1 / (1 + Math.exp(-(c - rejected[i]!)));
    for (const [prob, outcome] of [[p, 1], [1 - p, 0]] as const) {
      const b = counts[Math.min(bins - 1, Math.floor(prob * bins))]!;
      b.n++;
      b.p += prob;
      b.hits += outcome;
    }
  });
  const calibration = counts.filter((b) => b.n > 0).map((b) => ({ predicted: round(b.p / b.n), observed: round(b.hits / b.n), pairs: b.n }));
  const lo = Math.min(...chosen, ...rejected);
  const hi = Math.max(...chosen, ...rejected);
  const pad = (hi - lo) * 0.05 || 1;
  const domain = [round(lo - pad), round(hi + pad)];
  const axis = (t: string) => ({ type: 'quantitative', title: t, scale: { domain, nice: false } });
  return topLevel({
    title: { subtitle: `${chosen.length} pairs; ranking accuracy ${(accuracy * 100).toFixed(1)} %`, ...title },
    hconcat: [
      {
        width: 280,
        height: 280,
        layer: [
          { data: { values: [{ a: domain[0], b: domain[1] }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#777' }, encoding: { x: { field: 'a', ...axis('score of rejected') }, y: { field: 'a', ...axis('score of chosen') }, x2: { field: 'b' }, y2: { field: 'b' } } },
          {
            data: { values: chosen.map((c, i) => ({ chosen: round(c), rejected: round(rejected[i]!), ranked: c > rejected[i]! ? 'chosen ranked higher' : 'rejected ranked higher or tie' })) },
            mark: { type: 'point', filled: true, opacity: 0.6, size: 30 },
            encoding: {
              x: { field: 'rejected', ...axis('score of rejected') },
              y: { field: 'chosen', ...axis('score of chosen') },
              color: { field: 'ranked', type: 'nominal', title: null, scale: { domain: ['chosen ranked higher', 'rejected ranked higher or tie'], range: ['#0072B2', '#D55E00'] }, legend: { orient: 'bottom' } },
            },
          },
        ],
      },
      {
        width: 280,
        height: 280,
        layer: [
          { data: { values: [{ a: 0, b: 1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#777' }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' }, x2: { field: 'b' }, y2: { field: 'b' } } },
          {
            data: { values: calibration },
            mark: { type: 'line', point: true, color: '#009E73' },
            encoding: {
              x: { field: 'predicted', type: 'quantitative', title: 'predicted P(first ≻ second) = σ(Δr)', scale: { domain: [0, 1] } },
              y: { field: 'observed', type: 'quantitative', title: 'observed frequency', scale: { domain: [0, 1] } },
            },
          },
        ],
      },
    ],
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
