// Ollama through the official `ollama` SDK: chat, generate with `suffix` (fill-in-the-middle), embed, list,
// show (a model's window), pull (with its progress stream).
// The SDK takes no AbortSignal, so each call gets a client whose fetch carries ours: an abort closes the
// connection whether it is still waiting for headers or already streaming. The same fetch turns HTTP
// errors into errors that keep the status and Retry-After (the SDK's own error drops the headers).
import type { ProviderInfo } from '../config/model';
import { numCtxFor } from '../contextFit';
import type { Usage } from '../types';
import { collect, lazy } from './common';
import { errorText, httpError, throwIfAborted, toProviderError } from './errors';
import { ollamaContextLength } from './metadata';
import { readStream, type ChunkReader } from './stream';
import type { ContextHint, FimRequest, Provider, ProviderRequest, PullProgress } from './types';

type Fetch = typeof fetch;

/** A line `{"error": …}` with the error as an object, rewritten with its text (the SDK would print [object Object]). */
function plainErrorLine(line: string): string {
  if (!line.includes('"error"')) return line;
  try {
    const part = JSON.parse(line) as { error?: unknown };
    if (part.error !== null && typeof part.error === 'object') return JSON.stringify({ ...part, error: errorText(part.error) });
  } catch {
    // not JSON: the SDK reports it
  }
  return line;
}

/** Ollama streams NDJSON, and an error mid-stream as one more line: every such line reaches the SDK as text. */
function withPlainErrors(res: Response): Response {
  if (!res.body || !/ndjson/.test(res.headers.get('content-type') ?? '')) return res;
  let rest = '';
  const lines = new TransformStream<string, string>({
    transform(chunk, out) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const l of parts) out.enqueue(plainErrorLine(l) + '\n');
    },
    flush(out) {
      if (rest) out.enqueue(plainErrorLine(rest));
    },
  });
  const body = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(lines).pipeThrough(new TextEncoderStream());
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

function fetchWith(signal: AbortSignal): Fetch {
  return async (input, init) => {
    const own = init?.signal;
    const res = await fetch(input, { ...init, signal: own ? AbortSignal.any([own, signal]) : signal });
    if (!res.ok) throw await httpError(res);
    return withPlainErrors(res);
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
  // num_ctx always: without it Ollama cuts the prompt to its default window, silently.
  const options = (r: ContextHint & { maxTokens: number; temperature?: number }) => ({
    num_predict: r.maxTokens,
    ...(r.inputTokens !== undefined ? { num_ctx: numCtxFor(r.inputTokens, r.maxTokens, r.contextWindow) } : {}),
    ...(r.temperature === undefined ? {} : { temperature: r.temperature }),
  });

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
    async *pull(model, signal): AsyncGenerator<PullProgress> {
      try {
        const s = await (await clientFor(signal)).pull({ model, stream: true });
        // An error line in the stream (a model the registry lacks) makes the SDK throw here.
        for await (const p of s) yield { status: p.status, ...(p.digest ? { digest: p.digest, total: p.total, completed: p.completed ?? 0 } : {}) };
        throwIfAborted(signal);
      } catch (err) {
        throw toProviderError(err, info, model, signal);
      }
    },
    async describeModel(model, signal) {
      try {
        const r = await (await clientFor(signal)).show({ model });
        return { id: model, contextWindow: ollamaContextLength(r.model_info) };
      } catch (err) {
        throw toProviderError(err, info, model, signal);
      }
    },
  };
}
