// Each provider's `rate_limit` (requests per minute) as a token bucket holding up to a minute's allowance.

interface Bucket {
  rpm: number;
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Read-only: requests that may go now (a full minute's allowance when none was sent yet). */
  available(provider: string, rpm: number, now: number): number {
    const b = this.buckets.get(provider);
    const capacity = Math.max(1, rpm);
    if (!b || b.rpm !== rpm) return capacity;
    return Math.min(capacity, b.tokens + Math.max(0, now - b.at) * (rpm / 60_000));
  }

  /** 0 when a request may go now (its token is taken), else the ms until the next token. */
  take(provider: string, rpm: number, now: number): number {
    const capacity = Math.max(1, rpm);
    let b = this.buckets.get(provider);
    if (!b || b.rpm !== rpm) {
      b = { rpm, tokens: capacity, at: now };
      this.buckets.set(provider, b);
    }
    const perMs = rpm / 60_000;
    b.tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.at) * perMs);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs - 1e-6));
  }
}
