// One streamed call, the same for every adapter: the request goes out, OPEN once it is answered (headers in),
// then each chunk's text and usage as the adapter's reader finds them. Errors become ProviderErrors, and an
// abort is never a clean end. The hot path: two calls per chunk, no allocation beyond the delta.
import type { ProviderInfo } from '../config/model';
import type { Usage } from '../types';
import { throwIfAborted, toProviderError } from './errors';
import { OPEN, type ProviderChunk } from './types';

export interface ChunkReader<C> {
  /** The text a chunk carries, if any. */
  text(chunk: C): string | null | undefined;
  /** Called on every chunk: the usage to send now, if any (a reader may instead gather it for `end`). */
  usage?(chunk: C): Usage | undefined;
  /** Usage gathered over the stream, sent after its end (APIs that spread it over several events). */
  end?(): Usage | undefined;
}

export async function* readStream<C>(
  info: ProviderInfo,
  model: string,
  signal: AbortSignal,
  open: () => Promise<AsyncIterable<C>>,
  reader: ChunkReader<C>,
): AsyncGenerator<ProviderChunk> {
  try {
    const s = await open();
    yield OPEN;
    for await (const chunk of s) {
      const text = reader.text(chunk);
      if (text) yield { type: 'delta', text };
      const usage = reader.usage?.(chunk);
      if (usage) yield { type: 'usage', usage };
    }
    throwIfAborted(signal);
    const usage = reader.end?.();
    if (usage) yield { type: 'usage', usage };
  } catch (err) {
    throw toProviderError(err, info, model, signal);
  }
}
