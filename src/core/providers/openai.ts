// OpenAI's API through the official `openai` SDK; also every `openai_compatible` server by base_url
// (LM Studio, LocalAI, vLLM, Together, Fireworks, Gemini's and Mistral's endpoints, a LiteLLM proxy).
import type OpenAI from 'openai';
import type { ProviderInfo } from '../config/model';
import { collect, ids, lazy } from './common';
import { toProviderError } from './errors';
import { chatBody, chatReader, completionReader } from './openaiShape';
import { readStream } from './stream';
import type { FimRequest, Provider, ProviderRequest } from './types';

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

  const fim = (req: FimRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const sdk = client.value ?? (await client());
      const body = { model: req.model, prompt: req.prefix, suffix: req.suffix, max_tokens: req.maxTokens, stream: true as const, stream_options: { include_usage: true } };
      return sdk.completions.create({ ...body, ...(req.temperature === undefined ? {} : { temperature: req.temperature }) }, { signal });
    }, completionReader);

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
    async listModels(signal) {
      try {
        const sdk: OpenAI = await client();
        return await ids(sdk.models.list({ signal }));
      } catch (err) {
        throw toProviderError(err, info, '*', signal);
      }
    },
  };
}
