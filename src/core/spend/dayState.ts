// One day's money, replayed from the ledger lines in file order. Pure and deterministic: every process that
// replays the same lines reaches the same totals and the same accept/refuse verdict for every reservation,
// because a reservation line carries the limits it was checked against. That is what lets appends be
// lock-free (see ledger.ts). A reservation counts until it is settled or released: its owner's lease running
// out does not free it (see budget.ts: a lapsed reservation is settled at its worst case, never at $0).
import type { SkipLimit } from './budgetPort';
import type { BudgetEventKind, EventEntry, LedgerEntry, ReservationEntry } from './entries';

/** Money is summed as integer nano-dollars: exact, so the order of additions never matters. */
export const toNano = (usd: number) => Math.round(usd * 1e9);
export const fromNano = (nano: number) => nano / 1e9;

export interface LiveReservation {
  id: string;
  provider: string;
  model: string;
  amount: number;
  /** The owning Budget instance (older lines: host:pid). */
  owner: string;
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
  /** Until when each owner is known to be alive: its reservations' and lease lines' `leaseUntil`. */
  readonly leases = new Map<string, number>();
  /** Reservations already settled: a second settle of one (the owner's, after a lapse settle) is ignored. */
  private readonly settled = new Set<string>();
  /** Lines applied so far: a change counter. */
  applied = 0;
  /** Lines skipped because they were not valid entries (see entries.ts). */
  skipped = 0;
  constructor(readonly day: string) {}

  apply(e: LedgerEntry): void {
    this.applied++;
    switch (e.kind) {
      case 'reservation':
        this.applyReservation(e);
        break;
      case 'settle': {
        if (e.id) {
          if (this.settled.has(e.id)) break;
          this.settled.add(e.id);
        }
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
        // Written by older versions for the reservations of a dead pid; new versions settle those instead.
        for (const id of e.ids) this.free(id);
        break;
      case 'lease':
        this.renew(e.owner, e.until);
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

  /** Would `amount` (nano) fit on top of what is spent and reserved? */
  check(provider: string, amount: number, budget: number, providerLimit: number | undefined): SkipLimit | undefined {
    if (this.spent + this.reserved + amount > budget) return 'over budget';
    if (providerLimit !== undefined && (this.spentBy.get(provider) ?? 0) + (this.reservedBy.get(provider) ?? 0) + amount > providerLimit) return 'over provider limit';
    return undefined;
  }

  /** Live reservations whose owner's lease ran out before `now`: their owner is gone (or presumed so). */
  lapsed(now: number, exceptOwner?: string): LiveReservation[] {
    const out: LiveReservation[] = [];
    for (const r of this.live.values()) if (r.owner !== exceptOwner && (this.leases.get(r.owner) ?? 0) < now) out.push(r);
    return out;
  }

  clearRefusals(): void {
    this.refused.clear();
  }

  private applyReservation(e: ReservationEntry): void {
    const amount = toNano(e.amountUsd);
    const limit = e.providerLimitUsd === undefined ? undefined : toNano(e.providerLimitUsd);
    const refusal = this.check(e.provider, amount, toNano(e.budgetUsd), limit);
    if (refusal) {
      this.refused.set(e.id, refusal);
      return;
    }
    const owner = e.owner ?? `${e.host}:${e.pid}`;
    this.live.set(e.id, { id: e.id, provider: e.provider, model: e.model, amount, owner });
    this.renew(owner, e.expiresAt);
    this.reserved += amount;
    add(this.reservedBy, e.provider, amount);
  }

  private renew(owner: string, until: number): void {
    if (until > (this.leases.get(owner) ?? 0)) this.leases.set(owner, until);
  }

  private free(id: string): void {
    const r = this.live.get(id);
    if (!r) return;
    this.live.delete(id);
    this.reserved -= r.amount;
    add(this.reservedBy, r.provider, -r.amount);
  }
}
