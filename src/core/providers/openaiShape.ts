// The OpenAI chat-completions shape, which Groq's SDK speaks too: the request body and the stream reader both
// adapters share. Each adapter keeps only what differs (the token-cap field, where usage arrives).
import type { Usage } from '../types';
import { openAIUsage } from './common';
import type { ChunkReader } from './stream';
import type { ProviderRequest } from './types';

export type OpenAIUsageLike = Parameters<typeof openAIUsage>[0];

export interface ChatChunkLike {
  choices: { delta?: { content?: string | null } }[];
  usage?: OpenAIUsageLike | null;
}

/** The streamed chat request, less the token cap (its field differs). */
export function chatBody(req: ProviderRequest) {
  return {
    model: req.model,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true as const,
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  };
}

const usageOf = (u: OpenAIUsageLike | null | undefined): Usage | undefined => (u ? openAIUsage(u) : undefined);

/** Text from `choices[0].delta.content`, usage from `usage` (the last chunk, with `include_usage`). */
export const chatReader: ChunkReader<ChatChunkLike> = {
  text: (c) => c.choices[0]?.delta?.content,
  usage: (c) => usageOf(c.usage),
};

/** The legacy completions stream (fill-in-the-middle): text from `choices[0].text`. */
export const completionReader: ChunkReader<{ choices: { text?: string }[]; usage?: OpenAIUsageLike | null }> = {
  text: (c) => c.choices[0]?.text,
  usage: (c) => usageOf(c.usage),
};

/** Reads usage from elsewhere in the chunk (Groq: `x_groq.usage`), the rest as OpenAI's. */
export function chatReaderWithUsage<C extends ChatChunkLike>(usage: (c: C) => OpenAIUsageLike | null | undefined): ChunkReader<C> {
  return { text: chatReader.text, usage: (c) => usageOf(usage(c)) };
}
