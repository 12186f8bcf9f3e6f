// Connect, first-token and idle timeouts for one attempt, on a single timer.
// Chunks only move a deadline (one clock read); the timer re-arms itself lazily, so the hot path sets no timers.
import type { ProviderInfo } from '../config/model';
import type { RawConfig } from '../config/schema';

export type TimeoutPhase = 'connect' | 'first_token' | 'idle';

export interface Timeouts {
  connect_ms: number;
  first_token_ms: number;
  idle_ms: number;
}

/** Defaults: local models may need to load before answering, so they are generous. */
export const DEFAULT_TIMEOUTS: Timeouts = { connect_ms: 30_000, first_token_ms: 60_000, idle_ms: 30_000 };

const resolved = new WeakMap<ProviderInfo, Timeouts>();

/** Provider's `timeouts`, else the router's, else the defaults. (ProviderInfo is per config, so is the cache.) */
export function timeoutsFor(router: RawConfig['router'], p: ProviderInfo): Timeouts {
  let t = resolved.get(p);
  if (!t) resolved.set(p, (t = resolve(router, p)));
  return t;
}

function resolve(router: RawConfig['router'], p: ProviderInfo): Timeouts {
  const r = router.timeouts;
  return {
    connect_ms: p.timeouts.connect_ms ?? r.connect_ms ?? DEFAULT_TIMEOUTS.connect_ms,
    first_token_ms: p.timeouts.first_token_ms ?? r.first_token_ms ?? DEFAULT_TIMEOUTS.first_token_ms,
    idle_ms: p.timeouts.idle_ms ?? r.idle_ms ?? DEFAULT_TIMEOUTS.idle_ms,
  };
}

/** The abort reason an attempt gets when a timeout fires. */
export class TimeoutReason {
  constructor(
    readonly phase: TimeoutPhase,
    readonly ms: number,
  ) {}

  describe(): string {
    const what = this.phase === 'connect' ? 'no response headers' : this.phase === 'first_token' ? 'no first token' : 'stream idle';
    return `timeout: ${what} for ${this.ms} ms`;
  }
}

export class Watchdog {
  private phase: TimeoutPhase = 'connect';
  private deadline: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly t: Timeouts,
    private readonly onTimeout: (reason: TimeoutReason) => void,
    /** Milliseconds; injectable so tests can drive the watchdog with mocked timers. */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.deadline = this.clock() + t.connect_ms;
    this.arm();
  }

  /** Headers arrived. */
  opened(): void {
    this.phase = 'first_token';
    this.moveTo(this.clock() + this.t.first_token_ms);
  }

  /** A chunk arrived, or the caller took one: the idle clock restarts. */
  touch(): void {
    this.phase = 'idle';
    this.moveTo(this.clock() + this.t.idle_ms);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = -Infinity; // never re-arm
  }

  private moveTo(deadline: number): void {
    this.deadline = deadline;
    if (deadline < this.timerAt) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timerAt = this.deadline;
    this.timer = setTimeout(this.fire, Math.max(0, this.deadline - this.clock()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    if (this.timerAt === -Infinity) return;
    if (this.clock() < this.deadline - 0.5) return this.arm();
    this.timerAt = -Infinity;
    const ms = this.phase === 'connect' ? this.t.connect_ms : this.phase === 'first_token' ? this.t.first_token_ms : this.t.idle_ms;
    this.onTimeout(new TimeoutReason(this.phase, ms));
  };
}
