// The ledger's lines: one JSON object per line, `kind` first. No prompt text and no key ever reaches a
// line: entries are built field by field from whitelisted values (see settleEntry).
import { z } from 'zod';
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
  /** The owner's lease as of this line: past it, unless renewed, the owner is presumed gone (see LeaseEntry). */
  expiresAt: number;
  /** The owning Budget instance: a random id, so owners stay apart across PID namespaces and hostnames. */
  owner?: string;
  /** For people reading the file; never used to decide whether the owner lives. */
  pid: number;
  host: string;
}

/** An owner still alive, renewed while it holds reservations; one that stops renewing is presumed gone. */
export interface LeaseEntry {
  kind: 'lease';
  owner: string;
  ts: number;
  until: number;
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

/** Older versions only: reservations of a dead pid, freed. (Now such a reservation is settled at its worst case.) */
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

export type LedgerEntry = ReservationEntry | SettleEntry | ReleaseEntry | ExpireEntry | LeaseEntry | EventEntry | FeedbackEntry;
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

// ── Reading: every line is checked against the schema of its kind ──────────────────────────────────────
// A line that fails (wrong type, a negative or non-finite amount, an unknown kind, `"ids": null`, …) is
// skipped and counted, never applied: no line can make today's spend NaN, negative, or stop a command.
const money = z.number().min(0);
const text = z.string().max(MAX_TEXT);
const id = z.string().max(MAX_TEXT);
const ts = z.number();

const LINE_SCHEMAS = {
  reservation: z.object({
    kind: z.literal('reservation'),
    id: id.min(1),
    ts,
    provider: text,
    model: text,
    amountUsd: money,
    budgetUsd: money,
    providerLimitUsd: money.optional(),
    expiresAt: ts,
    owner: id.min(1).optional(),
    pid: z.int().min(0),
    host: text,
  }),
  settle: z.object({
    kind: z.literal('settle'),
    id,
    ts,
    provider: text,
    model: text,
    costUsd: money,
    reservedUsd: money,
    estimated: z.boolean(),
    usage: z.object({ input: money, output: money, cacheRead: money, cacheWrite: money }),
    taskType: text,
    complexity: text,
    action: text.optional(),
    ruleId: text,
    outcome: text,
    cached: z.boolean(),
    latencyMs: money.optional(),
  }),
  release: z.object({ kind: z.literal('release'), id, ts }),
  expire: z.object({ kind: z.literal('expire'), ids: z.array(id).max(1000), ts }),
  lease: z.object({ kind: z.literal('lease'), owner: id.min(1), ts, until: ts }),
  event: z.object({ kind: z.literal('event'), id, ts, event: z.enum(BUDGET_EVENTS), provider: text.optional(), spentUsd: money, limitUsd: money }),
  feedback: z.object({
    kind: z.literal('feedback'),
    ts,
    signal: text,
    provider: text,
    model: text,
    taskType: text.optional(),
    complexity: text.optional(),
    ruleId: text.optional(),
    toProvider: text.optional(),
    toModel: text.optional(),
  }),
} satisfies Record<LedgerEntry['kind'], z.ZodType>;

const L = LINE_SCHEMAS;
const LineSchema = z.discriminatedUnion('kind', [L.reservation, L.settle, L.release, L.expire, L.lease, L.event, L.feedback]);

type Parsed = { entry: LedgerEntry } | { error: string };

/** One line: the entry, or why it was refused ("not JSON", "costUsd: expected number, received string"). */
export function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON (torn by a crash or a full disk mid-write?)' };
  }
  const r = LineSchema.safeParse(value);
  if (r.success) return { entry: r.data as unknown as LedgerEntry };
  const issue = r.error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return { error: `${where}${issue.message}`.slice(0, 200) };
}

/** A line that was not applied: its 1-based number in the file, and why. */
export interface SkippedLine {
  line: number;
  reason: string;
  bytes: number;
}

/**
 * Parses complete lines; `firstLine` is the number of the first one in its file. A line that fails (torn
 * by a crash, or invalid) is reported and skipped; if a later writer's line was glued onto a torn one, that
 * line is recovered from its LINE_START.
 */
export function parseLines(text: string, onSkipped: (skipped: SkippedLine) => void, firstLine = 1): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  let start = 0;
  let n = firstLine - 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    n++;
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if ('entry' in parsed) {
      out.push(parsed.entry);
      continue;
    }
    onSkipped({ line: n, reason: parsed.error, bytes: line.length });
    const glued = line.lastIndexOf(LINE_START);
    const recovered = glued > 0 ? parseLine(line.slice(glued)) : undefined;
    if (recovered && 'entry' in recovered) out.push(recovered.entry);
  }
  return out;
}
