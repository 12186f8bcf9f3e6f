// Spend for the dashboard: today against the budget, per provider and model, a 30-day series, and what the
// same usage would have cost with everything on the premium model.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import type { BudgetStatus } from '../spend/budget';
import { costOfUsage } from '../spend/cost';
import { addDays } from '../spend/day';
import { PriceBook } from '../spend/prices';
import { groupSpend, type DaySummary, type SpendRow } from '../spend/summary';
import type { SpendView } from './protocol';

export const CHART_DAYS = 30;

/** The first provider of the `premium` tier, on its default model: the "everything premium" yardstick. */
export function premiumTarget(cfg: LoadedConfig): { provider: ProviderInfo; model: string } | undefined {
  for (const p of cfg.providers.values()) {
    if (p.tier !== 'premium') continue;
    const model = p.defaultModel ?? p.modelMap.default ?? p.models[0];
    if (model) return { provider: p, model };
  }
  return undefined;
}

/** What `rows` would have cost on `target`, token for token. */
export function premiumCost(rows: readonly SpendRow[], target: { provider: ProviderInfo; model: string }, prices: PriceBook): number {
  const price = prices.priceOf(target.provider, target.model);
  let micro = 0;
  for (const r of rows) {
    micro += costOfUsage(price, { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheReadTokens: r.cacheReadTokens, cacheWriteTokens: r.cacheWriteTokens }) * 1e6;
  }
  return Math.round(micro) / 1e6;
}

/** One entry per day from `CHART_DAYS - 1` days before `today` to `today`, zeros where nothing was spent. */
export function dailySeries(history: readonly DaySummary[], today: string, days = CHART_DAYS): SpendView['days'] {
  const byDay = new Map(groupSpend(history, 'day').map((g) => [g.key, g]));
  const out: SpendView['days'] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    const g = byDay.get(day);
    out.push({ key: day, costUsd: g?.costUsd ?? 0, requests: g?.requests ?? 0 });
  }
  return out;
}

const amounts = (days: readonly DaySummary[], by: 'provider' | 'model') => groupSpend(days, by).map((g) => ({ key: g.key, costUsd: g.costUsd, requests: g.requests }));

export function spendView(cfg: LoadedConfig, status: BudgetStatus, history: readonly DaySummary[]): SpendView {
  const today = history.filter((d) => d.day === status.day);
  const view: SpendView = {
    day: status.day,
    state: status.state,
    budgetUsd: status.budgetUsd,
    warningThreshold: status.warningThreshold,
    spentUsd: status.spentUsd,
    reservedUsd: status.reservedUsd,
    remainingUsd: status.remainingUsd,
    requests: status.requests,
    byProvider: amounts(today, 'provider'),
    byModel: amounts(today, 'model'),
    days: dailySeries(history, status.day),
  };
  const target = premiumTarget(cfg);
  if (target) {
    const prices = new PriceBook(cfg.raw.prices ?? {});
    const rows = history.flatMap((d) => d.rows);
    const todayRows = today.flatMap((d) => d.rows);
    const sum = (rs: readonly SpendRow[]) => Math.round(rs.reduce((n, r) => n + r.costUsd * 1e9, 0)) / 1e9;
    view.premium = {
      target: `${target.provider.name}:${target.model}`,
      actualUsd: sum(rows),
      premiumUsd: premiumCost(rows, target, prices),
      todayActualUsd: sum(todayRows),
      todayPremiumUsd: premiumCost(todayRows, target, prices),
    };
  }
  return view;
}
