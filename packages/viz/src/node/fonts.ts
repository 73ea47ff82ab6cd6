/**
 * Fonts for resvg. resvg draws text only with fonts it is given, and a fresh CI machine may
 * have none installed. DejaVu Sans ships in the optional dependency `dejavu-fonts-ttf`; when it
 * is there the PNG looks the same on every machine and system fonts are not scanned (faster).
 * Without it, resvg falls back to the system's fonts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontOptions {
  /** TTF/OTF files to load, in addition to (or instead of) the bundled DejaVu Sans. */
  files?: readonly string[];
  /** Use the bundled DejaVu Sans when installed. Default true. */
  bundled?: boolean;
  /** Scan system fonts. Default: only when no font file is available. */
  system?: boolean;
  /** Family used for generic `sans-serif` and for text whose family is not found. Default 'DejaVu Sans' when bundled, else resvg's default. */
  defaultFamily?: string;
}

export interface ResolvedFonts {
  fontFiles: string[];
  loadSystemFonts: boolean;
  defaultFontFamily?: string;
  sansSerifFamily?: string;
}

let bundledCache: string[] | undefined;

/** Paths of DejaVu Sans regular and bold from `dejavu-fonts-ttf`, or [] when it is not installed. */
export function bundledFontFiles(): string[] {
  if (bundledCache !== undefined) return bundledCache;
  let files: string[] = [];
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  } catch {
    files = [];
  }
  bundledCache = files;
  return files;
}

export function resolveFonts(options: FontOptions = {}): ResolvedFonts {
  const bundled = options.bundled === false ? [] : bundledFontFiles();
  const fontFiles = [...bundled, ...(options.files ?? [])];
  const family = options.defaultFamily ?? (bundled.length > 0 ? 'DejaVu Sans' : undefined);
  return {
    fontFiles,
    loadSystemFonts: options.system ?? fontFiles.length === 0,
    ...(family === undefined ? {} : { defaultFontFamily: family, sansSerifFamily: family }),
  };
}
