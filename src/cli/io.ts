// The CLI's output streams and user errors, injectable so commands run in-process in tests.
import { RouterError } from '../core/errors';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A mistake in how the command was called: exit 1, one clear message. */
export class UsageError extends RouterError {
  override name = 'UsageError';
}

export const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Left-aligned columns; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}
