// Reachability and latency of each provider: one model listing, bounded in time. `llm-router providers`
// and the dashboard's "Check now" both use it. A provider that is off is never contacted.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import { timeoutsFor } from '../config/timeouts';
import { ProviderRegistry } from './registry';

/** A check should not hang for a cold model's full connect timeout. */
export const CHECK_LIMIT_MS = 10_000;

export interface ProviderHealth {
  name: string;
  type: string;
  tier: string;
  baseUrl: string;
  local: boolean;
  status: 'ok' | 'unreachable' | 'off';
  latencyMs?: number;
  models?: string[];
  /** Windows the listing reported, by model id (vLLM, llama.cpp, LM Studio, Groq, …). */
  contextWindows?: Record<string, number>;
  error?: string;
  /** Epoch ms when the check ended. */
  checkedAt: number;
}

export async function checkProvider(info: ProviderInfo, registry: ProviderRegistry, timeoutMs: number, signal: AbortSignal, now = () => performance.now()): Promise<ProviderHealth> {
  const base = { name: info.name, type: info.type, tier: info.tier, baseUrl: info.url, local: info.local };
  if (info.disabled) return { ...base, status: 'off', error: info.disabled, checkedAt: Date.now() };
  const provider = registry.get(info);
  let t0 = now();
  try {
    // The latency is the server's: loading the SDK comes before the clock starts.
    await provider.load?.();
    t0 = now();
    const limit = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    const listed = provider.listModelDetails ? await provider.listModelDetails(limit) : (await provider.listModels(limit)).map((id) => ({ id, contextWindow: undefined }));
    const windows = Object.fromEntries(listed.flatMap((m) => (m.contextWindow ? [[m.id, m.contextWindow]] : [])));
    return {
      ...base,
      status: 'ok',
      latencyMs: Math.round(now() - t0),
      models: listed.map((m) => m.id),
      ...(Object.keys(windows).length ? { contextWindows: windows } : {}),
      checkedAt: Date.now(),
    };
  } catch (err) {
    const elapsed = now() - t0;
    const timedOut = elapsed >= timeoutMs - 5 && !signal.aborted;
    const error = timedOut ? `no answer within ${timeoutMs} ms` : String((err as Error)?.message ?? err);
    return { ...base, status: 'unreachable', latencyMs: Math.round(elapsed), error, checkedAt: Date.now() };
  }
}

/** Every provider of the config (or those `only` keeps), in parallel, in config order. */
export function checkProviders(
  config: LoadedConfig,
  signal: AbortSignal,
  registry = new ProviderRegistry(),
  only: (p: ProviderInfo) => boolean = () => true,
): Promise<ProviderHealth[]> {
  return Promise.all(
    [...config.providers.values()].filter(only).map((p) => checkProvider(p, registry, Math.min(CHECK_LIMIT_MS, timeoutsFor(config.raw.router, p).connect_ms), signal)),
  );
}
