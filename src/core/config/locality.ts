// Where a provider's data goes and whether it costs money: the tier decides, never the base_url.
// `fast_cloud` and `premium` providers, and any provider with a price, are paid and cloud even when their
// base_url is a loopback proxy or gateway (a LiteLLM proxy on localhost still forwards to a paid API).
// `local: true` or `local: false` says so explicitly. Every provider sits in one of the three tiers (the
// schema has no other place for one), so a loopback URL alone never makes a provider local.
import table from '../../../config/prices.json';
import type { Tier } from '../types';
import type { PriceConfig, ProviderConfig } from './schema';

const PRICE_TABLE = (table as { providers: Record<string, Record<string, PriceConfig>> }).providers;

const costs = (p: PriceConfig | undefined) => !!p && (p.input > 0 || p.output > 0 || (p.cache_read ?? 0) > 0 || (p.cache_write ?? 0) > 0);

/** The price table or the YAML's `prices` give this provider (or one of its models) a price above $0. */
export function hasPrice(name: string, models: readonly string[], overrides: Readonly<Record<string, PriceConfig>> = {}): boolean {
  if (Object.values(PRICE_TABLE[name] ?? {}).some(costs)) return true;
  for (const [key, price] of Object.entries(overrides)) {
    if (!costs(price)) continue;
    if (key.startsWith(`${name}:`) || models.includes(key)) return true;
  }
  return false;
}

/** Local (private and free) only in the `local` tier without a price, unless the config says `local:`. */
export function isLocal(tier: Tier, cfg: Pick<ProviderConfig, 'local'>, priced: boolean): boolean {
  return cfg.local ?? (tier === 'local' && !priced);
}
