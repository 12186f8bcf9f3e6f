// Flags of the harness scripts (test/e2e/run.mjs, scripts/test-desktop.mjs) on node:util parseArgs, as the
// CLI parses its own (src/cli/args.ts): --help prints the usage, a bad flag is a one-line UsageError.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  name = 'UsageError';
}

/** The flags' values, plus `help` for -h/--help. No positional arguments. */
export function parseFlags(argv, options) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError(`${e.message.replace(/\. To specify.*$/s, '')} (see --help)`);
  }
}

/** A count of seconds > 0, or `fallback` when the flag is absent. */
export function seconds(value, flag, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${flag} wants a number of seconds above 0, got "${value}"`);
  return n;
}

export function oneOf(value, allowed, flag) {
  if (value === undefined || allowed.includes(value)) return value;
  throw new UsageError(`--${flag} wants ${allowed.join(' or ')}, got "${value}"`);
}

/** Repeated KEY=VALUE flags as an object. */
export function keyValues(list = [], flag) {
  const out = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} wants KEY=VALUE, got "${kv}"`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}
