export { VizError, InvalidArgumentError } from './errors.js';
export { VEGA_LITE_SCHEMA, PALETTE, FONT, THEME, noDataChart, type VegaLiteSpec, type TitleOptions } from './spec.js';
export { clipObjectiveChart, type ClipObjectiveOptions } from './clip-objective.js';
export { trainingCurves, type TrainingCurvesOptions } from './training-curves.js';
export { klControlChart, type KLControlOptions } from './kl-control.js';
export { METRIC_TITLES, smoothEma, type Run, type MetricRecord } from './metrics.js';
export { finalMetricsTable, type ReportSection, type ReportTable } from './report.js';
export { valueHeatmap, policyArrows, GRID_ARROWS, type ValueHeatmapOptions, type PolicyArrows } from './value-heatmap.js';
export { returnsHistogram, rewardModelCalibration, type ReturnsHistogramOptions, type CalibrationOptions } from './distributions.js';
