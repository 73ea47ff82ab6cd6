/**
 * Training progress on stderr: a cli-progress bar when stderr is a terminal, one plain line per
 * update otherwise (logs, CI, pipes). stdout is never written here.
 */
import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  updates: number;
  step: number;
  sps: number | undefined;
  /** Latest mean episodic return. */
  episodicReturn: number | undefined;
  /** Latest evaluation mean return. */
  evalReturn: number | undefined;
}

export interface Progress {
  start(total: number, done: number, unit: string): void;
  update(u: ProgressUpdate): void;
  /** A message line (eval results, warnings) that does not break the bar. */
  note(message: string): void;
  stop(): void;
}

function fmt(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One line per update, for non-terminals. */
export class LineProgress implements Progress {
  private total = 0;
  private unit = 'steps';
  private startTime = 0;
  private startStep = 0;

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  start(total: number, done: number, unit: string): void {
    this.total = total;
    this.unit = unit;
    this.startTime = performance.now();
    this.startStep = done;
  }

  update(u: ProgressUpdate): void {
    const elapsed = (performance.now() - this.startTime) / 1e3;
    const rate = elapsed > 0 ? (u.step - this.startStep) / elapsed : 0;
    const eta = rate > 0 ? (this.total - u.step) / rate : Number.NaN;
    const pct = this.total > 0 ? Math.min(100, (100 * u.step) / this.total) : 0;
    const parts = [
      `update ${u.updates}`,
      `${this.unit} ${u.step}/${this.total} (${pct.toFixed(0)}%)`,
      ...(u.sps === undefined ? [] : [`SPS ${fmt(u.sps, 0)}`]),
      `return ${fmt(u.episodicReturn)}`,
      ...(u.evalReturn === undefined ? [] : [`eval ${fmt(u.evalReturn)}`]),
      `ETA ${duration(eta)}`,
    ];
    this.out.write(`${parts.join(' | ')}\n`);
  }

  note(message: string): void {
    this.out.write(`${message}\n`);
  }

  stop(): void {}
}

/** A cli-progress bar, for terminals. */
export class BarProgress implements Progress {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {value}/{total} {unit} | {sps} SPS | return {ret} | eval {eval} | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 20,
        fps: 5,
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(total: number, done: number, unit: string): void {
    this.bar.start(total, done, { unit, sps: '-', ret: '-', eval: '-' });
    this.started = true;
  }

  update(u: ProgressUpdate): void {
    this.bar.update(Math.min(u.step, this.bar.getTotal()), {
      sps: fmt(u.sps, 0),
      ret: fmt(u.episodicReturn),
      eval: fmt(u.evalReturn),
    });
  }

  note(message: string): void {
    // Print above the bar: clear the line, write, and let the next redraw restore the bar.
    process.stderr.write(`\r\x1b[2K${message}\n`);
    if (this.started) this.bar.render();
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** Silent progress (`--quiet`). */
export class NoProgress implements Progress {
  start(): void {}
  update(): void {}
  note(): void {}
  stop(): void {}
}

/** The progress display that suits stderr. */
export function makeProgress(quiet: boolean): Progress {
  if (quiet) return new NoProgress();
  return process.stderr.isTTY ? new BarProgress(process.stderr) : new LineProgress(process.stderr);
}
