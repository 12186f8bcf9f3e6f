// Inline completions: what the pipeline (prefix cache, supersede, Router.fim, early stop, trimming) adds over
// a direct Ollama SDK FIM call against the fake local model, p50/p99 and as a ratio; a prefix-cache hit; and
// the upstream tokens wasted while someone types 20 characters, one every 50 ms, against a slow model
// (debounce + cancel vs. cancel only vs. neither). The fake server runs in its own process.
// Goals: added p50 ≤ 2 ms; wasted tokens ≈ 0 with debounce + cancel.
import { Ollama } from 'ollama';
import { parseConfig } from '../src/core/config/load';
import { InlineEngine } from '../src/core/inline/engine';
import { Router } from '../src/core/router';
import { percentile, sortedCopy, startFakeServer, type BenchRow } from './lib';

const MODEL = 'deepseek-coder:6.7b';
const N = 300;
const TYPED = 'values.reduce(add, 0)'.slice(0, 20);
const KEY_MS = 50;
const DEBOUNCE_MS = 250;

const startServer = () => startFakeServer('ollama', 8);

const control = async (url: string, path: string, body?: unknown) => {
  const r = await fetch(`${url}/__fake/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json() as Promise<unknown>;
};
interface Entry {
  path: string;
  outcome: string;
  chunksSent: number;
  closedAt: number | null;
}
const fimLog = async (url: string) => ((await control(url, 'log')) as Entry[]).filter((e) => e.path === '/api/generate');

function routerFor(url: string): Router {
  const yaml = `
providers:
  local:
    coder: { type: ollama, base_url: "${url}", default_model: "${MODEL}", fim: true }
rules:
  - use: [coder]
    reason: bench
`;
  return new Router({ config: parseConfig(yaml, { file: 'bench.yaml', env: () => undefined }) });
}

/** A prefix whose completion the trimmer keeps whole (one statement, the fake's text has no line break). */
const prefixOf = (i: number) => `export function f${i}(values: number[]) {\n  const total = `;
const SUFFIX = '\n}\n';

async function direct(client: Ollama, i: number): Promise<number> {
  const t0 = performance.now();
  const s = await client.generate({ model: MODEL, prompt: prefixOf(i), suffix: SUFFIX, stream: true, options: { num_predict: 128 } });
  let text = '';
  for await (const part of s) text += part.response;
  if (!text) throw new Error('empty direct completion');
  return performance.now() - t0;
}

async function viaPipeline(engine: InlineEngine, i: number): Promise<number> {
  const t0 = performance.now();
  const out = await engine.complete({ prefix: prefixOf(i), suffix: SUFFIX, immediate: true, files: [] });
  if (out.kind !== 'completion') throw new Error(`pipeline: ${JSON.stringify(out)}`);
  return performance.now() - t0;
}

/** Types TYPED one character every KEY_MS through the engine; returns the upstream requests it caused. */
async function typeBurst(url: string, router: Router, debounceMs: number, supersede: boolean): Promise<{ requests: number; wasted: number; used: number }> {
  await control(url, 'reset', {});
  await control(url, 'defaults', { chunks: 16, chunkDelayMs: 20 });
  const base = 'export function total(values: number[]) {\n  return ';
  const pending: Promise<unknown>[] = [];
  if (supersede) {
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => debounceMs });
    for (let i = 1; i <= TYPED.length; i++) {
      pending.push(engine.complete({ prefix: base + TYPED.slice(0, i), suffix: SUFFIX, files: [] }));
      await new Promise((r) => setTimeout(r, KEY_MS));
    }
  } else {
    // No pipeline: every keystroke asks, and every answer streams to its end.
    for (let i = 1; i <= TYPED.length; i++) {
      pending.push((async () => {
        for await (const _ of router.fim({ prefix: base + TYPED.slice(0, i), suffix: SUFFIX, files: [] })) void _;
      })());
      await new Promise((r) => setTimeout(r, KEY_MS));
    }
  }
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 100));
  const log = await fimLog(url);
  // Only the last keystroke's completion is ever shown; everything streamed for the others is waste.
  const used = log.at(-1)?.chunksSent ?? 0;
  const wasted = log.slice(0, -1).reduce((n, e) => n + e.chunksSent, 0);
  return { requests: log.length, wasted, used };
}

export async function run(): Promise<BenchRow[]> {
  const { url, child } = await startServer();
  try {
    const router = routerFor(url);
    const client = new Ollama({ host: url });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => DEBOUNCE_MS });
    for (let i = 0; i < 50; i++) {
      await direct(client, -1 - i);
      await viaPipeline(engine, -1000 - i); // warm both paths; unique prefixes so nothing is cached
    }
    const d: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < N; i++) {
      // Interleaved, so drift on the machine affects both alike.
      d.push(await direct(client, i));
      p.push(await viaPipeline(engine, i));
    }
    const hits: number[] = [];
    for (let i = N - 100; i < N; i++) {
      // The newest 100 prefixes are still in the LRU (200 entries).
      const t0 = performance.now();
      const out = await engine.complete({ prefix: prefixOf(i), suffix: SUFFIX, files: [] });
      hits.push(performance.now() - t0);
      if (out.kind !== 'completion' || !out.cached) throw new Error('expected a cache hit');
    }
    const ds = sortedCopy(d);
    const ps = sortedCopy(p);
    const hs = sortedCopy(hits);
    const full = await typeBurst(url, router, DEBOUNCE_MS, true);
    const cancelOnly = await typeBurst(url, router, 0, true);
    const naive = await typeBurst(url, router, 0, false);
    const burst = `${TYPED.length} chars, 1 per ${KEY_MS} ms, 16-token answers at 20 ms/token`;
    return [
      { bench: 'inline', metric: `direct SDK FIM call p50 (fake local model, 8 chunks)`, value: percentile(ds, 50), unit: 'ms' },
      { bench: 'inline', metric: `pipeline (engine + Router.fim) p50`, value: percentile(ps, 50), unit: 'ms', ratio: percentile(ps, 50) / percentile(ds, 50) },
      { bench: 'inline', metric: `pipeline added p50`, value: percentile(ps, 50) - percentile(ds, 50), unit: 'ms', goal: '≤ 2 ms' },
      { bench: 'inline', metric: `direct SDK FIM call p99`, value: percentile(ds, 99), unit: 'ms' },
      { bench: 'inline', metric: `pipeline p99`, value: percentile(ps, 99), unit: 'ms', ratio: percentile(ps, 99) / percentile(ds, 99) },
      { bench: 'inline', metric: `prefix-cache hit p50`, value: percentile(hs, 50) * 1000, unit: 'µs' },
      { bench: 'inline', metric: `wasted tokens, debounce ${DEBOUNCE_MS} ms + cancel (${burst})`, value: full.wasted, unit: 'tokens', goal: '≈ 0', note: `${full.requests} upstream request(s); the fake streams one token per chunk` },
      { bench: 'inline', metric: `upstream requests, debounce + cancel`, value: full.requests, unit: 'requests' },
      { bench: 'inline', metric: `wasted tokens, cancel only (no debounce)`, value: cancelOnly.wasted, unit: 'tokens', note: `${cancelOnly.requests} requests` },
      { bench: 'inline', metric: `wasted tokens, neither (every keystroke streams to the end)`, value: naive.wasted, unit: 'tokens', note: `${naive.requests} requests` },
    ];
  } finally {
    child.stdin?.end();
    child.kill();
  }
}
