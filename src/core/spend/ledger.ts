// The ledger: append-only JSON Lines in <stateDir>/ledger, one file per local day (YYYY-MM-DD.jsonl), shared
// by every VS Code window and every CLI process.
//
// Concurrency without a lock: every line is one write() on an O_APPEND descriptor and stays under PIPE_BUF,
// so lines never tear or interleave and the file order is one total order that all processes see. A
// reservation is decided by replaying that order (dayState.ts): its writer appends it, reads up to it, and
// learns, as every other process will, whether it fit. Nothing can hold a lock and die.
//
// Old days are compacted: once a day is older than yesterday, its file becomes YYYY-MM-DD.summary.json
// (written to a temp file, renamed into place, then the raw file is removed; redoing it is harmless).
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, DAY_PATTERN, localDay, systemClock, type Clock } from './day';
import { DayLog } from './dayLog';
import { DayState } from './dayState';
import { clip, parseLines, serialize, type FeedbackEntry, type LedgerEntry, type SkippedLine } from './entries';
import { summarize, type DaySummary } from './summary';

export interface LedgerOptions {
  /** The state directory; the ledger lives in its `ledger` folder. */
  stateDir: string;
  clock?: Clock;
  /** Non-fatal problems (a torn line, an unreadable summary). Default: stderr. */
  onWarning?: (message: string) => void;
}

export type FeedbackInput = Omit<FeedbackEntry, 'kind' | 'ts'>;

const RAW = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;
const SUMMARY = /^(\d{4}-\d{2}-\d{2})\.summary\.json$/;

export class Ledger {
  readonly dir: string;
  private readonly clock: Clock;
  private readonly warn: (message: string) => void;
  private log!: DayLog;
  private current!: DayState;
  private dayStart = 0;
  private dayEnd = 0;
  private readonly warned = new Set<string>();

  constructor(opts: LedgerOptions) {
    this.dir = join(opts.stateDir, 'ledger');
    this.clock = opts.clock ?? systemClock;
    this.warn = opts.onWarning ?? ((m) => process.stderr.write(`llm-router: ${m}\n`));
    this.openDay(localDay(this.clock()));
  }

  fileOf(day: string): string {
    return join(this.dir, `${day}.jsonl`);
  }

  /** Today's replayed state as of the last catch-up. */
  get state(): DayState {
    return this.current;
  }

  /** Today (local), switching to a fresh day file at local midnight. */
  day(): string {
    const now = this.clock();
    if (now >= this.dayEnd || now < this.dayStart) {
      const day = localDay(now);
      if (day !== this.current.day) this.openDay(day);
    }
    return this.current.day;
  }

  /** Rolls over if midnight passed, then catches up; true when anything changed. */
  refresh(): boolean {
    const before = this.current;
    this.day();
    return this.catchUp() || before !== this.current;
  }

  /** Applies the lines any process appended since the last call; true when anything changed. */
  catchUp(): boolean {
    const { text, firstLine, restarted } = this.log.readNew();
    if (restarted) this.current = new DayState(this.current.day);
    this.current.clearRefusals();
    if (!text) return restarted;
    const state = this.current;
    const entries = parseLines(
      text,
      (bad) => {
        state.skipped++;
        this.skippedLine(state.day, bad);
      },
      firstLine,
    );
    for (const e of entries) state.apply(e);
    return true;
  }

  /** Appends one line to today's file, or to `day`'s (a late settle of yesterday's reservation). */
  append(entry: LedgerEntry, day?: string): void {
    if (day === undefined || day === this.current.day) this.log.append(serialize(entry));
    else {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      appendFileSync(this.fileOf(day), serialize(entry), { mode: 0o600 });
    }
  }

  /** Throws when today's file could not be written. */
  probeWritable(): void {
    this.day();
    this.log.probeWritable();
  }

  /** Records a user signal about a decision (e.g. "Retry with a stronger model"). Names only, never text. */
  appendFeedback(f: FeedbackInput): void {
    this.day();
    this.append({
      kind: 'feedback',
      ts: this.clock(),
      signal: clip(f.signal)!,
      provider: clip(f.provider)!,
      model: clip(f.model)!,
      taskType: clip(f.taskType),
      complexity: clip(f.complexity),
      ruleId: clip(f.ruleId),
      toProvider: clip(f.toProvider),
      toModel: clip(f.toModel),
    });
  }

  /** Day summaries from `from` to `to` (inclusive, local days), raw files preferred over summaries. */
  history(from: string, to: string): DaySummary[] {
    const days = new Map<string, { raw?: string; summary?: string }>();
    for (const name of this.files()) {
      const m = RAW.exec(name) ?? SUMMARY.exec(name);
      if (!m || m[1] < from || m[1] > to) continue;
      const slot = days.get(m[1]) ?? {};
      if (RAW.test(name)) slot.raw = name;
      else slot.summary = name;
      days.set(m[1], slot);
    }
    const out: DaySummary[] = [];
    for (const day of [...days.keys()].sort()) {
      const { raw, summary } = days.get(day)!;
      const s = raw ? this.summarizeRaw(day, day < addDays(this.day(), -1)) : this.readSummary(summary!);
      if (s) out.push(s);
    }
    return out;
  }

  /** Compacts every raw day file older than yesterday into a summary. Returns the days compacted. */
  compact(): string[] {
    const before = addDays(this.day(), -1);
    const done: string[] = [];
    for (const name of this.files()) {
      const m = RAW.exec(name);
      if (!m || m[1] >= before) continue;
      const summary = this.summarizeRaw(m[1], true);
      if (!summary) continue;
      const target = join(this.dir, `${m[1]}.summary.json`);
      const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, JSON.stringify({ v: 1, ...summary }) + '\n', { mode: 0o600 });
      renameSync(tmp, target);
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // another process compacted it first: same content
      }
      done.push(m[1]);
    }
    return done;
  }

  dispose(): void {
    this.log.close();
  }

  private openDay(day: string): void {
    this.log?.close();
    this.log = new DayLog(this.fileOf(day));
    this.current = new DayState(day);
    const [y, m, d] = day.split('-').map(Number);
    this.dayStart = new Date(y, m - 1, d).getTime();
    this.dayEnd = new Date(y, m - 1, d + 1).getTime();
    try {
      this.catchUp();
    } catch {
      // Unreadable: every later read says so (see Budget: the ledger is unavailable), none throws here.
    }
    try {
      this.compact();
    } catch (err) {
      this.warn(`ledger compaction failed: ${(err as Error).message}`);
    }
  }

  private files(): string[] {
    try {
      return readdirSync(this.dir);
    } catch {
      return [];
    }
  }

  /** A finished day: an unterminated last line is torn. Today/yesterday: it may still be being written. */
  private summarizeRaw(day: string, finished: boolean): DaySummary | undefined {
    let text: string;
    try {
      text = readFileSync(this.fileOf(day), 'utf8');
    } catch {
      return undefined;
    }
    if (!finished) text = text.slice(0, text.lastIndexOf('\n') + 1);
    let skipped = 0;
    const entries = parseLines(text, (bad) => {
      skipped++;
      this.skippedLine(day, bad);
    });
    return summarize(day, entries, skipped);
  }

  private readSummary(name: string): DaySummary | undefined {
    try {
      const s = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as DaySummary & { v?: number };
      if (!DAY_PATTERN.test(s.day) || !Array.isArray(s.rows)) throw new Error('not a day summary');
      const old = s as { tornLines?: number };
      return { day: s.day, rows: s.rows, feedback: s.feedback ?? [], events: s.events ?? [], ruleRequests: s.ruleRequests ?? {}, skippedLines: s.skippedLines ?? old.tornLines ?? 0 };
    } catch (err) {
      this.warn(`ledger: skipped ${name}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Once per line and process, however often the file is read. */
  private skippedLine(day: string, bad: SkippedLine): void {
    const where = `${this.fileOf(day)}:${bad.line}`;
    if (this.warned.has(where)) return;
    this.warned.add(where);
    this.warn(`ledger ${where}: skipped a line that is not a valid entry (${bad.reason}; ${bad.bytes} bytes)`);
  }
}
