// What provider prompt caching saved: cache-read tokens priced at the full input rate minus what they cost.
import { PRICE_TABLE } from '../spend/prices';
import type { DaySummary } from '../spend/summary';

export interface CacheSavings {
  cacheReadTokens: number;
  /** Versus the same tokens at the model's input price (prices.json); models without a price are left out. */
  savedUsd: number;
}

export function cacheSavings(days: readonly DaySummary[]): CacheSavings {
  let cacheReadTokens = 0;
  let micro = 0;
  for (const d of days) {
    for (const r of d.rows) {
      if (!r.cacheReadTokens) continue;
      cacheReadTokens += r.cacheReadTokens;
      const p = PRICE_TABLE[r.provider]?.[r.model] ?? Object.values(PRICE_TABLE).find((m) => m[r.model])?.[r.model];
      if (p) micro += r.cacheReadTokens * (p.input - (p.cache_read ?? p.input));
    }
  }
  return { cacheReadTokens, savedUsd: Math.round(micro) / 1e6 };
}
