export { toSVG, toPNG, writeSVG, writePNG, type SVGOptions, type PNGOptions } from './render.js';
export { bundledFontFiles, type FontOptions } from './fonts.js';
export { writeFileAtomic } from './atomic-write.js';
export { htmlReport, renderHtmlReport, escapeHtml, type HtmlReportOptions } from './html-report.js';
