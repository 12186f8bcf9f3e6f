// Prices in USD per million tokens, from config/prices.json with the user's YAML overrides on top.
import table from '../../../config/prices.json';
import type { ProviderInfo } from '../config/model';
import type { PriceConfig } from '../config/schema';

export interface Price {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  contextWindow?: number;
  /** Set when the model is unknown and priced as another: the decision says so. */
  estimatedFrom?: string;
}

type PriceTable = Record<string, Record<string, PriceConfig>>;
export const PRICE_TABLE: PriceTable = (table as { providers: PriceTable }).providers;
export const PRICES_TAKEN: string = (table as { taken: string }).taken;

const ZERO: Price = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

function toPrice(p: PriceConfig, estimatedFrom?: string): Price {
  return {
    input: p.input,
    output: p.output,
    cacheRead: p.cache_read ?? p.input,
    cacheWrite: p.cache_write ?? p.input,
    contextWindow: p.context_window,
    estimatedFrom,
  };
}

export class PriceBook {
  private readonly cache = new Map<string, Price>();
  private readonly byModel = new Map<string, PriceConfig>();

  constructor(
    private readonly overrides: Record<string, PriceConfig> = {},
    private readonly prices: PriceTable = PRICE_TABLE,
  ) {
    for (const models of Object.values(prices)) for (const [m, p] of Object.entries(models)) if (!this.byModel.has(m)) this.byModel.set(m, p);
  }

  priceOf(provider: ProviderInfo, model: string): Price {
    const key = provider.name + '\u0000' + model;
    let p = this.cache.get(key);
    if (!p) {
      p = this.lookup(provider, model);
      this.cache.set(key, p);
    }
    return p;
  }

  private lookup(provider: ProviderInfo, model: string): Price {
    const override = this.overrides[`${provider.name}:${model}`] ?? this.overrides[model];
    if (override) return toPrice(override);
    const own = this.prices[provider.name]?.[model];
    if (own) return toPrice(own);
    if (provider.local) return { ...ZERO, contextWindow: this.byModel.get(model)?.context_window };
    const shared = this.byModel.get(model);
    if (shared) return toPrice(shared);
    // Unknown model on a paid provider: never a silent $0. Assume the provider's (or the table's) dearest model.
    const pool = Object.entries(this.prices[provider.name] ?? {});
    const candidates = pool.length ? pool : [...this.byModel.entries()];
    const [name, dearest] = candidates.reduce((a, b) => (b[1].output + b[1].input > a[1].output + a[1].input ? b : a));
    return toPrice(dearest, `unknown model ${model} priced as ${name}`);
  }

  /** The worst case before sending: every input token plus max_tokens of output. */
  worstCaseUsd(price: Price, inputTokens: number, maxOutputTokens: number): number {
    return (inputTokens * price.input + maxOutputTokens * price.output) / 1e6;
  }
}
