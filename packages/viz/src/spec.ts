/**
 * The shape of what the chart builders return, the shared theme, and the "no data" chart.
 *
 * Specs are plain JSON: they go to vega-embed in a browser or to `@bellman/viz/node`
 * (toSVG / toPNG / htmlReport) unchanged.
 */

/** The Vega-Lite version the specs are written for. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A top-level Vega-Lite spec (plain JSON). Only `$schema` is required here; see the Vega-Lite docs for the rest. */
export interface VegaLiteSpec {
  $schema: string;
  [key: string]: unknown;
}

/**
 * Okabe–Ito palette: eight colours told apart with any common colour-vision deficiency
 * (Okabe & Ito, "Color Universal Design", 2008). Black is last, for reference lines.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

/** Colour of shaded regions (clip region, KL target band). */
export const SHADE = '#9e9e9e';

/**
 * Font stack of every chart. The PNG renderer ships DejaVu Sans, so text looks the same on
 * machines without system fonts; browsers fall back to their sans-serif.
 */
export const FONT = 'DejaVu Sans, Verdana, sans-serif';

/** The Vega-Lite `config` every chart carries. */
export const THEME = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d0d0', continuousWidth: 420, continuousHeight: 260 },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#ececec', domainColor: '#888', tickColor: '#888' },
  header: { labelFontSize: 13, titleFontSize: 13 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 2.5, labelLimit: 320 },
  range: { category: [...PALETTE] },
  line: { strokeWidth: 2 },
} as const;

export interface TitleOptions {
  /** Chart title (each chart has a sensible default). */
  title?: string | undefined;
  /** Smaller line under the title. */
  subtitle?: string | undefined;
}

export function titleOf(defaultTitle: string, options: TitleOptions): { text: string; subtitle?: string } {
  const text = options.title ?? defaultTitle;
  return options.subtitle === undefined ? { text } : { text, subtitle: options.subtitle };
}

/** Wraps a body in a top-level spec with the schema and the theme. */
export function topLevel(body: Record<string, unknown>): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, ...body, config: THEME };
}

/**
 * A chart that says there is nothing to draw, in the same size as a normal one: used when
 * the input is well-formed but holds no points (for example a report written before the
 * first episode ended).
 */
export function noDataChart(title: string, message = 'No data'): VegaLiteSpec {
  return topLevel({
    title: { text: title },
    width: THEME.view.continuousWidth,
    height: THEME.view.continuousHeight,
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 16, color: '#777' },
    encoding: { text: { field: 'message', type: 'nominal' }, x: { value: THEME.view.continuousWidth / 2 }, y: { value: THEME.view.continuousHeight / 2 } },
    usermeta: { bellman: { noData: true } },
  });
}
