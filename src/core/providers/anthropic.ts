// Anthropic's Messages API through the official `@anthropic-ai/sdk`, streamed.
// Usage: input_tokens EXCLUDES cache reads and writes, which arrive as their own counts.
import type { ProviderInfo } from '../config/model';
import { countTokens } from '../tokens';
import type { ChatMessage, Usage } from '../types';
import { collect, ids, lazy } from './common';
import { toProviderError, withoutFimOrEmbeddings } from './errors';
import { readStream, type ChunkReader } from './stream';
import type { Provider, ProviderRequest } from './types';

/** Below this a block is not worth a cache breakpoint (Anthropic's minimum cacheable prompt). */
export const CACHE_MIN_TOKENS = 1024;
const MAX_BREAKPOINTS = 4;

interface TextBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral' };
}
interface Turn {
  role: 'user' | 'assistant';
  content: string | TextBlock[];
}

/**
 * System messages become system blocks; with prompt caching, the large stable blocks (system, and every turn
 * before the last) get `cache_control`, the latest ones first, at most four.
 */
export function anthropicPrompt(messages: readonly ChatMessage[], promptCaching: boolean): { system?: TextBlock[]; messages: Turn[] } {
  const system: TextBlock[] = [];
  const turns: { role: 'user' | 'assistant'; block: TextBlock }[] = [];
  for (const m of messages) {
    const block: TextBlock = { type: 'text', text: m.content };
    if (m.role === 'system') system.push(block);
    else turns.push({ role: m.role, block });
  }
  if (promptCaching) {
    const stable = [...system, ...turns.slice(0, -1).map((t) => t.block)];
    let marked = 0;
    for (let i = stable.length - 1; i >= 0 && marked < MAX_BREAKPOINTS; i--) {
      const b = stable[i];
      if (b.text.length >= CACHE_MIN_TOKENS && countTokens(b.text) >= CACHE_MIN_TOKENS) {
        b.cache_control = { type: 'ephemeral' };
        marked++;
      }
    }
  }
  return {
    ...(system.length ? { system } : {}),
    messages: turns.map((t) => ({ role: t.role, content: t.block.cache_control ? [t.block] : t.block.text })),
  };
}

interface UsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

function merge(into: Usage, u: UsageFields): void {
  if (u.input_tokens != null) into.inputTokens = u.input_tokens;
  if (u.output_tokens != null) into.outputTokens = u.output_tokens;
  if (u.cache_read_input_tokens != null) into.cacheReadTokens = u.cache_read_input_tokens;
  if (u.cache_creation_input_tokens != null) into.cacheWriteTokens = u.cache_creation_input_tokens;
}

type StreamEvent =
  | { type: 'content_block_delta'; delta: { type: string; text?: string } }
  | { type: 'message_start'; message: { usage: UsageFields } }
  | { type: 'message_delta'; usage: UsageFields }
  | { type: string };

/** Text from text deltas; usage from message_start and message_delta, merged, sent once the stream ends. */
function usageAcrossEvents(): ChunkReader<StreamEvent> {
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let seen = false;
  return {
    text: (ev) => (ev.type === 'content_block_delta' && 'delta' in ev && ev.delta.type === 'text_delta' ? ev.delta.text : undefined),
    usage(ev) {
      if (ev.type === 'message_start' && 'message' in ev) merge(usage, ev.message.usage);
      else if (ev.type === 'message_delta' && 'usage' in ev) merge(usage, ev.usage);
      else return undefined;
      seen = true;
      return undefined;
    },
    end: () => (seen ? usage : undefined),
  };
}

export function createAnthropicProvider(info: ProviderInfo): Provider {
  const client = lazy(async () => {
    const { default: SDK } = await import('@anthropic-ai/sdk');
    return new SDK({ baseURL: info.baseUrl, apiKey: info.apiKey ?? 'none', maxRetries: 0, logLevel: 'off' });
  });

  const stream = (req: ProviderRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const sdk = client.value ?? (await client());
      const body = { model: req.model, max_tokens: req.maxTokens, ...anthropicPrompt(req.messages, info.promptCaching), stream: true as const };
      return sdk.messages.create({ ...body, ...(req.temperature === undefined ? {} : { temperature: req.temperature }) }, { signal });
    }, usageAcrossEvents());

  return {
    info,
    load: () => client().then(() => undefined),
    stream,
    complete: (req, signal) => collect(stream(req, signal)),
    ...withoutFimOrEmbeddings(info),
    async listModels(signal) {
      try {
        const sdk = await client();
        return await ids(sdk.models.list({}, { signal }));
      } catch (err) {
        throw toProviderError(err, info, '*', signal);
      }
    },
  };
}
