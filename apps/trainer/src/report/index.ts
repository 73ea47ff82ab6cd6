/** Reports (report.html and charts) — written with @bellman/viz once it is available. */

export interface ReportOptions {
  png: boolean;
  smoothing: number;
}

/** Writes `report.html` and charts into the run folder `dir`; returns the report's path. */
export function writeRunReport(_dir: string, _options: ReportOptions): Promise<string | undefined> {
  return Promise.reject(new Error('@bellman/viz is not available yet'));
}

/** Writes one HTML report comparing the runs in `dirs` to `file`; returns its path. */
export function writeComparisonReport(_dirs: string[], _file: string, _options: ReportOptions): Promise<string | undefined> {
  return Promise.reject(new Error('@bellman/viz is not available yet'));
}
