// Connect, first-token and idle timeouts for one attempt, on a single timer.
// Chunks only move a deadline (one clock read); the timer re-arms itself lazily, so the hot path sets no timers.
import type { Timeouts } from '../config/timeouts';

export type TimeoutPhase = 'connect' | 'first_token' | 'idle';

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
