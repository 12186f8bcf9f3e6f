// The ledger's lines: one JSON object per line, `kind` first. No prompt text and no key ever reaches a
// line: entries are built field by field from whitelisted values (see settleEntry).
import type { SkipLimit } from './budgetPort';

export interface ReservationEntry {
  kind: 'reservation';
  id: string;
  ts: number;
  provider: string;
  model: string;
  amountUsd: number;
  /** The limits this reservation was checked against; replay uses them, so every process agrees. */
  budgetUsd: number;
  providerLimitUsd?: number;
  /** After this instant the reservation no longer counts (its owner is presumed gone). */
  expiresAt: number;
  pid: number;
  host: string;
}

export interface UsageCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface SettleEntry {
  kind: 'settle';
  /** The reservation settled ("" for local calls that reserved nothing). */
  id: string;
  ts: number;
  provider: string;
  model: string;
  costUsd: number;
  reservedUsd: number;
  estimated: boolean;
  usage: UsageCounts;
  taskType: string;
  complexity: string;
  action?: string;
  ruleId: string;
  outcome: string;
  cached: boolean;
  latencyMs?: number;
}

export interface ReleaseEntry {
  kind: 'release';
  id: string;
  ts: number;
}

/** Reservations whose owning process is gone, freed for everyone. */
export interface ExpireEntry {
  kind: 'expire';
  ids: string[];
  ts: number;
}

export const BUDGET_EVENTS = ['warning', 'exhausted', 'provider_limit'] as const;
export type BudgetEventKind = (typeof BUDGET_EVENTS)[number];

/** A once-per-day budget event; the first line for a key wins, whichever process wrote it. */
export interface EventEntry {
  kind: 'event';
  id: string;
  ts: number;
  event: BudgetEventKind;
  provider?: string;
  spentUsd: number;
  limitUsd: number;
}

/** A user signal about a decision, e.g. "Retry with a stronger model". */
export interface FeedbackEntry {
  kind: 'feedback';
  ts: number;
  signal: string;
  provider: string;
  model: string;
  taskType?: string;
  complexity?: string;
  ruleId?: string;
  toProvider?: string;
  toModel?: string;
}

export type LedgerEntry = ReservationEntry | SettleEntry | ReleaseEntry | ExpireEntry | EventEntry | FeedbackEntry;
export type { SkipLimit };

/** Every line starts with this; it lets a reader recover a line glued to a torn one. */
export const LINE_START = '{"kind":"';
/** Lines stay under PIPE_BUF (4096 on Linux) so O_APPEND writes them in one piece. */
export const MAX_LINE_BYTES = 4000;
const MAX_TEXT = 200;

/** Names (provider, model, rule id…) clipped so no line can grow past MAX_LINE_BYTES. */
export const clip = (s: string | undefined): string | undefined => (s === undefined ? undefined : String(s).slice(0, MAX_TEXT));

export function serialize(entry: LedgerEntry): string {
  const line = JSON.stringify(entry) + '\n';
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new Error(`ledger line too long (${line.length} bytes)`);
  return line;
}

const KINDS = new Set(['reservation', 'settle', 'release', 'expire', 'event', 'feedback']);

function parseOne(text: string): LedgerEntry | undefined {
  try {
    const v = JSON.parse(text) as LedgerEntry;
    return v && typeof v === 'object' && KINDS.has(v.kind) && typeof v.ts === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses complete lines. A torn line (a crash mid-write) is skipped with a warning; if a later writer's
 * line was glued onto it, that line is recovered from its LINE_START.
 */
export function parseLines(text: string, onTorn: (fragment: string) => void): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (!line.trim()) continue;
    const entry = parseOne(line);
    if (entry) {
      out.push(entry);
      continue;
    }
    onTorn(line);
    const glued = line.lastIndexOf(LINE_START);
    const recovered = glued > 0 ? parseOne(line.slice(glued)) : undefined;
    if (recovered) out.push(recovered);
  }
  return out;
}
