// Paying once, against the fake providers: the time of a response-cache hit (p50/p99, as a ratio of an
// upstream call to the fake server), the upstream calls that 100 identical concurrent requests make (goal: 1),
// and the calls and tokens of docs for 50 functions, batched (router.batch) against one request each.
import { actionMessages } from '../src/core/actions/prompts';
import { RouterCache } from '../src/core/cache/routerCache';
import { parseConfig } from '../src/core/config/load';
import { Router, type RouteResult, type RouterRequest } from '../src/core/router';
import { startFakeProvider, type FakeProvider } from '../test/fixtures/fakeProviders/index.js';
import { percentile, sortedCopy, type BenchRow } from './lib';

const FUNCTIONS = 50;

function routerFor(srv: FakeProvider): Router {
  const yaml = `
providers:
  local:
    bench: { type: openai_compatible, base_url: "${srv.url}/v1", default_model: "gpt-4o" }
rules:
  - use: [bench]
    reason: bench
`;
  return new Router({ config: parseConfig(yaml, { file: 'bench.yaml', env: () => undefined }), cache: new RouterCache() });
}

const ask = (content: string, noCache = false): RouterRequest => ({ messages: [{ role: 'user', content }], taskType: 'chat', complexity: 'simple', noCache, files: [] });

async function timed(n: number, f: () => Promise<unknown>): Promise<Float64Array> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return sortedCopy(ms);
}

/** A function of a few lines, as Write Docs sends it. */
const fn = (i: number) => `export function step${i}(values: number[], factor = ${i}): number {\n  let total = 0;\n  for (const v of values) total += v * factor;\n  return total / Math.max(1, values.length);\n}`;
const DOC = 'Averages the values scaled by factor. @param values the numbers @param factor the scale @returns the scaled mean, 0 for none';

/** Like a model: one JSON object for a batch, the doc itself for one function. */
function respond(body: Record<string, unknown>): string {
  const msgs = body.messages as { role: string; content: string }[];
  const text = msgs[msgs.length - 1].content;
  const ids = [...text.matchAll(/^### item ("[^"]*")$/gm)].map((m) => JSON.parse(m[1]) as string);
  return ids.length ? JSON.stringify(Object.fromEntries(ids.map((id) => [id, DOC]))) : DOC;
}

const tokens = (rs: readonly RouteResult[]) => rs.reduce((n, r) => n + r.usage.inputTokens + r.usage.outputTokens, 0);

export async function run(): Promise<BenchRow[]> {
  const srv = await startFakeProvider('all');
  try {
    const router = routerFor(srv);
    // Warm-up: SDK, tokenizer, connection pool; then one answer to hit.
    for (let i = 0; i < 20; i++) await router.complete(ask(`warm ${i}`, true));
    await router.complete(ask('the cached question'));
    const upstream = await timed(300, () => router.complete(ask('the cached question', true)));
    const hit = await timed(5000, () => router.complete(ask('the cached question')));
    const ratio = (p: number) => percentile(hit, p) / percentile(upstream, p);

    srv.reset();
    srv.setDefaults({ chunkDelayMs: 2 });
    const shared = routerFor(srv);
    await Promise.all(Array.from({ length: 100 }, () => shared.complete(ask('one hundred of the same'))));
    const identicalCalls = srv.log.length;

    srv.reset();
    srv.setDefaults({ respond });
    const docs = routerFor(srv);
    const one: RouteResult[] = [];
    for (let i = 0; i < FUNCTIONS; i++) {
      const messages = actionMessages({ action: 'docs', code: fn(i), language: 'typescript', fileName: 'steps.ts', symbol: `step${i}` });
      one.push(await docs.complete({ messages, action: 'docs', taskType: 'docs', complexity: 'simple', noCache: true, files: [] }));
    }
    const oneCalls = srv.log.length;
    srv.log.clear();
    const items = Array.from({ length: FUNCTIONS }, (_, i) => ({ id: `step${i}`, text: fn(i) }));
    const batch = await docs.batch(items, 'docs', {
      files: [],
      instruction: 'Write a documentation comment for each typescript item below, in the idiomatic style for typescript (what it does, parameters, return value, errors). Each answer is only the comment text, without comment markers, no code.',
      complexity: 'simple',
      maxTokensPerItem: 256,
    });
    const batchCalls = srv.log.length;
    const ok = batch.items.filter((i) => i.text === DOC).length;

    return [
      { bench: 'cache', metric: 'cache hit, p50', value: percentile(hit, 50) * 1000, unit: 'µs', ratio: ratio(50), note: `upstream call p50 ${(percentile(upstream, 50) * 1000).toFixed(0)} µs` },
      { bench: 'cache', metric: 'cache hit, p99', value: percentile(hit, 99) * 1000, unit: 'µs', ratio: ratio(99), note: `upstream call p99 ${(percentile(upstream, 99) * 1000).toFixed(0)} µs` },
      { bench: 'cache', metric: 'upstream calls for 100 identical concurrent requests', value: identicalCalls, unit: 'calls', goal: '1' },
      { bench: 'cache', metric: `docs for ${FUNCTIONS} functions, one by one: calls`, value: oneCalls, unit: 'calls' },
      { bench: 'cache', metric: `docs for ${FUNCTIONS} functions, batched: calls`, value: batchCalls, unit: 'calls', ratio: batchCalls / oneCalls, note: `${ok}/${FUNCTIONS} answered in the batch` },
      { bench: 'cache', metric: `docs for ${FUNCTIONS} functions, one by one: tokens`, value: tokens(one), unit: 'tokens' },
      { bench: 'cache', metric: `docs for ${FUNCTIONS} functions, batched: tokens`, value: tokens(batch.results), unit: 'tokens', ratio: tokens(batch.results) / tokens(one) },
    ];
  } finally {
    await srv.close();
  }
}
