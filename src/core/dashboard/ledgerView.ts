// What the dashboard reads from the shared ledger: today's requests per rule, and the per-day summaries for
// the 30-day chart. Past days are read once per day; today's file is re-read only when it grew.
import { readFileSync, statSync } from 'node:fs';
import { addDays } from '../spend/day';
import { parseLines } from '../spend/entries';
import type { Ledger } from '../spend/ledger';
import { summarize, type DaySummary } from '../spend/summary';
import { CHART_DAYS } from './spend';

export class LedgerView {
  private past?: { today: string; days: DaySummary[] };
  private todayCache?: { day: string; size: number; mtimeMs: number; hits: Map<string, number>; summary: DaySummary };

  constructor(private readonly ledger: Ledger) {}

  /** Today's rule hits, and the last CHART_DAYS days (oldest first, today last). */
  read(): { hits: Map<string, number>; history: DaySummary[] } {
    const today = this.ledger.day();
    if (this.past?.today !== today) {
      this.past = { today, days: this.ledger.history(addDays(today, -(CHART_DAYS - 1)), addDays(today, -1)) };
    }
    const t = this.readToday(today);
    return { hits: t.hits, history: [...this.past.days, t.summary] };
  }

  private readToday(day: string) {
    const file = this.ledger.fileOf(day);
    let size = 0;
    let mtimeMs = 0;
    try {
      const st = statSync(file);
      size = st.size;
      mtimeMs = st.mtimeMs;
    } catch {
      // No request today yet.
    }
    const c = this.todayCache;
    if (c && c.day === day && c.size === size && c.mtimeMs === mtimeMs) return c;
    let text = '';
    if (size) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
    }
    let torn = 0;
    const summary = summarize(day, parseLines(text, () => torn++), torn);
    // Settled requests per rule: every window's and the CLI's.
    this.todayCache = { day, size, mtimeMs, hits: new Map(Object.entries(summary.ruleRequests ?? {})), summary };
    return this.todayCache;
  }
}
