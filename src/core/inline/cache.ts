// Completions by (prefix, suffix), in a small LRU. A lookup also serves typing ahead: when the new prefix is
// a cached prefix plus characters that the cached completion starts with, the rest of it is the answer.
import { LRUCache } from 'lru-cache';

interface Entry {
  prefix: string;
  suffix: string;
  text: string;
}

/** How many recent entries a typed-ahead lookup looks through. */
const AHEAD_SCAN = 16;

export class PrefixCache {
  private readonly lru: LRUCache<string, Entry>;

  constructor(max = 200) {
    this.lru = new LRUCache({ max });
  }

  static key(prefix: string, suffix: string): string {
    return `${prefix.length}:${suffix.length}:${prefix}\u0000${suffix}`;
  }

  get size(): number {
    return this.lru.size;
  }

  set(prefix: string, suffix: string, text: string): void {
    this.lru.set(PrefixCache.key(prefix, suffix), { prefix, suffix, text });
  }

  get(prefix: string, suffix: string): string | undefined {
    const hit = this.lru.get(PrefixCache.key(prefix, suffix));
    if (hit) return hit.text;
    let n = 0;
    for (const e of this.lru.values()) {
      if (n++ >= AHEAD_SCAN) break;
      if (e.suffix !== suffix || prefix.length <= e.prefix.length || !prefix.startsWith(e.prefix)) continue;
      const typed = prefix.slice(e.prefix.length);
      if (e.text.length > typed.length && e.text.startsWith(typed)) return e.text.slice(typed.length);
    }
    return undefined;
  }

  clear(): void {
    this.lru.clear();
  }
}
