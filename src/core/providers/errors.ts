// SDK errors -> ProviderError. Works on the errors' shape, so no SDK type leaves the adapters.
import type { ProviderInfo } from '../config/model';
import { CancelledError, ProviderError, type ProviderErrorKind } from '../errors';
import type { Provider } from './types';

/**
 * 400, 401, 403, 404 (and other 4xx) are the caller's fault: retrying cannot help. Nor can it for 501 (Not
 * Implemented): the server lacks the feature, it is not overloaded.
 */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true; // network, timeout, broken or malformed stream
  return status === 408 || status === 409 || status === 429 || (status >= 500 && status !== 501);
}

const NOT_SUPPORTED = /\b(?:not (?:currently |yet )?supported|not implemented|does not support|unsupported)\b/i;

/**
 * What a refusal means, read from the status and the server's own words (each server says it its way: OpenAI's
 * `model_not_found` code, Ollama's "model 'x' not found", Anthropic's "model: x"). Neither is worth a retry.
 */
export function refusalKind(status: number | undefined, detail: string, code?: unknown): ProviderErrorKind | undefined {
  if (status === undefined || status === 408 || status === 429) return undefined;
  if (status === 404 && (code === 'model_not_found' || /\bmodel\b/i.test(detail))) return 'model_not_found';
  if (status === 501 || NOT_SUPPORTED.test(detail)) return 'unsupported';
  return undefined;
}

type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: HeaderBag | undefined, now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (header(headers, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(headers, 'retry-after');
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Removes the key wherever a message might echo it. */
export function scrub(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

/** Readable text of an error value, whatever its shape: a string, an Error, `{message}`, `{error: …}`, else JSON. */
export function errorText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return v.message;
  if (v && typeof v === 'object') {
    const o = v as { message?: unknown; error?: unknown; detail?: unknown };
    for (const inner of [o.message, o.error, o.detail]) if (inner !== undefined && inner !== null) return errorText(inner);
    return JSON.stringify(v);
  }
  return String(v);
}

function messageOf(err: unknown): string {
  // Stainless SDKs keep the parsed error body on `.error` (Anthropic nests it once more).
  const body = (err as { error?: { message?: unknown; error?: { message?: unknown } } } | undefined)?.error;
  const bodyMessage = body?.error?.message ?? body?.message;
  let text = typeof bodyMessage === 'string' ? bodyMessage : errorText(err);
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
  if (cause && !text.includes(cause)) text += ` (${cause})`;
  const first = text.split('\n')[0].replace(/^\d{3}\s+/, '');
  return first.length > 300 ? first.slice(0, 297) + '…' : first;
}

export function isAbort(err: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  if (err instanceof CancelledError) return true;
  const name = (err as { name?: string } | undefined)?.name ?? '';
  const ctor = (err as object | undefined)?.constructor?.name ?? '';
  return name === 'AbortError' || ctor === 'APIUserAbortError';
}

/** Any error thrown while talking to a provider, as the router's ProviderError. Aborts become CancelledError. */
export function toProviderError(err: unknown, info: ProviderInfo, model: string, signal?: AbortSignal): ProviderError | CancelledError {
  if (err instanceof ProviderError || err instanceof CancelledError) return err;
  if (signal && isAbort(err, signal)) return new CancelledError();
  const e = (err ?? {}) as { status?: unknown; status_code?: unknown; headers?: HeaderBag; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.status_code === 'number' ? e.status_code : undefined;
  const detail = scrub(messageOf(err), info.apiKey);
  const kind = refusalKind(status, detail, e.code);
  return new ProviderError({
    provider: info.name,
    model,
    status,
    retryable: kind === undefined && isRetryableStatus(status),
    retryAfterMs: retryAfterMs(e.headers),
    message: `${info.name}:${model}: ${status ? `HTTP ${status}: ` : ''}${kind === 'model_not_found' ? `model not found (${detail})` : detail}`,
    ...(kind ? { kind } : {}),
  });
}

export function unsupported(info: ProviderInfo, model: string, what: string): ProviderError {
  return new ProviderError({ provider: info.name, model, retryable: false, kind: 'unsupported', message: `${info.name} (${info.type}) does not support ${what}` });
}

/** The OpenAI SDK may end a stream silently on abort: call after the loop so an abort is never a clean end. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

/** A stream that fails at once, before any request. */
export async function* failing(err: Error): AsyncGenerator<never> {
  throw err;
}

/** For APIs with neither fill-in-the-middle nor embeddings: both fail at once, never retried. */
export function withoutFimOrEmbeddings(info: ProviderInfo): Pick<Provider, 'fim' | 'embed'> {
  return {
    async *fim(req) {
      throw unsupported(info, req.model, 'fill-in-the-middle');
    },
    async embed(model) {
      throw unsupported(info, model, 'embeddings');
    },
  };
}

/** A failed HTTP response as an error that keeps the status, Retry-After and the server's own message (`{error}`). */
export async function httpError(res: Response): Promise<Error> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { error?: unknown };
      message = body.error === undefined || body.error === null ? text : errorText(body.error);
    } catch {
      message = text || message;
    }
  } catch {
    // body unreadable: keep the status line
  }
  return Object.assign(new Error(message), { status: res.status, headers: res.headers });
}
