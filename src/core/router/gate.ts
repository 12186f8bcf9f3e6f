// Before each upstream try: is the provider cooling down, and may it take another request this minute?
// Synchronous unless it has to wait for a rate-limit slot, so the common case adds no await to a request.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import { clockTime } from './clock';
import type { Cooldowns } from './cooldown';
import type { RateLimiter } from './rateLimit';

export interface GateDeps {
  cooldowns: Cooldowns;
  limiter: RateLimiter;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Undefined: go. A string: skip the step, for that reason. A number: wait that many ms, then ask again. */
function check(deps: GateDeps, config: LoadedConfig, info: ProviderInfo): string | number | undefined {
  const cooling = deps.cooldowns.coolingUntil(info.name, deps.now());
  if (cooling !== undefined) return `cooling down until ${clockTime(cooling)}`;
  const rpm = info.rateLimit;
  if (!rpm) return undefined;
  const { rate_limit_mode: mode, max_retry_after_ms: maxWait } = config.raw.router;
  const waitMs = deps.limiter.take(info.name, rpm, deps.now());
  if (waitMs === 0) return undefined;
  if (mode === 'skip') return `rate limit: ${rpm} requests/min reached, next slot in ${Math.ceil(waitMs / 1000)} s`;
  if (waitMs > maxWait) return `rate limit: ${rpm} requests/min, next slot in ${Math.ceil(waitMs / 1000)} s is past the wait limit`;
  return waitMs;
}

/** Undefined when the try may go ahead, else why the step is skipped. Waits (abortably) in rate-limit wait mode. */
export function gate(deps: GateDeps, config: LoadedConfig, info: ProviderInfo, signal: AbortSignal): string | undefined | Promise<string | undefined> {
  const r = check(deps, config, info);
  return typeof r === 'number' ? waitForSlot(deps, config, info, signal, r) : r;
}

async function waitForSlot(deps: GateDeps, config: LoadedConfig, info: ProviderInfo, signal: AbortSignal, waitMs: number): Promise<string | undefined> {
  let r: string | number | undefined = waitMs;
  while (typeof r === 'number') {
    await deps.sleep(r, signal);
    r = check(deps, config, info);
  }
  return r;
}
