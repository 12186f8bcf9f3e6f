// Learning from feedback: which rules users escalate most ("Retry with a stronger model", an undo right
// after an apply), and the rule changes that would follow. Suggestions only: nothing is applied.
import type { LoadedConfig } from './config/model';
import { formatTarget } from './config/targets';
import type { DaySummary } from './spend/summary';

/** The signals that mean "this model was not good enough". */
export const ESCALATION_SIGNALS = ['retry_stronger', 'undo_after_apply'] as const;

export interface RuleFeedback {
  ruleId: string;
  line?: number;
  requests: number;
  escalations: number;
  /** escalations / requests (requests counted from settles; at least the escalations). */
  rate: number;
  bySignal: Record<string, number>;
  /** Where retries went, most frequent first: "provider:model" -> count. */
  escalatedTo: [string, number][];
  /** The rule's current first target. */
  currentFirst?: string;
  suggestion?: string;
}

export interface FeedbackReport {
  days: number;
  totalEscalations: number;
  rules: RuleFeedback[];
}

export interface FeedbackOptions {
  /** Below this many escalations a rule gets no suggestion. */
  minEscalations?: number;
  /** Below this escalation rate a rule gets no suggestion. */
  minRate?: number;
}

export function feedbackReport(history: readonly DaySummary[], config: LoadedConfig, opts: FeedbackOptions = {}): FeedbackReport {
  const minEscalations = opts.minEscalations ?? 3;
  const minRate = opts.minRate ?? 0.2;
  const requests = new Map<string, number>();
  const acc = new Map<string, { escalations: number; bySignal: Record<string, number>; to: Map<string, number> }>();
  for (const day of history) {
    for (const [rule, n] of Object.entries(day.ruleRequests ?? {})) requests.set(rule, (requests.get(rule) ?? 0) + n);
    for (const f of day.feedback) {
      if (!(ESCALATION_SIGNALS as readonly string[]).includes(f.signal)) continue;
      const rule = f.ruleId ?? '(unknown rule)';
      const a = acc.get(rule) ?? { escalations: 0, bySignal: {}, to: new Map<string, number>() };
      a.escalations += f.count;
      a.bySignal[f.signal] = (a.bySignal[f.signal] ?? 0) + f.count;
      if (f.toProvider) {
        const to = f.toModel ? `${f.toProvider}:${f.toModel}` : f.toProvider;
        a.to.set(to, (a.to.get(to) ?? 0) + f.count);
      }
      acc.set(rule, a);
    }
  }
  const rules: RuleFeedback[] = [...acc.entries()].map(([ruleId, a]) => {
    const rule = config.rules.find((r) => r.id === ruleId);
    const n = Math.max(requests.get(ruleId) ?? 0, a.escalations);
    const escalatedTo = [...a.to.entries()].sort((x, y) => y[1] - x[1]);
    const currentFirst = rule?.targets[0] ? formatTarget(rule.targets[0]) : undefined;
    const row: RuleFeedback = { ruleId, line: rule?.line, requests: n, escalations: a.escalations, rate: a.escalations / n, bySignal: a.bySignal, escalatedTo, currentFirst };
    const own = rule ? rule.targets.filter((t) => !t.fromFallback).map((t) => formatTarget(t)) : [];
    row.suggestion = suggest(row, own, minEscalations, minRate);
    return row;
  });
  rules.sort((a, b) => b.escalations - a.escalations || b.rate - a.rate);
  return { days: history.length, totalEscalations: rules.reduce((n, r) => n + r.escalations, 0), rules };
}

function suggest(r: RuleFeedback, chain: string[], minEscalations: number, minRate: number): string | undefined {
  if (r.escalations < minEscalations || r.rate < minRate || r.ruleId === '(unknown rule)') return undefined;
  const pct = Math.round(r.rate * 100);
  const target = r.escalatedTo[0]?.[0];
  if (!target) return `rule "${r.ruleId}"${r.line ? ` (line ${r.line})` : ''}: ${pct}% of its answers were escalated; consider a stronger first target.`;
  const provider = target.split(':')[0];
  const rest = chain.filter((t) => t.split(':')[0] !== provider);
  return (
    `rule "${r.ruleId}"${r.line ? ` (line ${r.line})` : ''}: ${pct}% of its answers were escalated, mostly to ${target}; ` +
    `consider  use: [${[target, ...rest.slice(0, 3)].map((t) => JSON.stringify(t)).join(', ')}]`
  );
}
