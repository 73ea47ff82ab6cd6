/**
 * PPO's clipped surrogate against the probability ratio r(θ) = π_θ(a|s) / π_θold(a|s)
 * (Schulman et al. 2017, Figure 1): the unclipped term r·A, the clipped term
 * clip(r, 1−ε, 1+ε)·A and their minimum, the PPO objective, with the clip region shaded.
 */
import { InvalidArgumentError } from './errors.js';
import { SHADE, titleOf, topLevel, type TitleOptions, type VegaLiteSpec } from './spec.js';
import { finiteNumber, numberInRange, positiveInteger } from './validate.js';

export interface ClipObjectiveOptions extends TitleOptions {
  /** Clip ε, in (0, 1). Default 0.2. */
  epsilon?: number;
  /** Magnitude of the advantage A (its sign is given by the panels). Default 1. */
  advantage?: number;
  /** Which panels to draw: A > 0, A < 0, or both side by side. Default 'both'. */
  panels?: 'both' | 'positive' | 'negative';
  /** Range of r on the x axis, 0 < min < max. Default [0.1, 3]. */
  ratioRange?: readonly [number, number];
  /** Points per line (the kinks at 1 ± ε are always included). Default 200. */
  samples?: number;
  /** Width of one panel in pixels. Default 320. */
  width?: number;
}

export const CLIP_SERIES = ['unclipped  r·A', 'clipped  clip(r, 1−ε, 1+ε)·A', 'PPO objective  min(…)'] as const;

/** clip(r, 1 − ε, 1 + ε) · A */
function clippedTerm(r: number, epsilon: number, advantage: number): number {
  return Math.min(Math.max(r, 1 - epsilon), 1 + epsilon) * advantage;
}

export function clipObjectiveChart(options: ClipObjectiveOptions = {}): VegaLiteSpec {
  const epsilon = numberInRange('epsilon', options.epsilon ?? 0.2, Number.MIN_VALUE, 1 - Number.EPSILON, 'a number in (0, 1)');
  const magnitude = Math.abs(finiteNumber('advantage', options.advantage ?? 1));
  if (magnitude === 0) throw new InvalidArgumentError('advantage', 'a non-zero finite number', options.advantage);
  const [lo, hi] = options.ratioRange ?? [0.1, 3];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0 && hi > lo)) throw new InvalidArgumentError('ratioRange', 'a pair [min, max] with 0 < min < max', options.ratioRange);
  const samples = positiveInteger('samples', options.samples ?? 200);
  const width = positiveInteger('width', options.width ?? 320);
  const panels = options.panels ?? 'both';
  if (panels !== 'both' && panels !== 'positive' && panels !== 'negative') throw new InvalidArgumentError('panels', "'both', 'positive' or 'negative'", panels);

  const grid = new Set<number>([lo, hi]);
  for (let i = 1; i < samples; i++) grid.add(lo + ((hi - lo) * i) / samples);
  for (const kink of [1 - epsilon, 1 + epsilon]) if (kink > lo && kink < hi) grid.add(kink);
  const ratios = [...grid].sort((a, b) => a - b);

  const signs = panels === 'both' ? [1, -1] : panels === 'positive' ? [1] : [-1];
  const panel = (sign: number) => {
    const advantage = sign * magnitude;
    const values: Array<{ r: number; value: number; series: string }> = [];
    for (const r of ratios) {
      const unclipped = r * advantage;
      const clipped = clippedTerm(r, epsilon, advantage);
      values.push({ r: round(r), value: round(unclipped), series: CLIP_SERIES[0] });
      values.push({ r: round(r), value: round(clipped), series: CLIP_SERIES[1] });
      values.push({ r: round(r), value: round(Math.min(unclipped, clipped)), series: CLIP_SERIES[2] });
    }
    const x = { field: 'r', type: 'quantitative', title: 'probability ratio r(θ) = π_θ(a|s) / π_θold(a|s)', scale: { domain: [lo, hi], nice: false } };
    const y = { field: 'value', type: 'quantitative', title: 'objective term (units of |A|)' };
    const color = { field: 'series', type: 'nominal', title: null, sort: [...CLIP_SERIES], scale: { domain: [...CLIP_SERIES] }, legend: { orient: 'bottom', direction: 'horizontal', columns: 3, symbolType: 'stroke' } };
    return {
      title: { text: `A = ${fmt(advantage)} ${sign > 0 ? '> 0' : '< 0'}`, fontSize: 13, anchor: 'middle' },
      width,
      height: 260,
      layer: [
        {
          data: { values: [{ from: 1 - epsilon, to: 1 + epsilon, label: `clip region [${fmt(1 - epsilon)}, ${fmt(1 + epsilon)}]` }] },
          mark: { type: 'rect', color: SHADE, opacity: 0.18 },
          encoding: { x: { field: 'from', type: 'quantitative', scale: { domain: [lo, hi], nice: false } }, x2: { field: 'to' } },
        },
        {
          data: { values: [{ at: 1 - epsilon, label: `1−ε = ${fmt(1 - epsilon)}`, align: 'right' }, { at: 1 + epsilon, label: `1+ε = ${fmt(1 + epsilon)}`, align: 'left' }] },
          layer: [
            { mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontSize: 10, color: '#555' }, transform: [{ filter: "datum.align === 'right'" }], encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
            { mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 10, color: '#555' }, transform: [{ filter: "datum.align === 'left'" }], encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
          ],
        },
        {
          // The objective first, wide and pale, so the two terms stay visible on top of it.
          data: { values },
          transform: [{ filter: `datum.series === '${CLIP_SERIES[2]}'` }],
          mark: { type: 'line', clip: true, strokeWidth: 7, opacity: 0.45 },
          encoding: { x, y, color },
        },
        {
          data: { values },
          transform: [{ filter: `datum.series !== '${CLIP_SERIES[2]}'` }],
          mark: { type: 'line', clip: true, strokeWidth: 2 },
          encoding: { x, y, color, strokeDash: { field: 'series', type: 'nominal', sort: [...CLIP_SERIES], scale: { domain: [...CLIP_SERIES], range: [[6, 3], [2, 2], [1, 0]] } } },
        },
      ],
    };
  };

  const defaultTitle = `PPO clipped objective, ε = ${fmt(epsilon)}`;
  if (signs.length === 1) {
    const { title: panelTitle, ...single } = panel(signs[0]!);
    return topLevel({ ...single, title: titleOf(defaultTitle, { subtitle: panelTitle.text, ...options }) });
  }
  return topLevel({ title: titleOf(defaultTitle, options), hconcat: signs.map(panel), resolve: { scale: { color: 'shared' } } });
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** A number for a label, with a real minus sign. */
function fmt(x: number): string {
  return String(round(x)).replace('-', '−');
}
