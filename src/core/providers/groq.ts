// Groq through the official `groq-sdk`. Usage arrives in the final chunk's `x_groq.usage`.
import type { ProviderInfo } from '../config/model';
import { collect, lazy, openAIUsage } from './common';
import { throwIfAborted, toProviderError, withoutFimOrEmbeddings } from './errors';
import { OPEN, type Provider, type ProviderChunk, type ProviderRequest } from './types';

type UsageLike = Parameters<typeof openAIUsage>[0];

export function createGroqProvider(info: ProviderInfo): Provider {
  const client = lazy(async () => {
    const { default: SDK } = await import('groq-sdk');
    return new SDK({ baseURL: info.baseUrl, apiKey: info.apiKey ?? 'none', maxRetries: 0, logLevel: 'off' });
  });

  async function* stream(req: ProviderRequest, signal: AbortSignal): AsyncGenerator<ProviderChunk> {
    try {
      const sdk = client.value ?? (await client());
      const s = await sdk.chat.completions.create(
        {
          model: req.model,
          messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
          max_completion_tokens: req.maxTokens,
          ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
        },
        { signal },
      );
      yield OPEN;
      for await (const chunk of s) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield { type: 'delta', text };
        const usage = (chunk.x_groq?.usage ?? (chunk as { usage?: UsageLike | null }).usage) as UsageLike | null | undefined;
        if (usage && usage.completion_tokens !== undefined) yield { type: 'usage', usage: openAIUsage(usage) };
      }
      throwIfAborted(signal);
    } catch (err) {
      throw toProviderError(err, info, req.model, signal);
    }
  }

  return {
    info,
    stream,
    complete: (req, signal) => collect(stream(req, signal)),
    ...withoutFimOrEmbeddings(info),
    async listModels(signal) {
      try {
        const sdk = await client();
        const page = await sdk.models.list({ signal });
        return page.data.map((m) => m.id);
      } catch (err) {
        throw toProviderError(err, info, '*', signal);
      }
    },
  };
}
