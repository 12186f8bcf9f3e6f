// Aggregates of the ledger: what a compacted day keeps, and what `llm-router spend` groups.
import type { LedgerEntry } from './entries';
import { fromNano, toNano } from './dayState';

export interface SpendRow {
  provider: string;
  model: string;
  taskType: string;
  requests: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Requests whose cost was estimated from streamed text. */
  estimated: number;
}

export interface FeedbackRow {
  signal: string;
  provider: string;
  model: string;
  taskType: string;
  /** The rule that made the decision the user pushed back on, and where the retry went. */
  ruleId?: string;
  toProvider?: string;
  toModel?: string;
  count: number;
}

export interface DaySummary {
  day: string;
  rows: SpendRow[];
  feedback: FeedbackRow[];
  /** Budget events of the day: "warning", "exhausted", "provider_limit:NAME". */
  events: string[];
  /** Settled requests per rule id: the denominator of escalation rates. */
  ruleRequests?: Record<string, number>;
  /** Lines skipped because they were not valid entries (torn by a crash, or wrong). */
  skippedLines: number;
}

export function summarize(day: string, entries: readonly LedgerEntry[], skippedLines = 0): DaySummary {
  const rows = new Map<string, SpendRow & { nano: number }>();
  const feedback = new Map<string, FeedbackRow>();
  const events = new Set<string>();
  const ruleRequests: Record<string, number> = {};
  const settled = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'settle') {
      // A reservation is settled once: the first line wins (see DayState).
      if (e.id && settled.has(e.id)) continue;
      if (e.id) settled.add(e.id);
      if (e.ruleId) ruleRequests[e.ruleId] = (ruleRequests[e.ruleId] ?? 0) + 1;
      const key = `${e.provider}\u0000${e.model}\u0000${e.taskType}`;
      let r = rows.get(key);
      if (!r) {
        r = { provider: e.provider, model: e.model, taskType: e.taskType, requests: 0, costUsd: 0, nano: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: 0 };
        rows.set(key, r);
      }
      r.requests++;
      r.nano += toNano(e.costUsd);
      r.inputTokens += e.usage?.input ?? 0;
      r.outputTokens += e.usage?.output ?? 0;
      r.cacheReadTokens += e.usage?.cacheRead ?? 0;
      r.cacheWriteTokens += e.usage?.cacheWrite ?? 0;
      if (e.estimated) r.estimated++;
    } else if (e.kind === 'feedback') {
      const f: Omit<FeedbackRow, 'count'> = { signal: e.signal, provider: e.provider, model: e.model, taskType: e.taskType ?? '' };
      if (e.ruleId) f.ruleId = e.ruleId;
      if (e.toProvider) f.toProvider = e.toProvider;
      if (e.toModel) f.toModel = e.toModel;
      const key = Object.values(f).join('\u0000');
      const row = feedback.get(key) ?? { ...f, count: 0 };
      row.count++;
      feedback.set(key, row);
    } else if (e.kind === 'event') {
      events.add(e.provider ? `${e.event}:${e.provider}` : e.event);
    }
  }
  return {
    day,
    rows: [...rows.values()].map(({ nano, ...r }) => ({ ...r, costUsd: fromNano(nano) })),
    feedback: [...feedback.values()],
    events: [...events],
    ruleRequests,
    skippedLines,
  };
}

export const GROUP_BY = ['provider', 'model', 'task', 'day'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface GroupedRow extends Omit<SpendRow, 'provider' | 'model' | 'taskType'> {
  key: string;
}

/** Sums rows of several days by provider, provider:model, task type or day; dearest first (days in order). */
export function groupSpend(days: readonly DaySummary[], by: GroupBy): GroupedRow[] {
  const out = new Map<string, GroupedRow & { nano: number }>();
  for (const d of days) {
    for (const r of d.rows) {
      const key = by === 'provider' ? r.provider : by === 'model' ? `${r.provider}:${r.model}` : by === 'task' ? r.taskType : d.day;
      const g = out.get(key) ?? { key, requests: 0, costUsd: 0, nano: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: 0 };
      g.requests += r.requests;
      g.nano += toNano(r.costUsd);
      g.inputTokens += r.inputTokens;
      g.outputTokens += r.outputTokens;
      g.cacheReadTokens += r.cacheReadTokens;
      g.cacheWriteTokens += r.cacheWriteTokens;
      g.estimated += r.estimated;
      out.set(key, g);
    }
  }
  const rows = [...out.values()].map(({ nano, ...g }) => ({ ...g, costUsd: fromNano(nano) }));
  return by === 'day' ? rows.sort((a, b) => a.key.localeCompare(b.key)) : rows.sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
}
