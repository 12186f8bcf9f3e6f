// The limits in force, from the config's cost_limits.
import type { RawConfig } from '../config/schema';

export type CostLimits = RawConfig['cost_limits'];

export interface ProviderLimits {
  /** The provider's daily limit; undefined = only the overall budget applies. */
  dailyUsd?: number;
  /** provider_limits.NAME.per_request, else cost_limits.per_request. */
  perRequestUsd?: number;
}

export function limitsFor(limits: CostLimits, provider: string): ProviderLimits {
  const own = limits.provider_limits?.[provider];
  return { dailyUsd: own?.daily, perRequestUsd: own?.per_request ?? limits.per_request };
}

/** "$1.2345" for small sums, "$12.34" for large ones. */
export function usd(n: number): string {
  return `$${Math.abs(n) >= 1 || n === 0 ? n.toFixed(2) : n.toFixed(4)}`;
}
