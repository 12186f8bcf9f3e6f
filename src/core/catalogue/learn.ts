// The catalogue learns from what happens anyway: a request that met a 404 "model not found" marks that model
// missing (decisions then skip it, saying so), and a target whose window nothing configured knows gets it from
// the provider's own metadata, in the background (the decision in progress never waits for it).
import type { LoadedConfig } from '../config/model';
import { configuredWindow } from './window';
import type { AttemptRecord } from '../errors';
import type { ProviderRegistry } from '../providers/registry';
import type { PriceBook } from '../spend/prices';
import type { Decision } from '../types';
import type { ModelCatalogue } from './catalogue';

/** How long a metadata lookup may take, and how long before a failed one is tried again. */
const LOOKUP_MS = 10_000;
const RETRY_AFTER_MS = 5 * 60_000;

export function learnFromAttempts(catalogue: ModelCatalogue, attempts: readonly AttemptRecord[]): void {
  for (const a of attempts) if (a.status === 404 && a.outcome.startsWith('error: model not found')) catalogue.markMissing(a.provider, a.model);
}

const asked = new WeakMap<ModelCatalogue, Map<string, number>>();

export function learnWindows(catalogue: ModelCatalogue, registry: ProviderRegistry, config: LoadedConfig, prices: PriceBook, decision: Decision): void {
  let tried = asked.get(catalogue);
  const now = Date.now();
  for (const step of decision.chain) {
    if (step.skipped || !step.model) continue;
    const info = config.providers.get(step.provider);
    if (!info || configuredWindow(info, step.model) !== undefined || catalogue.windowOf(info.name, step.model) !== undefined) continue;
    const price = prices.priceOf(info, step.model);
    if (!price.estimatedFrom && price.contextWindow !== undefined) continue;
    const provider = registry.get(info);
    if (!provider.describeModel) continue;
    const key = `${info.name}\u0000${step.model}`;
    if (!tried) asked.set(catalogue, (tried = new Map()));
    if (now - (tried.get(key) ?? -Infinity) < RETRY_AFTER_MS) continue;
    tried.set(key, now);
    provider.describeModel(step.model, AbortSignal.timeout(LOOKUP_MS)).then(
      (d) => catalogue.learnWindow(info.name, step.model, d.contextWindow),
      () => undefined,
    );
  }
}
