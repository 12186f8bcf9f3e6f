// Embeddings by sha256 of (model, content), in an LRU bounded in bytes, persisted as an append-only JSONL file
// (<stateDir>/cache/embeddings.jsonl) that is compacted when it holds twice what it should.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LRUCache } from 'lru-cache';

interface Line {
  k: string;
  v: number[];
}

export function embeddingKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('hex');
}

export class EmbeddingCache {
  private readonly lru: LRUCache<string, number[]>;
  private lines = 0;

  constructor(private readonly opts: { maxBytes: number; file?: string }) {
    this.lru = new LRUCache<string, number[]>({ maxSize: Math.max(1024, opts.maxBytes), sizeCalculation: (v) => 8 * v.length + 96 });
    if (opts.file) this.load(opts.file);
  }

  get size(): number {
    return this.lru.size;
  }

  get(model: string, text: string): number[] | undefined {
    return this.lru.get(embeddingKey(model, text));
  }

  /** Stores a batch, with one append to the file. */
  setMany(model: string, texts: readonly string[], vectors: readonly number[][]): void {
    const out: string[] = [];
    texts.forEach((t, i) => {
      const v = vectors[i];
      if (!Array.isArray(v)) return;
      const k = embeddingKey(model, t);
      this.lru.set(k, v);
      out.push(JSON.stringify({ k, v } satisfies Line));
    });
    const file = this.opts.file;
    if (!file || !out.length) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, out.join('\n') + '\n', { mode: 0o600 });
      this.lines += out.length;
      if (this.lines > 2 * this.lru.size + 1000) this.compact(file);
    } catch {
      // Only a cache: the vectors are still served from memory.
    }
  }

  clear(): void {
    this.lru.clear();
    if (this.opts.file) this.compact(this.opts.file);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      this.lines++;
      try {
        const l = JSON.parse(raw) as Line;
        if (typeof l.k === 'string' && Array.isArray(l.v) && l.v.every((x) => typeof x === 'number')) this.lru.set(l.k, l.v);
      } catch {
        // A torn last line (a crash mid-append) is skipped.
      }
    }
  }

  private compact(file: string): void {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      const body = [...this.lru.entries()].reverse().map(([k, v]) => JSON.stringify({ k, v } satisfies Line) + '\n');
      writeFileSync(tmp, body.join(''), { mode: 0o600 });
      renameSync(tmp, file);
      this.lines = body.length;
    } catch {
      // Left as it is; the next compaction tries again.
    }
  }
}
