// Everything the router caches, built from the config's `cache` section as it is at each request: the response
// cache (rebuilt when its size, TTL or persistence change), in-flight requests, and embeddings.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/model';
import type { StreamEvent } from '../router/types';
import { EmbeddingCache } from './embeddingCache';
import { ResponseCache } from './responseCache';
import { SingleFlight } from './singleFlight';

export type CacheSettings = LoadedConfig['raw']['cache'];

export interface RouterCacheOptions {
  /** Where `persist: true` keeps responses, and where embeddings always live. None: memory only. */
  stateDir?: string;
  /** Overrides `cache.enabled` (the editor's setting); undefined: the config's. */
  enabled?: () => boolean | undefined;
  /** Debounce of response-cache writes. */
  flushMs?: number;
  /** The clock of the response cache's TTL (tests). */
  now?: () => number;
}

export class RouterCache {
  readonly flights = new SingleFlight<StreamEvent>();
  private responseStore?: { sig: string; cache: ResponseCache };
  private embeddingStore?: { sig: string; cache: EmbeddingCache };

  constructor(private readonly opts: RouterCacheOptions = {}) {}

  settings(config: LoadedConfig): CacheSettings {
    const s = config.raw.cache;
    const enabled = this.opts.enabled?.();
    return enabled === undefined || enabled === s.enabled ? s : { ...s, enabled };
  }

  get responsesFile(): string | undefined {
    return this.opts.stateDir && join(this.opts.stateDir, 'cache', 'responses.json');
  }

  get embeddingsFile(): string | undefined {
    return this.opts.stateDir && join(this.opts.stateDir, 'cache', 'embeddings.jsonl');
  }

  responses(s: CacheSettings): ResponseCache {
    const file = s.persist ? this.responsesFile : undefined;
    const sig = `${s.max_mb}|${s.ttl_s}|${file ?? ''}`;
    if (this.responseStore?.sig !== sig) {
      this.responseStore?.cache.dispose();
      const cache = new ResponseCache({ maxBytes: s.max_mb * 1024 * 1024, ttlMs: s.ttl_s * 1000, file, flushMs: this.opts.flushMs, now: this.opts.now });
      this.responseStore = { sig, cache };
    }
    return this.responseStore.cache;
  }

  embeddings(s: CacheSettings): EmbeddingCache {
    const sig = String(s.max_mb);
    if (this.embeddingStore?.sig !== sig) this.embeddingStore = { sig, cache: new EmbeddingCache({ maxBytes: s.max_mb * 1024 * 1024, file: this.embeddingsFile }) };
    return this.embeddingStore.cache;
  }

  /** "Clear Cache": every stored answer and embedding, in memory and on disk. Requests in flight finish. */
  clear(): { responses: number; embeddings: number } {
    const cleared = { responses: this.responseStore?.cache.size ?? 0, embeddings: this.embeddingStore?.cache.size ?? 0 };
    this.responseStore?.cache.clear();
    this.responseStore?.cache.flush();
    this.embeddingStore?.cache.clear();
    for (const f of [this.responsesFile, this.embeddingsFile]) if (f) rmSync(f, { force: true });
    return cleared;
  }

  /** Writes what is pending. */
  dispose(): void {
    this.responseStore?.cache.dispose();
  }
}
