/** What several commands share: backend start-up, compatibility checks, output helpers. */
import { listEnvs } from '@bellman/mdp-core';
import { ALGORITHMS, type AlgorithmFactory } from '../algorithms/index.js';
import type { AlgoName, TrainConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';

/** Options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
}

/** Starts the TensorFlow.js backend when `algo` needs it; returns its name (null when not needed). */
export async function backendFor(factory: AlgorithmFactory): Promise<string | null> {
  if (!factory.needsBackend) return null;
  const { initBackend } = await import('@bellman/mdp-core/tf');
  const info = await initBackend();
  if (!info.gradients) {
    throw new Error(`the ${info.name} TensorFlow.js backend started but cannot train: ${info.gradientsError ?? 'no gradient functions'}`);
  }
  return info.name;
}

/** Environment ids `algo` can train on. */
export function envsFitting(algo: AlgoName): string[] {
  const factory = ALGORITHMS[algo];
  return listEnvs()
    .map((spec) => spec.id)
    .filter((id) => {
      try {
        return factory.checkEnv(id, {}) === undefined;
      } catch {
        return false;
      }
    });
}

/** Throws a UsageError (naming `algo`) unless the algorithm fits the env's spaces. */
export function checkCompatible(config: TrainConfig): void {
  const reason = ALGORITHMS[config.algo].checkEnv(config.env, config.envOptions);
  if (reason === undefined) return;
  const fitting = envsFitting(config.algo);
  throw new UsageError(
    `algo "${config.algo}" does not fit env "${config.env}": ${reason}. ` +
      (fitting.length > 0 ? `Environments ${config.algo} can train on: ${fitting.join(', ')}` : ''),
  );
}

/** Writes `value` as JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/** A plain text table (left-aligned columns). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}
