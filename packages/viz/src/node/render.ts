/**
 * Rendering on Node: Vega-Lite → Vega (vega-lite's compiler) → SVG (vega's headless view,
 * no canvas: text widths are estimated) → PNG (resvg).
 *
 * vega and vega-lite are ES modules (vega-lite with top-level await), so they are loaded with
 * a dynamic import on first use; that also works from the CommonJS build and keeps
 * `import '@bellman/viz/node'` cheap.
 */
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import { InvalidArgumentError } from '../errors.js';
import type { VegaLiteSpec } from '../spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { resolveFonts, type FontOptions } from './fonts.js';
import { installTextMetrics } from './text-metrics.js';

export interface SVGOptions {
  /** Called with each warning from the Vega-Lite compiler and the Vega view (the library never prints). */
  onWarning?: (message: string) => void;
}

export interface PNGOptions extends SVGOptions {
  /** Pixels per SVG pixel (2 for a sharp image on high-DPI screens). Ignored when `width` is given. Default 1. */
  scale?: number;
  /** Width of the PNG in pixels; the height follows the aspect ratio. */
  width?: number;
  /** Fonts used to draw text. Default: the bundled DejaVu Sans, else system fonts. */
  fonts?: FontOptions;
}

type VegaModule = typeof Vega;
type VegaLiteModule = typeof VegaLite;

let modules: Promise<[VegaModule, VegaLiteModule]> | undefined;
function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then((loaded) => {
    installTextMetrics((loaded[0] as unknown as { textMetrics: Parameters<typeof installTextMetrics>[0] }).textMetrics);
    return loaded;
  });
  return modules;
}

function checkSpec(spec: unknown): VegaLiteSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new InvalidArgumentError('spec', 'a Vega-Lite spec object', spec);
  return spec as VegaLiteSpec;
}

function messageLogger(onWarning: ((message: string) => void) | undefined) {
  const warn = (...args: readonly unknown[]) => onWarning?.(args.map(String).join(' '));
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      warn('error:', ...args);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warn(...args);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Renders a Vega-Lite spec (or a Vega spec, recognised by its `$schema`) to an SVG string. */
export async function toSVG(spec: VegaLiteSpec, options: SVGOptions = {}): Promise<string> {
  checkSpec(spec);
  const [vega, vl] = await loadVega();
  const logger = messageLogger(options.onWarning);
  const isVega = typeof spec.$schema === 'string' && /\/schema\/vega\/v\d/.test(spec.$schema);
  const vgSpec = isVega ? spec : vl.compile(spec as unknown as Parameters<VegaLiteModule['compile']>[0], { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger: logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a spec to PNG bytes: toSVG, then resvg with the bundled font. */
export async function toPNG(spec: VegaLiteSpec, options: PNGOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 1;
  if (!(typeof scale === 'number' && Number.isFinite(scale) && scale > 0 && scale <= 16)) throw new InvalidArgumentError('scale', 'a number in (0, 16]', options.scale);
  if (options.width !== undefined && !(Number.isInteger(options.width) && options.width >= 1 && options.width <= 16_384)) {
    throw new InvalidArgumentError('width', 'an integer number of pixels in [1, 16384]', options.width);
  }
  const svg = await toSVG(spec, options);
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: options.width !== undefined ? { mode: 'width', value: options.width } : { mode: 'zoom', value: scale },
    font: resolveFonts(options.fonts),
  });
  return resvg.render().asPng();
}

/** Renders a spec to an SVG file, written atomically (temporary file + rename). */
export async function writeSVG(file: string, spec: VegaLiteSpec, options: SVGOptions = {}): Promise<void> {
  await writeFileAtomic(file, await toSVG(spec, options));
}

/** Renders a spec to a PNG file, written atomically (temporary file + rename). */
export async function writePNG(file: string, spec: VegaLiteSpec, options: PNGOptions = {}): Promise<void> {
  await writeFileAtomic(file, await toPNG(spec, options));
}
