// The budget: before every paid call, reserve its worst case against the daily budget, the provider's daily
// limit and the per-request limit; after it, settle to the real cost and release the rest. It holds across
// every process that shares the state dir, because all decisions are replayed from one ledger (ledger.ts).
// Every operation is synchronous inside: within a process, nothing interleaves between check and append.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BudgetError } from '../errors';
import type { BudgetSnapshot } from '../types';
import type { BudgetPort, Reservation, ReserveRequest, SettleInput, SkipLimit } from './budgetPort';
import { addDays, localDay, systemClock, type Clock } from './day';
import { eventKey, fromNano, toNano, type DayState } from './dayState';
import { Emitter, type Disposable, type Event } from './emitter';
import { clip, type SettleEntry } from './entries';
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
  /** A reservation whose owner never settles stops counting after this long (default 1 h). */
  reservationTtlMs?: number;
  /** Reservations of a process that is gone are freed at once; these are injectable for tests. */
  pid?: number;
  host?: string;
  isProcessAlive?: (pid: number) => boolean;
  onWarning?: (message: string) => void;
}

export interface HeldReservation extends Reservation {
  /** The local day it was reserved on: its settle is booked to that day. */
  readonly day: string;
}

export interface Refusal {
  refused: SkipLimit;
  detail: string;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
const EXPIRE_IDS_PER_LINE = 100;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Budget implements BudgetPort {
  readonly ledger: Ledger;
  readonly onDidChange: Event<BudgetStatus>;
  readonly onEvent: Event<BudgetEvent>;
  private limits: CostLimits;
  private limitsVersion = 0;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly pid: number;
  private readonly host: string;
  private readonly alive: (pid: number) => boolean;
  private readonly tag = randomBytes(4).toString('hex');
  private seq = 0;
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
    this.ttlMs = opts.reservationTtlMs ?? DEFAULT_TTL_MS;
    this.pid = opts.pid ?? process.pid;
    this.host = opts.host ?? hostname();
    this.alive = opts.isProcessAlive ?? isProcessAlive;
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

  /** For decide(): cheap (one fstat when nothing changed). */
  snapshot(): BudgetSnapshot {
    if (this.ledger.refresh()) this.afterChange();
    const s = this.ledger.state;
    const c = this.snap;
    if (c && c.state === s && c.applied === s.applied && c.version === this.limitsVersion) return c.value;
    const atLimit = providersAtLimit(s, this.limits);
    const state = budgetState(s, this.limits);
    const value: BudgetSnapshot = atLimit.length ? { state, providersAtLimit: atLimit } : { state };
    this.snap = { state: s, applied: s.applied, version: this.limitsVersion, value };
    return value;
  }

  /** Today's spent, reserved and remaining, overall and per provider, with the limits in force. */
  status(): BudgetStatus {
    this.ledger.refresh();
    this.expireGoneOwners();
    return statusOf(this.ledger.state, this.limits, this.clock());
  }

  /** A ledger that cannot be read or written fails closed: paid calls are refused, local ones still run. */
  async reserve(req: ReserveRequest): Promise<HeldReservation | Refusal> {
    try {
      return this.reserveNow(req);
    } catch (err) {
      if (err instanceof BudgetError) throw err;
      this.warn(`ledger error: ${(err as Error).message}`);
      return { refused: 'over budget', detail: `the ledger in ${this.ledger.dir} cannot be used (${(err as Error).message}); paid requests are refused` };
    }
  }

  /** The money is already spent: a ledger error is reported, never thrown at the request. */
  async settle(reservation: Reservation, input: SettleInput): Promise<void> {
    try {
      this.settleNow(reservation, input);
    } catch (err) {
      this.warn(`ledger error, a settle was not recorded: ${(err as Error).message}`);
    }
  }

  async release(reservation: Reservation): Promise<void> {
    try {
      this.releaseNow(reservation);
    } catch (err) {
      this.warn(`ledger error, a release was not recorded: ${(err as Error).message}`);
    }
  }

  reserveNow(req: ReserveRequest): HeldReservation | Refusal {
    const amountUsd = req.worstCaseUsd;
    if (!(amountUsd >= 0) || !Number.isFinite(amountUsd)) throw new BudgetError(`invalid worst-case cost: ${amountUsd}`);
    // Local models always fit: they cost nothing, so they reserve nothing (and never touch the ledger here).
    if (req.local || amountUsd === 0) return this.hold('', localDay(this.clock()), req, 0);
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
    let refusal = this.ledger.state.check(req.provider, amount, budget, providerLimit, now);
    if (refusal && this.expireGoneOwners()) refusal = this.ledger.state.check(req.provider, amount, budget, providerLimit, now);
    if (refusal) return this.refuse(refusal, req.provider, amount);

    const id = this.nextId();
    const ts = now;
    this.ledger.append({
      kind: 'reservation',
      id,
      ts,
      provider: clip(req.provider)!,
      model: clip(req.model)!,
      amountUsd,
      budgetUsd: this.limits.daily_budget,
      providerLimitUsd: lim.dailyUsd,
      expiresAt: ts + this.ttlMs,
      pid: this.pid,
      host: this.host,
    });
    // Replay up to (and past) our own line: it tells us, as it tells every process, whether we fit.
    this.ledger.catchUp();
    const state = this.ledger.state;
    if (!state.live.has(id)) return this.refuse(state.refused.get(id) ?? 'over budget', req.provider, amount);
    this.afterChange();
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

  /** Records a user signal such as "Retry with a stronger model" (names only, never text). */
  appendFeedback(f: FeedbackInput): void {
    this.ledger.appendFeedback(f);
    this.ledger.catchUp();
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
  private book(reservation: Reservation, entry: SettleEntry | { kind: 'release'; id: string; ts: number }): void {
    const today = this.ledger.day();
    const own = (reservation as Partial<HeldReservation>).day;
    const day = own && own >= addDays(today, -1) ? own : today;
    this.ledger.append(entry, day);
    if (day !== today) return;
    this.ledger.catchUp();
    this.afterChange();
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

  /** Frees the reservations of processes on this host that are gone (crashed, killed). */
  private expireGoneOwners(): boolean {
    const gone: string[] = [];
    const now = this.clock();
    const verdict = new Map<number, boolean>();
    for (const r of this.ledger.state.live.values()) {
      if (r.host !== this.host || r.pid === this.pid) continue;
      let alive = verdict.get(r.pid);
      if (alive === undefined) verdict.set(r.pid, (alive = this.alive(r.pid)));
      if (!alive) gone.push(r.id);
    }
    for (let i = 0; i < gone.length; i += EXPIRE_IDS_PER_LINE) {
      this.ledger.append({ kind: 'expire', ids: gone.slice(i, i + EXPIRE_IDS_PER_LINE), ts: now });
    }
    if (gone.length) this.ledger.catchUp();
    return gone.length > 0;
  }

  private nextId(): string {
    return `${this.tag}.${(this.seq++).toString(36)}`;
  }
}

const num = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
