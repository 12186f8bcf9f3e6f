// Before each upstream try: is the provider cooling down, and may it take another request this minute?
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

/** Undefined when the try may go ahead; otherwise why the step is skipped. Waits (abortably) in rate-limit wait mode. */
export async function gate(deps: GateDeps, config: LoadedConfig, info: ProviderInfo, signal: AbortSignal): Promise<string | undefined> {
  const cooling = deps.cooldowns.coolingUntil(info.name, deps.now());
  if (cooling !== undefined) return `cooling down until ${clockTime(cooling)}`;
  const rpm = info.rateLimit;
  if (!rpm) return undefined;
  const { rate_limit_mode: mode, max_retry_after_ms: maxWait } = config.raw.router;
  for (;;) {
    const waitMs = deps.limiter.take(info.name, rpm, deps.now());
    if (waitMs === 0) return undefined;
    if (mode === 'skip') return `rate limit: ${rpm} requests/min reached, next slot in ${Math.ceil(waitMs / 1000)} s`;
    if (waitMs > maxWait) return `rate limit: ${rpm} requests/min, next slot in ${Math.ceil(waitMs / 1000)} s is past the wait limit`;
    await deps.sleep(waitMs, signal);
  }
}
