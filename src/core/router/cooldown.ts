// A provider that fails N times within a window is skipped for a while. Aborts never count (house rule 4).

export interface CooldownPolicy {
  failures: number;
  window_s: number;
  duration_s: number;
}

export class Cooldowns {
  private readonly failures = new Map<string, number[]>();
  private readonly until = new Map<string, number>();

  /** Epoch ms until which the provider is skipped, or undefined when it may be tried. */
  coolingUntil(provider: string, now: number): number | undefined {
    const u = this.until.get(provider);
    if (u === undefined) return undefined;
    if (now < u) return u;
    this.until.delete(provider);
    return undefined;
  }

  /** Read-only: failures counted toward a cooldown within the window. */
  recentFailures(provider: string, now: number, windowS: number): number {
    const since = now - windowS * 1000;
    return (this.failures.get(provider) ?? []).filter((t) => t > since).length;
  }

  failed(provider: string, now: number, policy: CooldownPolicy): void {
    const since = now - policy.window_s * 1000;
    const recent = (this.failures.get(provider) ?? []).filter((t) => t > since);
    recent.push(now);
    if (recent.length >= policy.failures) {
      this.coolUntil(provider, now + policy.duration_s * 1000);
      this.failures.delete(provider);
    } else this.failures.set(provider, recent);
  }

  succeeded(provider: string): void {
    this.failures.delete(provider);
  }

  /** E.g. a Retry-After too long to wait for: calling earlier is pointless. */
  coolUntil(provider: string, until: number): void {
    this.until.set(provider, Math.max(this.until.get(provider) ?? 0, until));
  }
}
