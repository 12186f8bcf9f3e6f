// The budget: before every paid call, reserve its worst case against the daily budget, the provider's daily
// limit and the per-request limit; after it, settle to the real cost and release the rest. It holds across
// every process that shares the state dir, because all decisions are replayed from one ledger (ledger.ts).
// Every operation is synchronous inside: within a process, nothing interleaves between check and append.
//
// Nothing is lost when a process dies: each Budget is an owner with a random id and a lease it renews while
// it holds reservations. A reservation whose owner's lease ran out is settled, by whichever process notices,
// at its reserved worst case, marked estimated (when unsure, count the worst). Fail closed for money: a
// ledger that cannot be read or written refuses every paid call ("spend ledger unavailable: …") while local
// calls run; a settle that cannot be written is kept in memory and retried until it can be.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BudgetError, RouterError } from '../errors';
import type { BudgetSnapshot } from '../types';
import type { BudgetPort, Reservation, ReserveRequest, SettleInput, SkipLimit } from './budgetPort';
import { addDays, localDay, systemClock, type Clock } from './day';
import { eventKey, fromNano, toNano, type DayState } from './dayState';
import { Emitter, type Disposable, type Event } from './emitter';
import { clip, type LedgerEntry, type SettleEntry } from './entries';
import { Ledger, type FeedbackInput } from './ledger';
import { limitsFor, usd, type CostLimits } from './limits';
import {
  budgetState,
  crossings,
  eventMessage,
  providersAtLimit,
  refusalCrossing,
  refusalDetail,
  statusOf,
  type BudgetEvent,
  type BudgetStatus,
  type Crossing,
} from './status';
import { watchDir, type WatchOptions } from './watch';

export type { BudgetEvent, BudgetStatus, ProviderStatus } from './status';

export interface BudgetOptions {
  stateDir: string;
  limits: CostLimits;
  clock?: Clock;
  /** How long an owner counts as alive without renewing its lease (default 60 s; renewed every third of it). */
  leaseMs?: number;
  /** How often a settle that could not be written is tried again (default 2 s). */
  retryMs?: number;
  onWarning?: (message: string) => void;
}

/** The ledger cannot be read: `budget` says so and exits 1, never reporting $0. */
export class LedgerUnavailableError extends RouterError {
  override name = 'LedgerUnavailableError';
}

export const UNAVAILABLE = 'spend ledger unavailable';

export interface HeldReservation extends Reservation {
  /** The local day it was reserved on: its settle is booked to that day. */
  readonly day: string;
}

export interface Refusal {
  refused: SkipLimit;
  detail: string;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_RETRY_MS = 2_000;

const why = (err: unknown) => String((err as Error)?.message ?? err);

/** A line that could not be written yet, and the day it belongs to. */
interface Pending {
  entry: SettleEntry | { kind: 'release'; id: string; ts: number };
  day: string;
  reservation: Reservation;
}

export class Budget implements BudgetPort {
  readonly ledger: Ledger;
  readonly onDidChange: Event<BudgetStatus>;
  readonly onEvent: Event<BudgetEvent>;
  private limits: CostLimits;
  private limitsVersion = 0;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly retryMs: number;
  /** This owner: random, so it stays apart from every other across PID namespaces and shared hostnames. */
  readonly owner = randomBytes(8).toString('hex');
  private seq = 0;
  /** Own reservations not yet settled or released: the lease is renewed while there are any. */
  private holding = 0;
  private renewTimer?: ReturnType<typeof setInterval>;
  private readonly pending: Pending[] = [];
  private retryTimer?: ReturnType<typeof setInterval>;
  /** Why the ledger could not be written the last time it was tried. */
  private writeError?: string;
  private readonly finished = new WeakSet<object>();
  private readonly changes: Emitter<BudgetStatus>;
  private readonly events: Emitter<BudgetEvent>;
  private snap?: { state: DayState; applied: number; version: number; value: BudgetSnapshot };
  private lastNotified = '';
  private notifyQueued = false;
  private readonly watchers = new Set<Disposable>();
  private readonly warn: (message: string) => void;
  private disposed = false;

  constructor(opts: BudgetOptions) {
    const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`llm-router: ${m}\n`));
    this.warn = warn;
    this.ledger = new Ledger({ stateDir: opts.stateDir, clock: opts.clock, onWarning: warn });
    this.limits = opts.limits;
    this.clock = opts.clock ?? systemClock;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.retryMs = opts.retryMs ?? DEFAULT_RETRY_MS;
    const listenerError = (err: unknown) => warn(`budget listener failed: ${(err as Error)?.message ?? String(err)}`);
    this.changes = new Emitter(listenerError);
    this.events = new Emitter(listenerError);
    this.onDidChange = this.changes.event;
    this.onEvent = this.events.event;
  }

  /** New limits after a config reload; reservations already held stay valid. */
  setLimits(limits: CostLimits): void {
    this.limits = limits;
    this.limitsVersion++;
    this.afterChange();
  }

  /** For decide(): cheap (one fstat when nothing changed). A ledger that cannot be used says why. */
  snapshot(): BudgetSnapshot {
    try {
      this.flushPending();
      if (this.writeError) this.probe();
      if (this.ledger.refresh()) this.afterChange();
    } catch (err) {
      return { ...(this.snap?.value ?? { state: 'ok' }), unavailable: `${UNAVAILABLE}: ${why(err)}` };
    }
    const s = this.ledger.state;
    const c = this.snap;
    if (c && c.state === s && c.applied === s.applied && c.version === this.limitsVersion) return c.value;
    const atLimit = providersAtLimit(s, this.limits);
    const state = budgetState(s, this.limits);
    const value: BudgetSnapshot = atLimit.length ? { state, providersAtLimit: atLimit } : { state };
    this.snap = { state: s, applied: s.applied, version: this.limitsVersion, value };
    return value;
  }

  /**
   * Today's spent, reserved and remaining, overall and per provider, with the limits in force. Throws
   * LedgerUnavailableError when the ledger cannot be read; `unavailable` says why it cannot be written.
   */
  status(): BudgetStatus {
    try {
      this.ledger.refresh();
    } catch (err) {
      throw new LedgerUnavailableError(`${UNAVAILABLE}: ${why(err)} (ledger ${this.ledger.dir})`);
    }
    let unavailable: string | undefined;
    try {
      this.flushPending();
      this.probe();
      this.settleLapsed();
    } catch (err) {
      unavailable = `${UNAVAILABLE}: ${why(err)}`;
    }
    const status = statusOf(this.ledger.state, this.limits);
    return unavailable ? { ...status, unavailable } : status;
  }

  /** A ledger that cannot be read or written fails closed: paid calls are refused, local ones still run. */
  async reserve(req: ReserveRequest): Promise<HeldReservation | Refusal> {
    try {
      return this.reserveNow(req);
    } catch (err) {
      if (err instanceof BudgetError) throw err;
      this.writeError ??= why(err);
      return { refused: UNAVAILABLE, detail: `${why(err)}; paid requests are refused until the ledger in ${this.ledger.dir} can be written` };
    }
  }

  /** The money is already spent: a line that cannot be written is kept, retried, never thrown at the request. */
  async settle(reservation: Reservation, input: SettleInput): Promise<void> {
    this.settleNow(reservation, input);
  }

  async release(reservation: Reservation): Promise<void> {
    this.releaseNow(reservation);
  }

  /** Settles and releases that could not be written yet (kept in memory and retried). */
  get unwritten(): number {
    return this.pending.length;
  }

  reserveNow(req: ReserveRequest): HeldReservation | Refusal {
    const amountUsd = req.worstCaseUsd;
    if (!(amountUsd >= 0) || !Number.isFinite(amountUsd)) throw new BudgetError(`invalid worst-case cost: ${amountUsd}`);
    // What costs nothing reserves nothing (and never touches the ledger here); a priced target always reserves.
    if (amountUsd === 0) return this.hold('', localDay(this.clock()), req, 0);
    // Nothing new is reserved before what is owed is on record.
    this.flushPending();
    this.ledger.refresh();
    const day = this.ledger.state.day;
    const lim = limitsFor(this.limits, req.provider);
    if (lim.perRequestUsd !== undefined && amountUsd > lim.perRequestUsd) {
      return { refused: 'over per-request limit', detail: `worst case ${usd(amountUsd)} > per-request limit ${usd(lim.perRequestUsd)}` };
    }
    const amount = toNano(amountUsd);
    const budget = toNano(this.limits.daily_budget);
    const providerLimit = lim.dailyUsd === undefined ? undefined : toNano(lim.dailyUsd);
    const now = this.clock();
    this.settleLapsed();
    const refusal = this.ledger.state.check(req.provider, amount, budget, providerLimit);
    if (refusal) return this.refuse(refusal, req.provider, amount);

    const id = this.nextId();
    const ts = now;
    this.write({
      kind: 'reservation',
      id,
      ts,
      provider: clip(req.provider)!,
      model: clip(req.model)!,
      amountUsd,
      budgetUsd: this.limits.daily_budget,
      providerLimitUsd: lim.dailyUsd,
      expiresAt: ts + this.leaseMs,
      owner: this.owner,
      pid: process.pid,
      host: clip(hostname())!,
    });
    // Replay up to (and past) our own line: it tells us, as it tells every process, whether we fit.
    this.ledger.catchUp();
    const state = this.ledger.state;
    if (!state.live.has(id)) return this.refuse(state.refused.get(id) ?? 'over budget', req.provider, amount);
    this.afterChange();
    this.holding++;
    this.keepLease();
    return this.hold(id, day, req, amountUsd);
  }

  settleNow(reservation: Reservation, input: SettleInput): void {
    if (this.finished.has(reservation)) return;
    this.finished.add(reservation);
    const u = input.usage;
    const m = input.meta;
    let costUsd = num(input.costUsd);
    if (!Number.isFinite(input.costUsd)) costUsd = reservation.amountUsd; // unknown cost: book the worst case
    const entry: SettleEntry = {
      kind: 'settle',
      id: reservation.amountUsd > 0 ? reservation.id : '',
      ts: this.clock(),
      provider: clip(reservation.provider)!,
      model: clip(reservation.model)!,
      costUsd,
      reservedUsd: reservation.amountUsd,
      estimated: u.estimated === true,
      usage: { input: num(u.inputTokens), output: num(u.outputTokens), cacheRead: num(u.cacheReadTokens), cacheWrite: num(u.cacheWriteTokens) },
      taskType: clip(String(m.taskType))!,
      complexity: clip(String(m.complexity))!,
      action: m.action === undefined ? undefined : clip(String(m.action)),
      ruleId: clip(String(m.ruleId))!,
      outcome: clip(String(m.outcome))!,
      cached: m.cached === true,
      latencyMs: m.latencyMs === undefined ? undefined : num(m.latencyMs),
    };
    this.book(reservation, entry);
  }

  releaseNow(reservation: Reservation): void {
    if (this.finished.has(reservation)) return;
    this.finished.add(reservation);
    if (reservation.amountUsd > 0) this.book(reservation, { kind: 'release', id: reservation.id, ts: this.clock() });
  }

  /** Every own reservation is settled or released once the process stops: it is not renewed any more. */
  private keepLease(): void {
    if (this.renewTimer || this.disposed) return;
    this.renewTimer = setInterval(() => {
      if (this.holding <= 0) {
        clearInterval(this.renewTimer);
        this.renewTimer = undefined;
        return;
      }
      this.renewLease();
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref?.();
  }

  /** Says, for every process, that this owner is alive for another lease term (the timer calls it). */
  renewLease(): void {
    const ts = this.clock();
    try {
      this.write({ kind: 'lease', owner: this.owner, ts, until: ts + this.leaseMs });
    } catch (err) {
      this.warn(`ledger error, the lease of this process was not renewed: ${why(err)}`);
    }
  }

  /** Records a user signal such as "Retry with a stronger model" (names only, never text). */
  appendFeedback(f: FeedbackInput): void {
    try {
      this.ledger.appendFeedback(f);
      this.ledger.catchUp();
    } catch (err) {
      this.warn(`ledger error, a feedback signal was not recorded: ${why(err)}`);
      return;
    }
    this.afterChange();
  }

  /** Follows other windows and CLI processes: onDidChange fires within a second of their settles. */
  watch(opts: WatchOptions = {}): Disposable {
    const w = watchDir(
      this.ledger.dir,
      () => {
        try {
          if (!this.disposed) this.snapshot();
        } catch (err) {
          this.warn(`ledger error while watching: ${(err as Error).message}`);
        }
      },
      opts,
    );
    this.watchers.add(w);
    return { dispose: () => (w.dispose(), this.watchers.delete(w)) };
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.renewTimer);
    clearInterval(this.retryTimer);
    try {
      this.flushPending();
    } catch {
      // reported below
    }
    if (this.pending.length) this.warn(`${this.pending.length} settle line(s) could not be written (${this.writeError}); their reservations will be charged at their worst case`);
    for (const w of this.watchers) w.dispose();
    this.watchers.clear();
    this.changes.dispose();
    this.events.dispose();
    this.ledger.dispose();
  }

  // --- internals -------------------------------------------------------------------------------------------

  private hold(id: string, day: string, req: ReserveRequest, amountUsd: number): HeldReservation {
    return Object.freeze({ id, provider: req.provider, model: req.model, amountUsd, day });
  }

  /** Settles and releases go to the reservation's day (so a call that spans midnight is booked where it was
   * reserved), unless that day is already compacted: then to today. */
  private book(reservation: Reservation, entry: Pending['entry']): void {
    if (reservation.amountUsd > 0) this.holding--;
    let day: string;
    try {
      const today = this.ledger.day();
      const own = (reservation as Partial<HeldReservation>).day;
      day = own && own >= addDays(today, -1) ? own : today;
    } catch {
      day = (reservation as Partial<HeldReservation>).day ?? localDay(this.clock());
    }
    this.pending.push({ entry, day, reservation });
    try {
      this.flushPending();
    } catch (err) {
      // Money is kept until it is on record; a $0 line (a local call's tokens) is only reported.
      const owed = reservation.amountUsd > 0 || (entry.kind === 'settle' && entry.costUsd > 0);
      const at = this.pending.findIndex((p) => p.entry === entry);
      if (!owed && at >= 0) this.pending.splice(at, 1);
      this.warn(`ledger error, a ${entry.kind} ${owed ? 'is kept in memory and retried' : 'of $0 was not recorded'}: ${why(err)}`);
      if (owed) this.retrySoon();
    }
  }

  /** Writes what is owed, in order; throws (keeping the rest) at the first line that cannot be written. */
  private flushPending(): void {
    if (!this.pending.length) return;
    let today = false;
    while (this.pending.length) {
      const p = this.pending[0];
      this.write(p.entry, p.day);
      this.pending.shift();
      if (p.day === this.ledger.state.day) today = true;
    }
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    if (!today) return;
    this.ledger.catchUp();
    this.afterChange();
  }

  private retrySoon(): void {
    if (this.retryTimer || this.disposed) return;
    this.retryTimer = setInterval(() => {
      try {
        this.flushPending();
      } catch {
        // still not writable: try again later
      }
    }, this.retryMs);
    this.retryTimer.unref?.();
  }

  /** Every append goes through here: a failure is remembered (the ledger is unavailable) until one succeeds. */
  private write(entry: LedgerEntry, day?: string): void {
    try {
      this.ledger.append(entry, day);
      this.writeError = undefined;
    } catch (err) {
      this.writeError = why(err);
      throw err;
    }
  }

  /** Can the ledger be opened for writing? (A full disk only shows on the next write: that error stands until one succeeds.) */
  private probe(): void {
    try {
      this.ledger.probeWritable();
    } catch (err) {
      this.writeError = why(err);
      throw err;
    }
    if (!this.pending.length) this.writeError = undefined;
  }

  private refuse(reason: SkipLimit, provider: string, amount: number): Refusal {
    const s = this.ledger.state;
    const crossing = refusalCrossing(reason, s, this.limits, provider, amount);
    if (crossing) this.claim(crossing);
    return { refused: reason, detail: refusalDetail(reason, s, this.limits, provider, amount) };
  }

  /** After any change: record threshold crossings (once per day), then tell onDidChange listeners. */
  private afterChange(): void {
    if (this.events.hasListeners) for (const c of crossings(this.ledger.state, this.limits)) this.claim(c);
    this.queueNotify();
  }

  /**
   * Records an event in the ledger unless one is already there today; fires it only if our line came
   * first, so a crossing is announced once per day however many windows and CLI processes saw it. Only a
   * process with listeners records: a CLI run that cannot show it leaves it to the editor.
   */
  private claim({ kind, provider, spent, limitUsd }: Crossing): void {
    if (!this.events.hasListeners) return;
    const key = eventKey(kind, provider);
    if (this.ledger.state.events.has(key)) return;
    const id = this.nextId();
    const spentUsd = fromNano(spent);
    this.ledger.append({ kind: 'event', id, ts: this.clock(), event: kind, provider: clip(provider), spentUsd, limitUsd });
    this.ledger.catchUp();
    if (this.ledger.state.events.get(key)?.id !== id) return;
    const message = eventMessage(kind, provider, spentUsd, limitUsd, this.limits.warning_threshold);
    this.events.fire({ kind, day: this.ledger.state.day, provider, spentUsd, limitUsd, message });
  }

  private queueNotify(): void {
    if (!this.changes.hasListeners || this.notifyQueued) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      if (this.disposed) return;
      const s = this.ledger.state;
      const key = `${s.day}|${s.applied}|${this.limitsVersion}`;
      if (key === this.lastNotified) return;
      this.lastNotified = key;
      this.changes.fire(this.status());
    });
  }

  /**
   * Settles, at their reserved worst case and marked estimated, the reservations whose owner's lease ran out
   * (the owner crashed or was killed mid-stream: the provider still bills what it streamed). Never $0.
   */
  private settleLapsed(): void {
    const now = this.clock();
    for (const r of this.ledger.state.lapsed(now, this.owner)) {
      const usd = fromNano(r.amount);
      this.write({
        kind: 'settle',
        id: r.id,
        ts: now,
        provider: clip(r.provider)!,
        model: clip(r.model)!,
        costUsd: usd,
        reservedUsd: usd,
        estimated: true,
        usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
        taskType: 'unknown',
        complexity: 'unknown',
        ruleId: 'unknown',
        outcome: 'owner gone: charged its worst case',
        cached: false,
      });
    }
    if (this.ledger.catchUp()) this.afterChange();
  }

  private nextId(): string {
    return `${this.owner}.${(this.seq++).toString(36)}`;
  }
}

const num = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
