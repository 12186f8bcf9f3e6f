// Glue between the Router and its caches: when a request may be cached, and the embedding cache in front of
// the local embedding call (only the misses go upstream, in one call).
import type { LoadedConfig } from '../config/model';
import type { EmbedResult, RoutePlan, RouterRequest, StreamEvent } from '../router/types';
import { cacheable, requestKey } from './responseCache';
import type { RouterCache } from './routerCache';
import { serveCached, type ServeDeps } from './serve';

/** The cached or shared stream for this request, or undefined when it must go upstream on its own. */
export function cachedStream(
  cache: RouterCache,
  deps: ServeDeps,
  config: LoadedConfig,
  plan: RoutePlan,
  req: RouterRequest,
  run: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  signal?: AbortSignal,
): AsyncGenerator<StreamEvent, void, undefined> | undefined {
  const s = cache.settings(config);
  if (req.noCache || !s.enabled || !cacheable(req.temperature, s.max_temperature)) return undefined;
  const d = plan.decision;
  const chain = d.chain.filter((c) => !c.skipped).map((c) => `${c.provider}:${c.model}`);
  if (!chain.length) return undefined;
  const key = requestKey({ kind: 'complete', taskType: d.taskType, complexity: d.complexity, messages: plan.messages, maxTokens: plan.maxTokens, temperature: req.temperature, chain });
  return serveCached(deps, { key, responses: cache.responses(s), flights: cache.flights, decision: d, classification: plan.classification, action: req.action, run }, signal);
}

/** Embeddings through the cache: hits from it, the misses in one upstream call, stored under the model that answered. */
export async function cachedEmbed(
  cache: RouterCache,
  config: LoadedConfig,
  texts: readonly string[],
  target: { provider: string; model: string } | undefined,
  upstream: (texts: readonly string[]) => Promise<EmbedResult>,
): Promise<EmbedResult> {
  const s = cache.settings(config);
  if (!s.enabled || !target) return upstream(texts);
  const store = cache.embeddings(s);
  const vectors: (number[] | undefined)[] = texts.map((t) => store.get(target.model, t));
  const missing = [...new Set(texts.filter((_, i) => !vectors[i]))];
  if (!missing.length) return { provider: target.provider, model: target.model, vectors: vectors as number[][], attempts: [], cached: texts.length };
  let r = await upstream(missing);
  // Another model answered: vectors of two models do not mix, so that model embeds everything.
  if (r.model !== target.model && missing.length < texts.length) {
    const all = [...new Set(texts)];
    r = await upstream(all);
    store.setMany(r.model, all, r.vectors);
    const byText = new Map(all.map((t, i) => [t, r.vectors[i]]));
    return { ...r, vectors: texts.map((t) => byText.get(t)!), cached: 0 };
  }
  store.setMany(r.model, missing, r.vectors);
  const fresh = new Map(missing.map((t, i) => [t, r.vectors[i]]));
  return { ...r, vectors: texts.map((t, i) => vectors[i] ?? fresh.get(t)!), cached: vectors.filter(Boolean).length };
}
