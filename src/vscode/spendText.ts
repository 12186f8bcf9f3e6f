// The spend as the status bar, its tooltip and Show Spend word it. Plain module (no vscode): unit-tested.
import type { BudgetStatus } from '../core/spend/budget';
import { plural } from '../core/text';

/** Cents, or four decimals while the amount is below a cent (so small spends are visible). */
export const money = (n: number) => `$${n > 0 && n < 0.01 ? n.toFixed(4) : n.toFixed(2)}`;

export function spendFacts(s: BudgetStatus): string[] {
  const lines = [
    `Today (${s.day}): ${money(s.spentUsd)} of ${money(s.budgetUsd)} spent, ${money(s.reservedUsd)} reserved, ${money(s.remainingUsd)} left`,
    `Warning at ${Math.round(s.warningThreshold * 100)}% · ${plural(s.requests, 'request')}`,
    ...(s.unavailable ? [`${s.unavailable}: paid requests are refused, local models answer`] : []),
    ...(s.skippedLines ? [`${s.skippedLines} invalid ledger line(s) skipped (see the log)`] : []),
  ];
  for (const p of s.providers) {
    if (!p.spentUsd && !p.reservedUsd && !p.requests && p.dailyLimitUsd === undefined) continue;
    const limit = p.dailyLimitUsd !== undefined ? ` of ${money(p.dailyLimitUsd)}` : '';
    lines.push(`${p.provider}: ${money(p.spentUsd)}${limit}${p.reservedUsd ? `, ${money(p.reservedUsd)} reserved` : ''}, ${plural(p.requests, 'request')}${p.atLimit ? ' — at its limit' : ''}`);
  }
  return lines;
}

export function statusText(s: BudgetStatus): string {
  const icon = s.state === 'exhausted' ? '$(error)' : s.state === 'warning' ? '$(warning)' : '$(pulse)';
  return `${icon} ${money(s.spentUsd)} / ${money(s.budgetUsd)}`;
}
