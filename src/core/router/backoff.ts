// When to try the same target again: exponential backoff with full jitter, or the server's Retry-After.
import type { ProviderError } from '../errors';

export interface RetryPolicy {
  backoff_base_ms: number;
  backoff_max_ms: number;
  max_retry_after_ms: number;
}

/** Full jitter: uniformly random in [0, min(max, base × 2^retry)). */
export function fullJitterMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** retry));
}

export type RetryPlan = { waitMs: number } | { nextTarget: string };

/** After a retryable failure with retries left: wait (honouring Retry-After), or move on when it asks too long. */
export function planRetry(err: ProviderError, retry: number, policy: RetryPolicy, random: () => number): RetryPlan {
  if (err.retryAfterMs !== undefined) {
    if (err.retryAfterMs > policy.max_retry_after_ms) {
      return { nextTarget: `Retry-After ${Math.ceil(err.retryAfterMs / 1000)} s is over the ${Math.round(policy.max_retry_after_ms / 1000)} s limit` };
    }
    return { waitMs: err.retryAfterMs };
  }
  return { waitMs: fullJitterMs(retry, policy.backoff_base_ms, policy.backoff_max_ms, random) };
}
