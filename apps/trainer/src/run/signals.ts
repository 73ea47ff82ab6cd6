/**
 * SIGINT/SIGTERM during training: the first one asks the training loop to stop after the current
 * update (it then writes a checkpoint and exits 130); a second one exits at once.
 */
import { EXIT } from '../errors.js';

export class StopRequest {
  /** The signal received, once one was. */
  signal: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => {
    if (this.signal !== undefined) {
      process.stderr.write(`\n${signal} again: exiting without a checkpoint\n`);
      process.exit(EXIT.interrupted);
    }
    this.signal = signal;
    this.onFirst(signal);
  };

  constructor(private readonly onFirst: (signal: NodeJS.Signals) => void) {}

  /** Asks for a stop as if `signal` had been received (the test hook BELLMAN_STOP_AFTER_UPDATES uses it). */
  request(signal: NodeJS.Signals): void {
    if (this.signal === undefined) {
      this.signal = signal;
      this.onFirst(signal);
    }
  }

  get requested(): boolean {
    return this.signal !== undefined;
  }

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
