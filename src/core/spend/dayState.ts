// One day's money, replayed from the ledger lines in file order. Pure and deterministic: every process that
// replays the same lines reaches the same totals and the same accept/refuse verdict for every reservation,
// because a reservation line carries the limits it was checked against and its own expiry. That is what
// lets appends be lock-free (see ledger.ts).
import type { SkipLimit } from './budgetPort';
import type { BudgetEventKind, EventEntry, LedgerEntry, ReservationEntry } from './entries';

/** Money is summed as integer nano-dollars: exact, so the order of additions never matters. */
export const toNano = (usd: number) => Math.round(usd * 1e9);
export const fromNano = (nano: number) => nano / 1e9;

export interface LiveReservation {
  id: string;
  provider: string;
  amount: number;
  expiresAt: number;
  pid: number;
  host: string;
}

export const eventKey = (event: BudgetEventKind, provider?: string) => (provider ? `${event}:${provider}` : event);

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

export class DayState {
  spent = 0;
  reserved = 0;
  requests = 0;
  readonly spentBy = new Map<string, number>();
  readonly reservedBy = new Map<string, number>();
  readonly requestsBy = new Map<string, number>();
  readonly live = new Map<string, LiveReservation>();
  /** The first event line of each key today. */
  readonly events = new Map<string, EventEntry>();
  /** Reservations refused by replay since the last clearRefusals(): how a writer learns it lost a race. */
  readonly refused = new Map<string, SkipLimit>();
  /** Lines applied so far: a change counter. */
  applied = 0;
  private nextExpiry = Infinity;

  constructor(readonly day: string) {}

  apply(e: LedgerEntry): void {
    this.applied++;
    switch (e.kind) {
      case 'reservation':
        this.applyReservation(e);
        break;
      case 'settle': {
        this.free(e.id);
        const cost = toNano(e.costUsd);
        this.spent += cost;
        this.requests++;
        add(this.spentBy, e.provider, cost);
        add(this.requestsBy, e.provider, 1);
        break;
      }
      case 'release':
        this.free(e.id);
        break;
      case 'expire':
        for (const id of e.ids) this.free(id);
        break;
      case 'event': {
        const key = eventKey(e.event, e.provider);
        if (!this.events.has(key)) this.events.set(key, e);
        break;
      }
      case 'feedback':
        break;
    }
  }

  /**
   * Would `amount` (nano) fit on top of what is spent and reserved? With `now`, reservations expired by then
   * are left out without being removed: only a reservation line (at its own ts) removes them, so that every
   * process's replay stays the same.
   */
  check(provider: string, amount: number, budget: number, providerLimit: number | undefined, now?: number): SkipLimit | undefined {
    let reserved = this.reserved;
    let providerReserved = this.reservedBy.get(provider) ?? 0;
    if (now !== undefined && now > this.nextExpiry) {
      for (const r of this.live.values()) {
        if (r.expiresAt >= now) continue;
        reserved -= r.amount;
        if (r.provider === provider) providerReserved -= r.amount;
      }
    }
    if (this.spent + reserved + amount > budget) return 'over budget';
    if (providerLimit !== undefined && (this.spentBy.get(provider) ?? 0) + providerReserved + amount > providerLimit) return 'over provider limit';
    return undefined;
  }

  clearRefusals(): void {
    this.refused.clear();
  }

  private applyReservation(e: ReservationEntry): void {
    if (e.ts > this.nextExpiry) this.expireBefore(e.ts);
    const amount = toNano(e.amountUsd);
    const limit = e.providerLimitUsd === undefined ? undefined : toNano(e.providerLimitUsd);
    const refusal = this.check(e.provider, amount, toNano(e.budgetUsd), limit);
    if (refusal) {
      this.refused.set(e.id, refusal);
      return;
    }
    this.live.set(e.id, { id: e.id, provider: e.provider, amount, expiresAt: e.expiresAt, pid: e.pid, host: e.host });
    this.reserved += amount;
    add(this.reservedBy, e.provider, amount);
    this.nextExpiry = Math.min(this.nextExpiry, e.expiresAt);
  }

  private expireBefore(ts: number): void {
    let next = Infinity;
    for (const r of this.live.values()) {
      if (r.expiresAt < ts) this.free(r.id);
      else next = Math.min(next, r.expiresAt);
    }
    this.nextExpiry = next;
  }

  private free(id: string): void {
    const r = this.live.get(id);
    if (!r) return;
    this.live.delete(id);
    this.reserved -= r.amount;
    add(this.reservedBy, r.provider, -r.amount);
  }
}
