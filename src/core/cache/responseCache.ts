// Complete answers by the hash of their normalized request, in an LRU bounded in bytes with a TTL.
// Optionally persisted (atomically, debounced) to <stateDir>/cache/responses.json: answers, never prompts.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { ChatMessage, Usage } from '../types';

export interface CachedAnswer {
  text: string;
  /** What the answer cost to make (the hit itself costs nothing). */
  usage: Usage;
  provider: string;
  model: string;
}

/** What makes two requests the same request. */
export interface KeyInput {
  kind: string;
  taskType: string;
  complexity: string;
  /** What is sent upstream (after the privacy gate). */
  messages: readonly ChatMessage[];
  maxTokens: number;
  /** Undefined is taken as 0: see `cacheable`. */
  temperature?: number;
  /** The usable targets of the decision, in order: another chain may give another answer. */
  chain: readonly string[];
}

/** Line endings and trailing whitespace do not make a request different; everything else does. */
export function requestKey(k: KeyInput): string {
  const h = createHash('sha256');
  h.update(`v1\u0000${k.kind}\u0000${k.taskType}\u0000${k.complexity}\u0000${k.maxTokens}\u0000${k.temperature ?? 0}\u0000${k.chain.join('\u0001')}`);
  for (const m of k.messages) h.update(`\u0000${m.role}\u0000${m.content.replace(/\r\n?/g, '\n').trimEnd()}`);
  return h.digest('hex');
}

/**
 * Only deterministic settings are cached. A request without a temperature counts as 0: the caller asked for
 * an answer, not for variety (a caller that wants a fresh sample sets a temperature or `noCache`).
 */
export function cacheable(temperature: number | undefined, maxTemperature: number): boolean {
  return (temperature ?? 0) <= maxTemperature;
}

export interface ResponseCacheOptions {
  maxBytes: number;
  ttlMs: number;
  /** Persist here (debounced); load from here at start. */
  file?: string;
  /** Debounce of persistence writes (default 1 s). */
  flushMs?: number;
  /** The clock the TTL runs on, in ms (default: performance.now); tests inject one. */
  now?: () => number;
}

const sizeOf = (a: CachedAnswer) => 2 * (a.text.length + a.provider.length + a.model.length) + 128;

export class ResponseCache {
  private readonly lru: LRUCache<string, CachedAnswer>;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ResponseCacheOptions) {
    this.lru = new LRUCache<string, CachedAnswer>({ maxSize: Math.max(1024, opts.maxBytes), sizeCalculation: sizeOf, ttl: opts.ttlMs, allowStale: false, ...(opts.now && { perf: { now: opts.now }, ttlResolution: 0 }) });
    if (opts.file) this.load(opts.file);
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get(key: string): CachedAnswer | undefined {
    return this.lru.get(key);
  }

  set(key: string, answer: CachedAnswer): void {
    if (sizeOf(answer) > this.lru.maxSize) return;
    this.lru.set(key, answer);
    this.schedule();
  }

  clear(): void {
    this.lru.clear();
    this.schedule();
  }

  /** Writes now if a write is pending. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const file = this.opts.file!;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ v: 1, entries: this.lru.dump() }), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // A cache that cannot be written is only a cache: the next write tries again.
    }
  }

  dispose(): void {
    this.flush();
  }

  private schedule(): void {
    if (!this.opts.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.opts.flushMs ?? 1000);
    this.timer.unref();
  }

  private load(file: string): void {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { v?: number; entries?: [string, LRUCache.Entry<CachedAnswer>][] };
      if (data.v === 1 && Array.isArray(data.entries)) this.lru.load(data.entries.filter(([k, e]) => typeof k === 'string' && valid(e?.value)));
    } catch {
      // Missing or unreadable: start empty.
    }
  }
}

function valid(a: unknown): a is CachedAnswer {
  const x = a as CachedAnswer;
  return !!x && typeof x.text === 'string' && typeof x.provider === 'string' && typeof x.model === 'string' && !!x.usage && typeof x.usage.outputTokens === 'number';
}
