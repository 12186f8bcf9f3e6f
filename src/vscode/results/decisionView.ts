// A decision as the result page shows it: one short line (the model, why, what it may cost, and any note such
// as "stayed local" or "cached"), and the details folded below it: classification and its signals, the rule,
// every step of the chain with its reason or why it was skipped. Plain module (no vscode).
import type { Classification, Decision } from '../../core/types';

export interface DecisionView {
  line: string;
  /** Label and value, in order. */
  facts: [string, string][];
  chain: { target: string; note: string; skipped: boolean }[];
}

const money = (usd: number) => `≤ $${usd.toFixed(4)}`;

/** A number as a person reads it: at most two decimals. */
const num = (x: number) => (Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100));

function signalText(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : undefined;
  if (v === null || v === undefined || v === false || v === '') return undefined;
  // A map of named figures (the classifier's features and their contributions): "name value", not JSON.
  if (typeof v === 'object') return Object.keys(v).length ? Object.entries(v).map(([k, x]) => `${k} ${typeof x === 'number' ? num(x) : JSON.stringify(x)}`).join(', ') : undefined;
  return typeof v === 'number' ? num(v) : String(v);
}

export function decisionView(d: Decision, opts: { classification?: Classification; isLocal?: (provider: string) => boolean; configPath?: string; inputTokens?: number; maxTokens?: number } = {}): DecisionView {
  const head = d.chain.find((s) => !s.skipped);
  // The explanation's own notes ("stayed local: …", "cached", a failed verification) follow its first " · ".
  const notes = d.explanation.split(' · ').slice(1);
  const cost = head && opts.isLocal?.(head.provider) ? 'free, local' : money(d.estimatedCostUsd);
  const line = head ? [`${head.provider}:${head.model}`, head.reason, cost, ...notes].join(' · ') : [`no usable model (rule "${d.rule.id}")`, ...notes].join(' · ');
  const c = opts.classification;
  const facts: [string, string][] = [
    ['Classification', `${d.taskType}, ${d.complexity}${c ? ` (confidence ${c.confidence.toFixed(2)}): ${c.reason}` : ''}`],
    ['Rule', `${d.rule.index + 1} "${d.rule.id}"${d.rule.line ? `, line ${d.rule.line}${opts.configPath ? ` of ${opts.configPath}` : ''}` : ''}`],
    ['Context', `${opts.inputTokens ?? d.contextTokens} input tokens${opts.maxTokens ? `, up to ${opts.maxTokens} output tokens` : ''}`],
    ['Estimated cost', d.estimatedCostUsd > 0 ? `${money(d.estimatedCostUsd)} (worst case)` : 'nothing: the model is free'],
  ];
  for (const [k, v] of Object.entries(c?.signals ?? {})) {
    const text = signalText(v);
    if (text) facts.push([`Signal: ${k}`, text]);
  }
  return {
    line,
    facts,
    chain: d.chain.map((s) => ({ target: `${s.provider}:${s.model}`, note: s.skipped ? `skipped: ${s.skipped}` : s.reason, skipped: !!s.skipped })),
  };
}
