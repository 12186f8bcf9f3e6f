// Inline completions: cache -> debounce -> one request at a time (a new request aborts the one before it,
// upstream) -> fill-in-the-middle stream, stopped as soon as the trimmed completion is complete. Pure: the
// editor adapter supplies prefix and suffix, the router supplies `fim`, and time is injectable.
import type { Attempt, FimRequest, StreamEvent } from '../router/types';
import type { Decision } from '../types';
import { PrefixCache } from './cache';
import { trimCompletion } from './trim';

export type FimFn = (req: FimRequest, signal: AbortSignal) => AsyncIterable<StreamEvent>;

export interface InlineEngineOptions {
  fim: FimFn;
  /** Read per request, so a settings change applies at once. */
  debounceMs: () => number;
  maxLines?: number;
  maxTokens?: number;
  cacheSize?: number;
  /** Rejects (or resolves false) when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
}

export interface InlineInput {
  prefix: string;
  suffix: string;
  /** The document they come from: a private one keeps the completion local. */
  files: readonly string[];
  localOnly?: boolean;
  /** Explicitly invoked (not while typing): no debounce. */
  immediate?: boolean;
}

export type InlineOutcome =
  | { kind: 'completion'; text: string; cached: boolean; provider?: string; model?: string; decision?: Decision }
  | { kind: 'empty' | 'superseded' | 'cancelled' }
  | { kind: 'error'; message: string; decision?: Decision };

export function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class InlineEngine {
  readonly cache: PrefixCache;
  private current?: AbortController;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;

  constructor(private readonly opts: InlineEngineOptions) {
    this.cache = new PrefixCache(opts.cacheSize);
    this.sleep = opts.sleep ?? abortableSleep;
  }

  /** Aborts the request in flight, if any. */
  cancel(): void {
    this.current?.abort();
    this.current = undefined;
  }

  async complete(input: InlineInput, signal?: AbortSignal): Promise<InlineOutcome> {
    const cached = this.cache.get(input.prefix, input.suffix);
    if (cached !== undefined) return cached ? { kind: 'completion', text: cached, cached: true } : { kind: 'empty' };

    // Supersede: whatever was waiting or streaming for an older cursor state stops now.
    this.current?.abort();
    const mine = new AbortController();
    this.current = mine;
    const onAbort = () => mine.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) mine.abort();
    const stopped = (): InlineOutcome => ({ kind: signal?.aborted ? 'cancelled' : 'superseded' });
    try {
      if (!input.immediate && !(await this.sleep(this.opts.debounceMs(), mine.signal).catch(() => false))) return stopped();
      if (mine.signal.aborted) return stopped();
      return await this.run(input, mine.signal, stopped);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.current === mine) this.current = undefined;
    }
  }

  private async run(input: InlineInput, signal: AbortSignal, stopped: () => InlineOutcome): Promise<InlineOutcome> {
    const ctx = { prefix: input.prefix, suffix: input.suffix, maxLines: this.opts.maxLines };
    let text = '';
    let decision: Decision | undefined;
    const attempts: Attempt[] = [];
    let serving: { provider: string; model: string } | undefined;
    let error: string | undefined;
    let complete = false;
    for await (const e of this.opts.fim({ prefix: input.prefix, suffix: input.suffix, files: input.files, localOnly: input.localOnly, maxTokens: this.opts.maxTokens }, signal)) {
      if (e.type === 'decision') decision = e.decision;
      else if (e.type === 'attempt') attempts.push(e.attempt);
      else if (e.type === 'delta') {
        if (!text && decision) serving = inFlight(decision, attempts);
        text += e.text;
        // Early stop: once the trimmed completion cannot change, the rest would be paid for and thrown away.
        if (trimCompletion(text, ctx, false).done) {
          complete = true;
          break;
        }
      } else if (e.type === 'error') {
        if (signal.aborted) return stopped();
        // A cut stream still offers what it streamed; a failed route offers nothing.
        if (!text) error = e.error.message;
      }
    }
    if (signal.aborted && !complete) return stopped();
    if (error !== undefined) return { kind: 'error', message: error, decision };
    const trimmed = trimCompletion(text, ctx, true).text;
    this.cache.set(input.prefix, input.suffix, trimmed);
    return trimmed ? { kind: 'completion', text: trimmed, cached: false, ...serving, decision } : { kind: 'empty' };
  }
}

/** The chain step streaming now: the first that is neither skipped nor finished (an attempt not retried). */
export function inFlight(decision: Decision, attempts: readonly Attempt[]): { provider: string; model: string } | undefined {
  const finished = (p: string, m: string) => attempts.some((a) => a.provider === p && a.model === m && !a.outcome.includes('(retry in'));
  const step = decision.chain.find((s) => !s.skipped && !finished(s.provider, s.model));
  return step && { provider: step.provider, model: step.model };
}
