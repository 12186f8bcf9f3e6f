// Will the request fit in a model's context window? The router counts tokens with cl100k; local models count
// with their own vocabularies, which a real llama vocabulary measured at 1.2× that count, and up to 1.44× on
// Python. So the fit check adds the common margin, and Ollama's num_ctx (which truncates silently when short)
// is sized for the worst one. Pure.

/** cl100k → a local model's own tokenizer, the usual case. */
export const TOKEN_MARGIN = 1.2;
/** cl100k → a local model's own tokenizer, the worst case measured (Python source). */
export const WORST_TOKEN_MARGIN = 1.44;
/** Ollama's own default window; num_ctx never goes below it, so small requests do not reload the model. */
export const MIN_NUM_CTX = 4096;

export const formatTokens = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Context a request takes: its input with the margin, plus the output it may write. */
export function neededContext(inputTokens: number, maxTokens: number, margin = TOKEN_MARGIN): number {
  return Math.ceil(inputTokens * margin) + maxTokens;
}

/** Why a target cannot take the request ("context 20,480 > window 16,384"), or undefined when it fits or the window is unknown. */
export function contextSkip(needed: number, window: number | undefined): string | undefined {
  return window !== undefined && needed > window ? `context ${formatTokens(needed)} > window ${formatTokens(window)}` : undefined;
}

/**
 * Ollama's options.num_ctx: input (worst-case margin) + output, rounded up to a power of two (few distinct sizes,
 * so few model reloads), at least Ollama's default, never above the model's window.
 */
export function numCtxFor(inputTokens: number, maxTokens: number, window?: number): number {
  const need = neededContext(inputTokens, maxTokens, WORST_TOKEN_MARGIN);
  let ctx = MIN_NUM_CTX;
  while (ctx < need) ctx *= 2;
  return window !== undefined ? Math.min(ctx, window) : ctx;
}
