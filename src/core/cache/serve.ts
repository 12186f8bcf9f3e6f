// The cache in the request flow: a stored answer is served at once for $0; otherwise the request joins the
// identical one in flight (or starts it). Only a complete, successful answer is stored; never an error, a
// cut or a cancelled stream. Hits and joiners are marked cached, cost nothing and reserve nothing.
import { CancelledError } from '../errors';
import type { BudgetPort } from '../spend/budgetPort';
import type { Action, Classification, Decision } from '../types';
import { ZERO_USAGE } from '../types';
import type { RouteEvent, RouteOutcome, RouteResult, StreamEvent } from '../router/types';
import type { CachedAnswer, ResponseCache } from './responseCache';
import type { SingleFlight } from './singleFlight';

export interface ServeDeps {
  budget?: BudgetPort;
  onEvent?: (event: RouteEvent) => void;
}

export interface ServeJob {
  key: string;
  responses: ResponseCache;
  flights: SingleFlight<StreamEvent>;
  decision: Decision;
  classification?: Classification;
  action?: Action;
  /** The upstream run (the decision's chain) on the flight's signal. */
  run(signal: AbortSignal): AsyncIterable<StreamEvent>;
}

export const CACHED_SUFFIX = ' · cached';

export function markCached(d: Decision): Decision {
  return d.explanation.endsWith(CACHED_SUFFIX) ? d : { ...d, explanation: d.explanation + CACHED_SUFFIX, estimatedCostUsd: 0 };
}

export function serveCached(deps: ServeDeps, job: ServeJob, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
  const hit = job.responses.get(job.key);
  if (hit) return served(deps, job, hit);
  const { leader, events } = job.flights.join(job.key, (s) => storing(job, job.run(s)), signal);
  return leader ? led(deps, job, events) : joined(deps, job, events);
}

async function* storing(job: ServeJob, events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent, void, undefined> {
  for await (const e of events) {
    if (e.type === 'done' && e.result.text && e.result.provider && e.result.model) {
      const { text, usage, provider, model } = e.result;
      job.responses.set(job.key, { text, usage, provider, model });
    }
    yield e;
  }
}

/** The request that started the flight sees exactly the upstream's events (it pays, the chain logs it). */
async function* led(deps: ServeDeps, job: ServeJob, events: AsyncGenerator<StreamEvent, void, undefined>): AsyncGenerator<StreamEvent, void, undefined> {
  let last: StreamEvent | undefined;
  for await (const e of events) yield (last = e);
  // Left early while others still read: for this caller it is a cancellation.
  if (last?.type !== 'done' && last?.type !== 'error') yield* cancelled(deps, job, performance.now(), '');
}

async function* served(deps: ServeDeps, job: ServeJob, a: CachedAnswer): AsyncGenerator<StreamEvent, void, undefined> {
  const t0 = performance.now();
  const decision = markCached(job.decision);
  const result: RouteResult = { decision, attempts: [], usage: ZERO_USAGE, costUsd: 0, text: a.text, cached: true, provider: a.provider, model: a.model };
  yield { type: 'decision', decision, classification: job.classification };
  yield { type: 'delta', text: a.text };
  account(deps, job, result, 'ok', t0, 0);
  yield { type: 'done', result };
}

/** A joiner: the shared events, its decision and result marked cached at $0, its own event. */
async function* joined(deps: ServeDeps, job: ServeJob, events: AsyncGenerator<StreamEvent, void, undefined>): AsyncGenerator<StreamEvent, void, undefined> {
  const t0 = performance.now();
  let firstTokenMs: number | undefined;
  let text = '';
  for await (const e of events) {
    if (e.type === 'decision') yield { ...e, decision: markCached(e.decision) };
    else if (e.type === 'delta') {
      firstTokenMs ??= performance.now() - t0;
      text += e.text;
      yield e;
    } else if (e.type === 'done') {
      const result = { ...e.result, decision: markCached(e.result.decision), usage: ZERO_USAGE, costUsd: 0, cached: true };
      account(deps, job, result, 'ok', t0, firstTokenMs);
      yield { type: 'done', result };
      return;
    } else if (e.type === 'error') {
      const result = { ...e.result, decision: markCached(e.result.decision), usage: ZERO_USAGE, costUsd: 0, cached: true };
      const outcome: RouteOutcome = e.error instanceof CancelledError ? 'cancelled' : e.stoppedAt ? 'cut' : 'error';
      account(deps, job, result, outcome, t0, firstTokenMs, e.error.message);
      yield { ...e, result };
      return;
    } else yield e;
  }
  yield* cancelled(deps, job, t0, text, firstTokenMs); // it left (aborted) while others still read
}

async function* cancelled(deps: ServeDeps, job: ServeJob, t0: number, text: string, firstTokenMs?: number): AsyncGenerator<StreamEvent, void, undefined> {
  const error = new CancelledError();
  const result: RouteResult = { decision: markCached(job.decision), attempts: [], usage: ZERO_USAGE, costUsd: 0, text, cached: true };
  account(deps, job, result, 'cancelled', t0, firstTokenMs, error.message);
  yield { type: 'error', error, result };
}

/** One event per served request; a served answer goes to the ledger as cached, for $0 and no reservation. */
function account(deps: ServeDeps, job: ServeJob, r: RouteResult, outcome: RouteOutcome, t0: number, firstTokenMs?: number, error?: string): void {
  const latencyMs = performance.now() - t0;
  deps.onEvent?.({
    kind: 'complete',
    outcome,
    decision: r.decision,
    attempts: r.attempts,
    provider: r.provider,
    model: r.model,
    usage: r.usage,
    costUsd: 0,
    textLength: r.text.length,
    cached: true,
    latencyMs,
    firstTokenMs: firstTokenMs ?? (outcome === 'ok' ? latencyMs : undefined),
    action: job.action,
    error,
  });
  const b = deps.budget;
  if (!b || outcome !== 'ok' || !r.provider || !r.model) return;
  const d = r.decision;
  const meta = { taskType: d.taskType, complexity: d.complexity, action: job.action, ruleId: d.rule.id, outcome, cached: true, latencyMs: Math.round(latencyMs) };
  void b
    .reserve({ provider: r.provider, model: r.model, local: true, worstCaseUsd: 0 })
    .then((h) => ('refused' in h ? undefined : b.settle(h, { costUsd: 0, usage: r.usage, meta })))
    .catch(() => undefined);
}
