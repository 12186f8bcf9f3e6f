// Small pieces every adapter shares: usage shapes, `complete` on top of `stream`, lazy clients.
import type { ProviderInfo } from '../config/model';
import { toProviderError } from './errors';
import { listedContextWindow } from './metadata';
import type { Usage } from '../types';
import type { Completion, ModelDetails, ProviderChunk } from './types';

/** OpenAI-style usage: prompt_tokens INCLUDES cached tokens; we report the uncached part as input. */
export function openAIUsage(u: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null }): Usage {
  const prompt = u.prompt_tokens ?? 0;
  const cached = Math.min(prompt, u.prompt_tokens_details?.cached_tokens ?? 0);
  return { inputTokens: prompt - cached, outputTokens: u.completion_tokens ?? 0, cacheReadTokens: cached, cacheWriteTokens: 0 };
}

export async function collect(stream: AsyncIterable<ProviderChunk>): Promise<Completion> {
  let text = '';
  let usage: Usage | undefined;
  for await (const c of stream) {
    if (c.type === 'delta') text += c.text;
    else if (c.type === 'usage') usage = c.usage;
  }
  return usage ? { text, usage } : { text };
}

export interface Lazy<T> {
  (): Promise<T>;
  /** Set once built, so a request can start without an extra await. */
  value?: T;
}

/** Builds a client once, on first use, so SDKs stay off the activation path. */
export function lazy<T>(make: () => Promise<T>): Lazy<T> {
  let p: Promise<T> | undefined;
  const get: Lazy<T> = () =>
    (p ??= make().then(
      (v) => (get.value = v),
      (err: unknown) => {
        p = undefined;
        throw err;
      },
    ));
  return get;
}

/** Pages of a Stainless list endpoint, as ids. */
export async function ids(pages: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const m of pages) out.push(m.id);
  return out;
}

/** Pages of a Stainless list endpoint, with the context window each entry reports (servers add their own fields). */
export async function details(pages: AsyncIterable<{ id: string }> | Iterable<{ id: string }>): Promise<ModelDetails[]> {
  const out: ModelDetails[] = [];
  for await (const m of pages) {
    const contextWindow = listedContextWindow(m);
    out.push(contextWindow ? { id: m.id, contextWindow } : { id: m.id });
  }
  return out;
}

/** A provider's model list with windows, its errors as the provider's own (`list` calls the SDK). */
export function detailsLister(
  info: ProviderInfo,
  list: (signal: AbortSignal) => Promise<AsyncIterable<{ id: string }> | Iterable<{ id: string }>>,
): (signal: AbortSignal) => Promise<ModelDetails[]> {
  return async (signal) => {
    try {
      return await details(await list(signal));
    } catch (err) {
      throw toProviderError(err, info, '*', signal);
    }
  };
}
