// The CLI's output streams and user errors, injectable so commands run in-process in tests.
import { RouterError } from '../core/errors';
import { redactKeys } from '../core/privacy/redact';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stderr is a terminal: progress may redraw one line. */
  isTTY?: boolean;
  /** From now on, these never appear in the output (the loaded config's keys, keys inside base_urls). */
  hide?(secrets: readonly string[]): void;
}

/** The same io, with every loaded secret replaced before it is written (see CliIO.hide). */
export function redactingIO(io: CliIO): CliIO {
  const secrets = new Set<string>();
  const clean = (t: string) => (secrets.size ? redactKeys(t, [...secrets]) : t);
  return {
    ...io,
    out: (t) => io.out(clean(t)),
    err: (t) => io.err(clean(t)),
    hide: (more) => more.forEach((s) => secrets.add(s)),
  };
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
