// Runs a decision's chain, the one runner for every kind of call (chat, FIM, embeddings; batch items are chat
// calls): per target, up to 1 + retries upstream tries (retryable errors only), with cooldowns, rate limits,
// budget reservations and timeouts. Never more than chain × (1 + retries) tries.
// Before the first token a failure falls through silently; after it the answer ends with an error event
// (what was streamed is charged, the next target is offered). An abort ends everything: no retry, no fallback.
import type { LoadedConfig, ProviderInfo } from '../config/model';
import { CancelledError, NoRouteError, ProviderError } from '../errors';
import type { Provider, ProviderChunk } from '../providers/types';
import type { ProviderRegistry } from '../providers/registry';
import type { BudgetPort, Reservation, SettleInput } from '../spend/budgetPort';
import type { Price, PriceBook } from '../spend/prices';
import type { Action, ChainStep, Classification, Decision, Usage } from '../types';
import { ZERO_USAGE } from '../types';
import { planRetry } from './backoff';
import { costOfUsage, estimatedUsage } from '../spend/cost';
import { gate, type GateDeps } from './gate';
import type { Attempt, PrivacyNote, RouteEvent, RouteOutcome, RouteResult, StoppedAt, StreamEvent, VectorsChunk } from './types';
import { timeoutsFor } from '../config/timeouts';
import { TimeoutReason, Watchdog } from './watchdog';

export type ChainChunk = ProviderChunk | VectorsChunk;

export interface ChainDeps extends GateDeps {
  registry: ProviderRegistry;
  budget?: BudgetPort;
  random: () => number;
  onEvent?: (event: RouteEvent) => void;
}

export interface ChainJob {
  kind: RouteEvent['kind'];
  config: LoadedConfig;
  prices: PriceBook;
  decision: Decision;
  classification?: Classification;
  privacy?: PrivacyNote;
  action?: Action;
  /** Real input tokens of what is sent: the reservation and an estimated usage use it. */
  inputTokens: number;
  maxTokens: number;
  /** One try: a stream's chunks, or (embeddings) the vectors as one chunk. */
  open(provider: Provider, model: string, signal: AbortSignal): AsyncIterable<ChainChunk>;
  /** The caller's; absent when the caller cannot cancel. */
  signal?: AbortSignal;
}

/** The try in flight, until its money is settled or released. */
interface InFlight {
  info: ProviderInfo;
  model: string;
  price: Price;
  reservation?: Reservation;
  text: string;
  vectors?: number[][];
  started: number;
}

const CANCEL = Symbol('cancel');
const NEVER = new AbortController().signal;


/** The error's text without the "provider:model: " prefix and the status, which the attempt shows apart. */
function detailOf(err: ProviderError, provider: string, model: string): string {
  const prefix = `${provider}:${model}: `;
  const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return text.replace(/^HTTP \d{3}: /, '');
}

export async function* runChain(deps: ChainDeps, job: ChainJob): AsyncGenerator<StreamEvent, void, undefined> {
  const started = performance.now();
  const { config, decision, signal } = job;
  const policy = config.raw.router;
  const attempts: Attempt[] = [];
  const result: RouteResult = { decision, attempts, usage: ZERO_USAGE, costUsd: 0, text: '', cached: false };
  let firstTokenMs: number | undefined;
  let outcome: RouteOutcome | undefined;
  let cur: InFlight | undefined;

  const attempt = (provider: string, model: string, what: string, ms: number, status?: number): StreamEvent => {
    const a: Attempt = status === undefined ? { provider, model, outcome: what, ms } : { provider, model, outcome: what, status, ms };
    attempts.push(a);
    return { type: 'attempt', attempt: a };
  };
  const sinceStart = () => Math.round(performance.now() - started);
  const settle = async (f: InFlight, costUsd: number, usage: Usage, o: SettleInput['meta']['outcome']) => {
    if (!f.reservation || !deps.budget) return;
    const meta = { taskType: decision.taskType, complexity: decision.complexity, action: job.action, ruleId: decision.rule.id, outcome: o, cached: false, latencyMs: sinceStart() };
    await deps.budget.settle(f.reservation, { costUsd, usage, meta });
  };
  const release = async (f: InFlight) => {
    if (f.reservation && deps.budget) await deps.budget.release(f.reservation);
  };
  /** Charges what a stopped try streamed (estimated), into the result. */
  const chargeStreamed = async (f: InFlight, o: 'cut' | 'cancelled') => {
    if (!f.text) return release(f);
    const usage = estimatedUsage(job.inputTokens, f.text);
    const cost = costOfUsage(f.price, usage);
    Object.assign(result, { usage, costUsd: cost, text: f.text, provider: f.info.name, model: f.model });
    await settle(f, cost, usage, o);
  };
  const finish = (o: RouteOutcome, error?: Error) => {
    outcome = o;
    deps.onEvent?.({
      kind: job.kind,
      outcome: o,
      decision,
      attempts,
      provider: result.provider,
      model: result.model,
      usage: result.usage,
      costUsd: result.costUsd,
      textLength: result.text.length,
      cached: false,
      latencyMs: sinceStart(),
      firstTokenMs,
      action: job.action,
      error: error?.message,
    });
  };

  // The decision goes out first, but only once the first request is on its way (the caller's handling of it
  // then overlaps the network); skips before that wait behind it.
  let announced = false;
  const early: StreamEvent[] = [];
  const held = (ev: StreamEvent): StreamEvent[] => (announced ? [ev] : (early.push(ev), []));
  const announce = (): StreamEvent[] => {
    if (announced) return [];
    announced = true;
    return [{ type: 'decision', decision, classification: job.classification, ...(job.privacy ? { privacy: job.privacy } : {}) }, ...early.splice(0)];
  };

  try {
    steps: for (let i = 0; i < decision.chain.length; i++) {
      const step = decision.chain[i];
      if (step.skipped) {
        for (const e of held(attempt(step.provider, step.model, `skipped: ${step.skipped}`, 0))) yield e;
        continue;
      }
      const info = config.providers.get(step.provider)!;
      const provider = deps.registry.get(info);
      const retries = info.retries ?? policy.retries;
      for (let retry = 0; retry <= retries; retry++) {
        if (signal?.aborted) throw CANCEL;
        let skip = gate(deps, config, info, signal ?? NEVER);
        if (typeof skip === 'object') skip = await skip;
        if (skip) {
          for (const e of held(attempt(step.provider, step.model, `skipped: ${skip}`, 0))) yield e;
          continue steps;
        }
        const price = job.prices.priceOf(info, step.model);
        const f: InFlight = { info, model: step.model, price, text: '', started: performance.now() };
        if (deps.budget) {
          const worstCaseUsd = job.prices.worstCaseUsd(price, job.inputTokens, job.maxTokens);
          const r = await deps.budget.reserve({ provider: info.name, model: step.model, local: info.local, worstCaseUsd });
          if ('refused' in r) {
            for (const e of held(attempt(step.provider, step.model, `skipped: ${r.refused} (${r.detail})`, 0))) yield e;
            continue steps;
          }
          f.reservation = r;
        }
        cur = f;

        // The try itself. The hot loop: one clock read per chunk and side of the yield, no timers, no logging.
        const ac = new AbortController();
        const onAbort = () => ac.abort(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        const dog = new Watchdog(timeoutsFor(policy, info), (reason) => ac.abort(reason));
        let usage: Usage | undefined;
        let failure: unknown;
        let ended = false;
        const upstream = job.open(provider, step.model, ac.signal)[Symbol.asyncIterator]();
        const first = upstream.next(); // the request leaves now
        first.catch(() => undefined); // awaited below; this only keeps an early exit from leaving it unhandled
        try {
          for (const e of announce()) yield e;
          for (let r = await first; !r.done; r = await upstream.next()) {
            const chunk = r.value;
            if (chunk.type === 'delta') {
              if (!f.text) firstTokenMs ??= Math.round(performance.now() - started);
              dog.touch();
              f.text += chunk.text;
              yield chunk;
              dog.touch();
            } else if (chunk.type === 'open') dog.opened();
            else if (chunk.type === 'usage') usage = chunk.usage;
            else f.vectors = chunk.vectors;
          }
          if (ac.signal.aborted) failure = ac.signal.reason;
          ended = true;
        } catch (err) {
          failure = err;
        } finally {
          dog.stop();
          signal?.removeEventListener('abort', onAbort);
          if (!ended) {
            ac.abort(); // closes the connection whenever the stream did not end cleanly
            void upstream.return?.().catch(() => undefined);
          }
        }
        const ms = Math.round(performance.now() - f.started);

        if (failure === undefined) {
          const used = usage ?? estimatedUsage(job.inputTokens, f.text);
          const cost = costOfUsage(price, used);
          Object.assign(result, { usage: used, costUsd: cost, text: f.text, provider: info.name, model: step.model }, f.vectors && { vectors: f.vectors });
          cur = undefined;
          await settle(f, cost, used, 'ok');
          deps.cooldowns.succeeded(info.name);
          const ok = attempt(step.provider, step.model, 'ok', ms);
          finish('ok');
          yield ok;
          yield { type: 'done', result };
          return;
        }
        if (signal?.aborted) throw CANCEL;

        const reason = ac.signal.reason;
        const err =
          reason instanceof TimeoutReason
            ? new ProviderError({ provider: info.name, model: step.model, retryable: true, message: `${info.name}:${step.model}: ${reason.describe()}` })
            : failure instanceof ProviderError
              ? failure
              : new ProviderError({ provider: info.name, model: step.model, retryable: false, message: `${info.name}:${step.model}: ${String((failure as Error)?.message ?? failure)}` });
        const detail = reason instanceof TimeoutReason ? reason.describe() : `error: ${detailOf(err, info.name, step.model)}`;
        if (err.retryable) deps.cooldowns.failed(info.name, deps.now(), policy.cooldown);

        if (f.text) {
          // After the first token: never switch models silently.
          cur = undefined;
          await chargeStreamed(f, 'cut');
          const stoppedAt: StoppedAt = { provider: info.name, model: step.model, chars: f.text.length, tokens: result.usage.outputTokens };
          const cut = attempt(step.provider, step.model, `cut after ${stoppedAt.chars} chars (~${stoppedAt.tokens} tokens): ${detail}`, ms, err.status);
          const nextTarget = nextUsable(decision.chain, i, deps, config);
          const error = new ProviderError({
            provider: info.name,
            model: step.model,
            status: err.status,
            retryable: err.retryable,
            midStream: true,
            message:
              `${info.name}:${step.model} stopped after ${stoppedAt.chars} characters (~${stoppedAt.tokens} tokens): ${detail}` +
              (nextTarget ? `; you can retry on ${nextTarget.provider}:${nextTarget.model}` : ''),
          });
          finish('cut', error);
          yield cut;
          yield { type: 'error', error, result, stoppedAt, nextTarget };
          return;
        }

        cur = undefined;
        await release(f);
        if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.max_retry_after_ms) {
          deps.cooldowns.coolUntil(info.name, deps.now() + err.retryAfterMs); // the server asked us to stay away
        }
        const last = !err.retryable || retry === retries;
        const plan = last ? undefined : planRetry(err, retry, policy, deps.random);
        if (plan && 'nextTarget' in plan) {
          yield attempt(step.provider, step.model, `${detail} (${plan.nextTarget}: next target)`, ms, err.status);
          continue steps;
        }
        yield attempt(step.provider, step.model, plan ? `${detail} (retry in ${plan.waitMs} ms)` : detail, ms, err.status);
        if (!plan) continue steps;
        await deps.sleep(plan.waitMs, signal ?? NEVER);
      }
    }
    const usable = decision.chain.some((s) => !s.skipped);
    const error = new NoRouteError(attempts, usable ? 'every target in the chain failed' : (decision.nothingFits ?? 'no usable target in the chain'));
    finish('error', error);
    for (const e of announce()) yield e;
    yield { type: 'error', error, result };
  } catch (err) {
    if (err !== CANCEL && !signal?.aborted) {
      const f = cur;
      cur = undefined;
      if (f) await release(f);
      finish('error', err as Error);
      throw err;
    }
    const f = cur;
    cur = undefined;
    if (f) await chargeStreamed(f, 'cancelled');
    const cancelled = f && attempt(f.info.name, f.model, 'cancelled', Math.round(performance.now() - f.started));
    const error = new CancelledError();
    finish('cancelled', error);
    for (const e of announce()) yield e;
    if (cancelled) yield cancelled;
    yield { type: 'error', error, result };
  } finally {
    // The caller stopped reading (or something threw): account for the try in flight, and say so once.
    if (outcome === undefined) {
      const f = cur;
      cur = undefined;
      if (f) {
        await chargeStreamed(f, 'cancelled');
        attempts.push({ provider: f.info.name, model: f.model, outcome: 'cancelled', ms: Math.round(performance.now() - f.started) });
      }
      finish('cancelled');
    }
  }
}

/** The next step a user could retry on after a cut: not skipped, not cooling down. */
function nextUsable(chain: readonly ChainStep[], from: number, deps: GateDeps, config: LoadedConfig): ChainStep | undefined {
  for (let j = from + 1; j < chain.length; j++) {
    const s = chain[j];
    if (s.skipped || !config.providers.has(s.provider)) continue;
    if (deps.cooldowns.coolingUntil(s.provider, deps.now()) !== undefined) continue;
    return s;
  }
  return undefined;
}
