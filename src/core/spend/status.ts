// What a day's replayed state means under the limits in force: the budget state, the status shown to the
// user, refusal details and the threshold crossings that become events. Pure.
import type { BudgetState } from '../types';
import type { SkipLimit } from './budgetPort';
import { fromNano, toNano, type DayState } from './dayState';
import type { BudgetEventKind } from './entries';
import { limitsFor, usd, type CostLimits } from './limits';

export interface ProviderStatus {
  provider: string;
  spentUsd: number;
  reservedUsd: number;
  requests: number;
  dailyLimitUsd?: number;
  perRequestUsd?: number;
  remainingUsd?: number;
  atLimit: boolean;
}

export interface BudgetStatus {
  day: string;
  state: BudgetState;
  budgetUsd: number;
  warningThreshold: number;
  perRequestUsd?: number;
  spentUsd: number;
  reservedUsd: number;
  remainingUsd: number;
  requests: number;
  providers: ProviderStatus[];
  /** Lines of today's ledger file skipped because they were not valid entries (the warning names each). */
  skippedLines?: number;
  /** "spend ledger unavailable: …" when spend cannot be recorded (paid requests are refused). */
  unavailable?: string;
}

/** Once per day across every process: whichever process records it first in the ledger fires it. */
export interface BudgetEvent {
  kind: BudgetEventKind;
  day: string;
  provider?: string;
  spentUsd: number;
  limitUsd: number;
  /** One line for the user. */
  message: string;
}

/** exhausted: spent ≥ budget; warning: spent ≥ threshold × budget. Reservations do not count: they are not spent. */
export function budgetState(s: DayState, limits: CostLimits): BudgetState {
  if (s.spent >= toNano(limits.daily_budget)) return 'exhausted';
  if (s.spent > 0 && s.spent >= toNano(limits.daily_budget * limits.warning_threshold)) return 'warning';
  return 'ok';
}

export function providersAtLimit(s: DayState, limits: CostLimits): string[] {
  const out: string[] = [];
  for (const [p, l] of Object.entries(limits.provider_limits ?? {})) {
    if (l.daily !== undefined && (s.spentBy.get(p) ?? 0) >= toNano(l.daily)) out.push(p);
  }
  return out;
}

/** The status: every live reservation counts until it is settled or released. */
export function statusOf(s: DayState, limits: CostLimits): BudgetStatus {
  const reservedBy = new Map<string, number>();
  let reserved = 0;
  for (const r of s.live.values()) {
    reserved += r.amount;
    reservedBy.set(r.provider, (reservedBy.get(r.provider) ?? 0) + r.amount);
  }
  const names = new Set([...Object.keys(limits.provider_limits ?? {}), ...s.spentBy.keys(), ...reservedBy.keys()]);
  const providers = [...names].sort().map((provider): ProviderStatus => {
    const lim = limitsFor(limits, provider);
    const spent = s.spentBy.get(provider) ?? 0;
    const held = reservedBy.get(provider) ?? 0;
    return {
      provider,
      spentUsd: fromNano(spent),
      reservedUsd: fromNano(held),
      requests: s.requestsBy.get(provider) ?? 0,
      dailyLimitUsd: lim.dailyUsd,
      perRequestUsd: lim.perRequestUsd,
      remainingUsd: lim.dailyUsd === undefined ? undefined : Math.max(0, fromNano(toNano(lim.dailyUsd) - spent - held)),
      atLimit: lim.dailyUsd !== undefined && spent >= toNano(lim.dailyUsd),
    };
  });
  return {
    day: s.day,
    state: budgetState(s, limits),
    budgetUsd: limits.daily_budget,
    warningThreshold: limits.warning_threshold,
    perRequestUsd: limits.per_request,
    spentUsd: fromNano(s.spent),
    reservedUsd: fromNano(reserved),
    remainingUsd: Math.max(0, fromNano(toNano(limits.daily_budget) - s.spent - reserved)),
    requests: s.requests,
    providers,
    skippedLines: s.skipped,
  };
}

export function refusalDetail(reason: SkipLimit, s: DayState, limits: CostLimits, provider: string, amount: number): string {
  const worst = `worst case ${usd(fromNano(amount))}`;
  if (reason === 'over budget') {
    const left = Math.max(0, toNano(limits.daily_budget) - s.spent - s.reserved);
    return `${worst} > ${usd(fromNano(left))} left of the ${usd(limits.daily_budget)} daily budget (${usd(fromNano(s.spent))} spent, ${usd(fromNano(s.reserved))} reserved)`;
  }
  const limit = limitsFor(limits, provider).dailyUsd ?? 0;
  const spent = s.spentBy.get(provider) ?? 0;
  const held = s.reservedBy.get(provider) ?? 0;
  return `${worst} > ${usd(fromNano(Math.max(0, toNano(limit) - spent - held)))} left of ${provider}'s ${usd(limit)} daily limit (${usd(fromNano(spent))} spent, ${usd(fromNano(held))} reserved)`;
}

export interface Crossing {
  kind: BudgetEventKind;
  provider?: string;
  spent: number;
  limitUsd: number;
}

/** The thresholds today's settled spend has crossed. */
export function crossings(s: DayState, limits: CostLimits): Crossing[] {
  const out: Crossing[] = [];
  const budget = limits.daily_budget;
  if (budget > 0 && s.spent > 0 && s.spent >= toNano(budget * limits.warning_threshold)) out.push({ kind: 'warning', spent: s.spent, limitUsd: budget });
  if (budget > 0 && s.spent >= toNano(budget)) out.push({ kind: 'exhausted', spent: s.spent, limitUsd: budget });
  for (const p of providersAtLimit(s, limits)) {
    const spent = s.spentBy.get(p) ?? 0;
    if (spent > 0) out.push({ kind: 'provider_limit', provider: p, spent, limitUsd: limits.provider_limits![p].daily! });
  }
  return out;
}

/**
 * A refusal that is not a race with requests in flight (what is already spent leaves no room for this call)
 * means the budget, or the provider's limit, is effectively exhausted.
 */
export function refusalCrossing(reason: SkipLimit, s: DayState, limits: CostLimits, provider: string, amount: number): Crossing | undefined {
  if (reason === 'over budget') {
    return s.spent + amount > toNano(limits.daily_budget) ? { kind: 'exhausted', spent: s.spent, limitUsd: limits.daily_budget } : undefined;
  }
  if (reason !== 'over provider limit') return undefined;
  const limit = limitsFor(limits, provider).dailyUsd ?? 0;
  const spent = s.spentBy.get(provider) ?? 0;
  return spent + amount > toNano(limit) ? { kind: 'provider_limit', provider, spent, limitUsd: limit } : undefined;
}

export function eventMessage(kind: BudgetEventKind, provider: string | undefined, spent: number, limit: number, threshold: number): string {
  if (kind === 'warning') return `Today's AI spend is ${usd(spent)} of the ${usd(limit)} daily budget (warning at ${Math.round(threshold * 100)}%).`;
  if (kind === 'exhausted') return `Daily budget reached: ${usd(spent)} of ${usd(limit)} spent today. Paid requests that do not fit go to local models until midnight.`;
  return `${provider} reached its daily limit: ${usd(spent)} of ${usd(limit)} spent today; it is skipped until midnight.`;
}
