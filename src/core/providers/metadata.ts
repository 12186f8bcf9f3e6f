// Context windows as servers report them, read from plain JSON (no SDK type): Ollama's /api/show `model_info`
// (`<architecture>.context_length`), and the model lists of OpenAI-compatible servers, each in its own field:
// vLLM `max_model_len`, llama.cpp `meta.n_ctx_train`, LM Studio and Mistral `max_context_length`, Groq
// `context_window`, Together and OpenRouter `context_length`. Pure.

const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** Ollama's model_info map (a JSON object; the SDK types it as a Map). */
export function ollamaContextLength(modelInfo: unknown): number | undefined {
  if (!modelInfo || typeof modelInfo !== 'object') return undefined;
  const entries = modelInfo instanceof Map ? [...modelInfo.entries()] : Object.entries(modelInfo as Record<string, unknown>);
  for (const [k, v] of entries) if (String(k).endsWith('.context_length') && positiveInt(v)) return v as number;
  return undefined;
}

const LIST_FIELDS = ['max_model_len', 'context_window', 'context_length', 'max_context_length', 'loaded_context_length'] as const;

/** One entry of a /v1/models listing. */
export function listedContextWindow(entry: unknown): number | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const e = entry as Record<string, unknown>;
  for (const f of LIST_FIELDS) {
    const n = positiveInt(e[f]);
    if (n) return n;
  }
  const meta = e.meta as Record<string, unknown> | null | undefined;
  return positiveInt(meta?.n_ctx) ?? positiveInt(meta?.n_ctx_train);
}
