// A target's context window, from the most specific source that knows it: the YAML (`context_window` on the
// provider, per model or for all), then what the provider itself reported (see catalogue), then
// config/prices.json (or a `prices:` override). A model priced by estimate has no known window. Pure.
import type { ModelFacts } from '../catalogue/catalogue';
import type { ProviderInfo } from '../config/model';
import type { PriceBook } from '../spend/prices';

export function configuredWindow(p: ProviderInfo, model: string): number | undefined {
  return p.contextWindows[model] ?? p.contextWindow;
}

export function contextWindowOf(p: ProviderInfo, model: string, prices: PriceBook, facts?: ModelFacts): number | undefined {
  const yaml = configuredWindow(p, model);
  if (yaml !== undefined) return yaml;
  const reported = facts?.windowOf(p.name, model);
  if (reported !== undefined) return reported;
  const price = prices.priceOf(p, model);
  return price.estimatedFrom ? undefined : price.contextWindow;
}
