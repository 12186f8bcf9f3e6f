// Human-readable decision output shared by route, classify and complete.
import type { Decision } from '../core/types';
import { table } from './io';

export function formatDecision(d: Decision): string {
  const rows = d.chain.map((s, i) => [s.skipped ? '-' : String(i + 1) + '.', `${s.provider}:${s.model}`, s.skipped ? `skipped: ${s.skipped}` : s.reason]);
  return (
    `${d.explanation}\n` +
    `rule ${d.rule.index + 1} "${d.rule.id}"${d.rule.line ? ` (line ${d.rule.line})` : ''}; ${d.contextTokens} context tokens; ` +
    `estimated cost ≤ $${d.estimatedCostUsd.toFixed(4)}\n` +
    table(rows.map((r) => ['  ' + r[0], ...r.slice(1)]))
  );
}
