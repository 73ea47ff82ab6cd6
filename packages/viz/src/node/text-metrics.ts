/**
 * Text widths for vega's headless layout. Without a canvas, vega estimates every string as
 * 0.8 em per character, which is far too wide for DejaVu Sans (about 0.6 em): titles and
 * legends then reserve empty space on the right. This estimate uses DejaVu Sans advance
 * widths by character class (within a few per cent for Latin text), bold 10 % wider.
 * It is installed only when vega has no canvas (its width function is still the default).
 */

// Advance widths of DejaVu Sans in em, by character class.
const NARROW = new Set("il.,:;'|!"); // 0.28–0.32 em
const SEMI = new Set('()[]{}ftrIJ-" '); // 0.32–0.41 em
const SMALL = new Set('sczkvxy'); // 0.52–0.59 em
const WIDE = new Set('mwMW%@'); // 0.82–1.0 em

function charWidth(ch: string): number {
  if (NARROW.has(ch)) return 0.3;
  if (SEMI.has(ch)) return 0.37;
  if (SMALL.has(ch)) return 0.55;
  if (WIDE.has(ch)) return 0.9;
  if (ch >= '0' && ch <= '9') return 0.64;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  return 0.61;
}

interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
  text?: unknown;
  limit?: number;
}

export function estimateTextWidth(text: string, fontSize: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * fontSize * (bold ? 1.1 : 1);
}

interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
  estimateWidth: (item: TextItem, text?: unknown) => number;
}

export function installTextMetrics(textMetrics: TextMetrics): void {
  if (textMetrics.width !== textMetrics.estimateWidth) return;
  textMetrics.width = (item, text) => {
    const value = typeof text === 'string' || typeof text === 'number' ? String(text).trim() : '';
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const weight = item.fontWeight;
    const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
    return estimateTextWidth(value, size, bold);
  };
}
