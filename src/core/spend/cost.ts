// The real cost of a call, from the usage the provider returned (or estimated from the streamed text).
import { countTokens } from '../tokens';
import type { Usage } from '../types';
import type { Price } from './prices';

/**
 * USD for `usage` at `price`. Usage.inputTokens is the UNCACHED input; cache reads and writes are separate
 * counts priced at their own rates (the adapters normalize with the helpers below).
 */
export function costOfUsage(price: Price, usage: Usage): number {
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheReadTokens * price.cacheRead +
    usage.cacheWriteTokens * price.cacheWrite;
  return micro / 1e6;
}

const count = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * APIs whose prompt count INCLUDES cached tokens (OpenAI-style `prompt_tokens` with
 * `prompt_tokens_details.cached_tokens`): the cached part is split out and priced at the cache-read rate.
 */
export function usageFromInclusivePrompt(u: { promptTokens?: number | null; completionTokens?: number | null; cachedTokens?: number | null }): Usage {
  const prompt = count(u.promptTokens);
  const cached = Math.min(count(u.cachedTokens), prompt);
  return { inputTokens: prompt - cached, outputTokens: count(u.completionTokens), cacheReadTokens: cached, cacheWriteTokens: 0 };
}

/**
 * APIs whose input count EXCLUDES cache reads and writes (Anthropic-style `input_tokens`,
 * `cache_read_input_tokens`, `cache_creation_input_tokens`): taken as they are.
 */
export function usageFromExclusiveInput(u: {
  inputTokens?: number | null;
  outputTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
}): Usage {
  return {
    inputTokens: count(u.inputTokens),
    outputTokens: count(u.outputTokens),
    cacheReadTokens: count(u.cacheReadTokens),
    cacheWriteTokens: count(u.cacheWriteTokens),
  };
}

/**
 * A stream cut before the provider sent usage: charge every input token (no cache discount: we cannot know)
 * plus the tokens of the text that actually streamed. Marked estimated, and so is its ledger entry.
 */
export function estimatedUsage(inputTokens: number, streamedText: string): Usage {
  return { inputTokens: count(inputTokens), outputTokens: countTokens(streamedText), cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true };
}
