// llama.cpp's own fill-in-the-middle endpoint, POST /infill (beside its /v1 routes): input_prefix and input_suffix
// go into the model's FIM tokens on the server, which streams `data: {"content": …, "stop": false}` lines and
// ends with `"stop": true` and its token counts (tokens_evaluated, tokens_predicted). No SDK covers it: fetch.
import type { ProviderInfo } from '../config/model';
import type { Usage } from '../types';
import { httpError, throwIfAborted, toProviderError } from './errors';
import { OPEN, type FimRequest, type ProviderChunk } from './types';

/** /infill sits at the server root (or its --api-prefix), where base_url ends in /v1. */
export function infillUrl(baseUrl: string): string {
  return baseUrl.replace(/\/v1\/?$/, '').replace(/\/+$/, '') + '/infill';
}

interface InfillLine {
  content?: string;
  stop?: boolean;
  tokens_evaluated?: number;
  tokens_predicted?: number;
  error?: { message?: string; code?: number } | string;
}

export async function* infill(info: ProviderInfo, req: FimRequest, signal: AbortSignal): AsyncGenerator<ProviderChunk> {
  try {
    const res = await fetch(infillUrl(info.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(info.apiKey ? { authorization: `Bearer ${info.apiKey}` } : {}) },
      body: JSON.stringify({
        input_prefix: req.prefix,
        input_suffix: req.suffix,
        n_predict: req.maxTokens,
        stream: true,
        cache_prompt: true,
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
      }),
      signal,
    });
    if (!res.ok || !res.body) throw await httpError(res);
    yield OPEN;
    let buf = '';
    const decoder = new TextDecoder();
    for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(bytes, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = JSON.parse(line.slice(5)) as InfillLine;
        if (data.error) throw Object.assign(new Error(typeof data.error === 'string' ? data.error : (data.error.message ?? 'infill error')), { status: typeof data.error === 'object' ? data.error.code : undefined });
        if (data.content) yield { type: 'delta', text: data.content };
        if (data.stop) {
          const usage: Usage = { inputTokens: data.tokens_evaluated ?? 0, outputTokens: data.tokens_predicted ?? 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
          yield { type: 'usage', usage };
        }
      }
    }
    throwIfAborted(signal);
  } catch (err) {
    throw toProviderError(err, info, req.model, signal);
  }
}
