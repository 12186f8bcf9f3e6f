// Groq through the official `groq-sdk`, which speaks OpenAI's chat shape (openaiShape.ts). What differs:
// usage arrives in the final chunk's `x_groq.usage`, and there is no FIM and no embeddings.
import type { ProviderInfo } from '../config/model';
import { collect, detailsLister, lazy } from './common';
import { withoutFimOrEmbeddings } from './errors';
import { chatBody, chatReaderWithUsage, type ChatChunkLike, type OpenAIUsageLike } from './openaiShape';
import { readStream } from './stream';
import type { Provider, ProviderRequest } from './types';

const groqReader = chatReaderWithUsage((c: ChatChunkLike & { x_groq?: { usage?: OpenAIUsageLike | null } | null }) => {
  const usage = c.x_groq?.usage ?? c.usage;
  return usage && usage.completion_tokens !== undefined ? usage : undefined;
});

export function createGroqProvider(info: ProviderInfo): Provider {
  const client = lazy(async () => {
    const { default: SDK } = await import('groq-sdk');
    return new SDK({ baseURL: info.baseUrl, apiKey: info.apiKey ?? 'none', maxRetries: 0, logLevel: 'off' });
  });

  const stream = (req: ProviderRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const sdk = client.value ?? (await client());
      return sdk.chat.completions.create({ ...chatBody(req), max_completion_tokens: req.maxTokens }, { signal });
    }, groqReader);

  /** Groq lists each model's `context_window`. */
  const listModelDetails = detailsLister(info, async (signal) => (await (await client()).models.list({ signal })).data);

  return {
    info,
    load: () => client().then(() => undefined),
    stream,
    complete: (req, signal) => collect(stream(req, signal)),
    ...withoutFimOrEmbeddings(info),
    listModels: async (signal) => (await listModelDetails(signal)).map((m) => m.id),
    listModelDetails,
  };
}
