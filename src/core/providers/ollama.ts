// Ollama through the official `ollama` SDK: chat, generate with `suffix` (fill-in-the-middle), embed, list.
// The SDK takes no AbortSignal, so each call gets a client whose fetch carries ours: an abort closes the
// connection whether it is still waiting for headers or already streaming. The same fetch turns HTTP
// errors into errors that keep the status and Retry-After (the SDK's own error drops the headers).
import type { ProviderInfo } from '../config/model';
import type { Usage } from '../types';
import { collect, lazy } from './common';
import { toProviderError } from './errors';
import { readStream, type ChunkReader } from './stream';
import type { FimRequest, Provider, ProviderRequest } from './types';

type Fetch = typeof fetch;

async function httpError(res: Response): Promise<Error> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const text = await res.text();
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      message = text || message;
    }
  } catch {
    // body unreadable: keep the status line
  }
  return Object.assign(new Error(message), { status: res.status, headers: res.headers });
}

function fetchWith(signal: AbortSignal): Fetch {
  return async (input, init) => {
    const own = init?.signal;
    const res = await fetch(input, { ...init, signal: own ? AbortSignal.any([own, signal]) : signal });
    if (!res.ok) throw await httpError(res);
    return res;
  };
}

interface Counts {
  done?: boolean;
  prompt_eval_count?: number;
  eval_count?: number;
}

/** Usage comes with the last part (`done: true`). */
const usageOf = (r: Counts): Usage | undefined =>
  r.done ? { inputTokens: r.prompt_eval_count ?? 0, outputTokens: r.eval_count ?? 0, cacheReadTokens: 0, cacheWriteTokens: 0 } : undefined;
const chatReader: ChunkReader<Counts & { message?: { content?: string } }> = { text: (p) => p.message?.content, usage: usageOf };
const generateReader: ChunkReader<Counts & { response?: string }> = { text: (p) => p.response, usage: usageOf };

export function createOllamaProvider(info: ProviderInfo): Provider {
  const sdk = lazy(() => import('ollama'));
  const clientFor = async (signal: AbortSignal) => new (await sdk()).Ollama({ host: info.baseUrl, fetch: fetchWith(signal) });
  const options = (r: { maxTokens: number; temperature?: number }) =>
    r.temperature === undefined ? { num_predict: r.maxTokens } : { num_predict: r.maxTokens, temperature: r.temperature };

  const stream = (req: ProviderRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      const messages = req.messages.map((m) => ({ role: m.role, content: m.content }));
      return (await clientFor(signal)).chat({ model: req.model, messages, stream: true, options: options(req) });
    }, chatReader);

  const fim = (req: FimRequest, signal: AbortSignal) =>
    readStream(info, req.model, signal, async () => {
      return (await clientFor(signal)).generate({ model: req.model, prompt: req.prefix, suffix: req.suffix, stream: true, options: options(req) });
    }, generateReader);

  return {
    info,
    load: () => sdk().then(() => undefined),
    stream,
    fim,
    complete: (req, signal) => collect(stream(req, signal)),
    async embed(model, texts, signal) {
      try {
        const r = await (await clientFor(signal)).embed({ model, input: [...texts] });
        return r.embeddings;
      } catch (err) {
        throw toProviderError(err, info, model, signal);
      }
    },
    async listModels(signal) {
      try {
        const r = await (await clientFor(signal)).list();
        return r.models.map((m) => m.name);
      } catch (err) {
        throw toProviderError(err, info, '*', signal);
      }
    },
  };
}
