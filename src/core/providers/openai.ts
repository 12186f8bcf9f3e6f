// OpenAI's API through the official `openai` SDK; also every `openai_compatible` server by base_url
// (LM Studio, LocalAI, vLLM, Together, Fireworks, Gemini's and Mistral's endpoints, a LiteLLM proxy).
import type { ProviderInfo } from '../config/model';
import { fimMethodFor, renderFimPrompt } from '../config/fimTemplates';
import { collect, detailsLister, lazy } from './common';
import { failing, toProviderError, unsupported } from './errors';
import { infill } from './llamacpp';
import { chatBody, chatReader, completionReader } from './openaiShape';
import { readStream } from './stream';
import type { FimRequest, Provider, ProviderChunk, ProviderRequest } from './types';

export function createOpenAIProvider(info: ProviderInfo): Provider {
  const client = lazy(async () => {
    const { default: SDK } = await import('openai');
    // Explicit nulls: never pick up OPENAI_* variables meant for another endpoint.
    return new SDK({ baseURL: info.baseUrl, apiKey: info.apiKey ?? 'none', organization: null, project: null, maxRetries: 0, logLevel: 'off' });
  });
  // OpenAI itself wants max_completion_tokens (its reasoning models reject max_tokens); compatible servers know max_tokens.
  const native = info.type === 'openai';

  const stream = (req: ProviderRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const sdk = client.value ?? (await client());
      const capped = native ? { max_completion_tokens: req.maxTokens } : { max_tokens: req.maxTokens };
      return sdk.chat.completions.create({ ...chatBody(req), ...capped, stream_options: { include_usage: true } }, { signal });
    }, chatReader);

  const completions = (req: FimRequest, text: { prompt: string; suffix?: string; stop?: string[] }, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const sdk = client.value ?? (await client());
      const body = { model: req.model, ...text, max_tokens: req.maxTokens, stream: true as const, stream_options: { include_usage: true } };
      return sdk.completions.create({ ...body, ...(req.temperature === undefined ? {} : { temperature: req.temperature }) }, { signal });
    }, completionReader);

  /** The code after the cursor goes where the server reads it: the family's FIM prompt, /infill, or `suffix`. */
  const fim = (req: FimRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> => {
    const method = fimMethodFor(info, req.model);
    if ('unsupported' in method) return failing(unsupported(info, req.model, `fill-in-the-middle: ${method.unsupported}`));
    if (method.kind === 'infill') return infill(info, req, signal);
    if (method.kind === 'suffix') return completions(req, { prompt: req.prefix, suffix: req.suffix }, signal);
    // OpenAI's API takes at most four stop sequences; the families list theirs most important first.
    const stop = method.stop.slice(0, 4);
    return completions(req, { prompt: renderFimPrompt(method.prompt, req.prefix, req.suffix), ...(stop.length ? { stop } : {}) }, signal);
  };

  /** Servers add each model's window to the list in their own field (vLLM, llama.cpp, LM Studio, Together, …). */
  const listModelDetails = detailsLister(info, async (signal) => (await client()).models.list({ signal }));

  return {
    info,
    load: () => client().then(() => undefined),
    stream,
    fim,
    complete: (req, signal) => collect(stream(req, signal)),
    async embed(model, texts, signal) {
      try {
        const sdk = await client();
        // 'float' explicitly: compatible servers often lack the SDK's base64 default.
        const r = await sdk.embeddings.create({ model, input: [...texts], encoding_format: 'float' }, { signal });
        return [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      } catch (err) {
        throw toProviderError(err, info, model, signal);
      }
    },
    listModels: async (signal) => (await listModelDetails(signal)).map((m) => m.id),
    listModelDetails,
  };
}
