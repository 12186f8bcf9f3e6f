// What the router adds to a stream over a direct SDK call, against the fake OpenAI-protocol server (in its own
// process, so it does not share our event loop): time to first token and the gap between chunks, as p50/p99
// deltas and ratios; then chunks lost at 256 concurrent streams.
// - The full path, as the editor builds the router (src/vscode/services.ts): an Explain request of 5 KB of
//   code, classified, through the privacy gate (secret scan), the rules, a budget reservation on the real
//   ledger in a temp state dir, a cache lookup (a miss: every request is new) and single-flight, the stream,
//   then the settle, the cache store and the decision event. Against the same 5 KB request sent by the SDK.
//   Goals: TTFT added ≤ 0.5 ms p50 and ≤ 2 ms p99; per chunk ≤ 50 µs p99.
// - The stripped router (labelled so): a local provider, task and complexity given (no classification), no
//   budget, no cache, a one-line prompt; at 1 and 32 concurrent streams of 64 chunks.
//   Goals: TTFT added ≤ 0.1 ms p50 and ≤ 0.5 ms p99; per chunk ≤ 50 µs p99; 0 chunks lost.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { RouterCache } from '../src/core/cache/routerCache';
import { parseConfig } from '../src/core/config/load';
import { editorActionRequest } from '../src/core/editorRequest';
import { classify } from '../src/core/classify';
import { classifyInputOf, Router, type RouteEvent, type RouterRequest } from '../src/core/router';
import type { Budget } from '../src/core/spend/budget';
import { openBudget } from '../src/core/spend/open';
import { basicVerifier } from '../src/core/verify';
import { replyText } from '../test/fixtures/fakeProviders/util';
import { percentile, sortedCopy, startFakeServer, type BenchRow } from './lib';

const CHUNKS = 64;
const PROMPT = 'stream sixty-four chunks please';
const MODEL = 'gpt-4o';

interface Sample {
  prompt: string;
  ttftMs: number;
  gapsUs: number[];
  chunks: number;
  text: string;
}

const startServer = () => startFakeServer('openai', CHUNKS);

function routerFor(url: string): Router {
  const yaml = `
providers:
  local:
    bench: { type: openai_compatible, base_url: "${url}/v1", default_model: "${MODEL}" }
rules:
  - use: [bench]
    reason: bench
`;
  return new Router({ config: parseConfig(yaml, { file: 'bench.yaml', env: () => undefined }) });
}

/** The full path's router, built as src/vscode/services.ts builds it, over a paid provider so the budget reserves. */
function fullRouterFor(url: string, stateDir: string): { router: Router; budget: Budget } {
  const yaml = `
providers:
  premium:
    openai: { base_url: "${url}/v1", api_key: "\${BENCH_KEY}", default_model: "${MODEL}" }
cost_limits: { daily_budget: 1000000, per_request: 100 }
cache: { enabled: true }
rules:
  - use: [openai]
    reason: bench
`;
  const config = parseConfig(yaml, { file: 'bench-full.yaml', env: (name) => (name === 'BENCH_KEY' ? 'sk-bench-not-a-real-key' : undefined) });
  const budget = openBudget(stateDir, config);
  const recent: RouteEvent[] = [];
  const router = new Router({
    config: () => config,
    budget,
    cache: new RouterCache({ stateDir }),
    verify: basicVerifier,
    // As Services.record: keep the last 50 events and format the log line.
    onEvent: (e) => {
      recent.unshift(e);
      if (recent.length > 50) recent.length = 50;
      void `decision ${e.action ?? e.kind}: ${e.decision.explanation} | outcome ${e.outcome}, ${e.usage.inputTokens}+${e.usage.outputTokens} tokens, $${e.costUsd.toFixed(6)}, ${Math.round(e.latencyMs)} ms`;
    },
  });
  return { router, budget };
}

let serial = 0;
/** A new prompt each time, as in real use: nothing (token counts included) is served from a cache. */
const request = (): RouterRequest => ({ messages: [{ role: 'user', content: `${PROMPT} ${++serial}` }], taskType: 'chat', complexity: 'simple', maxTokens: 4 * CHUNKS, files: [] });

/** 5 KB of real code (whole lines), made unique per request. */
const CODE_5K = (() => {
  const src = readFileSync(join(__dirname, '..', 'src', 'core', 'router.ts'), 'utf8');
  return src.slice(0, src.lastIndexOf('\n', 5000) + 1);
})();

/** An Explain request as the editor builds it (src/vscode/actions/textActions.ts): 5 KB of code, no task or complexity given. */
const fullRequest = (): RouterRequest =>
  editorActionRequest({ action: 'explain', code: `// request ${++serial}\n${CODE_5K}`, language: 'typescript', fileName: 'router.ts', file: '/bench/src/core/router.ts', maxTokens: 4 * CHUNKS });

async function viaSdk(client: OpenAI, make: () => RouterRequest = request): Promise<Sample> {
  const req = make();
  const t0 = performance.now();
  const s = await client.chat.completions.create({
    model: MODEL,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: req.maxTokens,
  });
  const sample: Sample = { prompt: req.messages.at(-1)!.content, ttftMs: 0, gapsUs: [], chunks: 0, text: '' };
  let last = 0;
  for await (const c of s) {
    const text = c.choices[0]?.delta?.content;
    if (!text) continue;
    const t = performance.now();
    if (sample.chunks++ === 0) sample.ttftMs = t - t0;
    else sample.gapsUs.push((t - last) * 1000);
    last = t;
    sample.text += text;
  }
  return sample;
}

async function viaRouter(router: Router, make: () => RouterRequest = request): Promise<Sample> {
  const req = make();
  const t0 = performance.now();
  const sample: Sample = { prompt: req.messages.at(-1)!.content, ttftMs: 0, gapsUs: [], chunks: 0, text: '' };
  let last = 0;
  for await (const e of router.stream(req)) {
    if (e.type === 'delta') {
      const t = performance.now();
      if (sample.chunks++ === 0) sample.ttftMs = t - t0;
      else sample.gapsUs.push((t - last) * 1000);
      last = t;
      sample.text += e.text;
    } else if (e.type === 'error') throw e.error;
  }
  return sample;
}

/**
 * `concurrency` streams kept in flight: each worker starts its next stream when one ends, alternating SDK and
 * router streams, so both meet the same load and the same drift.
 */
async function measure(client: OpenAI, router: Router, concurrency: number, perWorker: number, make: () => RouterRequest = request) {
  const sdk: Sample[] = [];
  const routed: Sample[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) {
        if ((i + w) % 2) routed.push(await viaRouter(router, make));
        else sdk.push(await viaSdk(client, make));
      }
    }),
  );
  return { sdk, routed };
}

/**
 * Where the full path's added time to first token goes: the same requests, the decision alone (router.plan:
 * privacy gate, token count, classification, rules, budget snapshot), the classification within it, and the
 * budget reservation written to the ledger (released untimed).
 */
function decisionRows(router: Router, budget: Budget, addedP50: number): BenchRow[] {
  const time = (f: (r: RouterRequest) => unknown) => {
    const ms: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const r = fullRequest();
      const t0 = performance.now();
      f(r);
      ms.push(performance.now() - t0);
    }
    return sortedCopy(ms);
  };
  const label = 'full path, of the added time to first token';
  const held: ReturnType<Budget['reserveNow']>[] = [];
  const out: BenchRow[] = [];
  for (const [what, f] of [
    ['the decision (router.plan: privacy gate, token count, classification, rules)', (r: RouterRequest) => router.plan(r)],
    ['the classification of the 5 KB', (r: RouterRequest) => classify(classifyInputOf(r), { quality: router.quality() })],
    ['the budget reservation on the ledger', () => held.push(budget.reserveNow({ provider: 'openai', model: MODEL, local: false, worstCaseUsd: 0.01 }))],
  ] as const) {
    const t = time(f);
    for (const h of held.splice(0)) if (!('refused' in h)) budget.releaseNow(h);
    out.push({ bench: 'stream', metric: `${label}: ${what} p50`, value: percentile(t, 50), unit: 'ms', ratio: percentile(t, 50) / addedP50, note: `p99 ${percentile(t, 99).toFixed(3)} ms; ratio: of the TTFT added p50` });
  }
  return out;
}

interface Goals {
  ttft50: string;
  ttft99: string;
}
const STRIPPED: Goals = { ttft50: '≤ 0.1 ms', ttft99: '≤ 0.5 ms' };
const FULL: Goals = { ttft50: '≤ 0.5 ms', ttft99: '≤ 2 ms' };

function rows(label: string, sdk: Sample[], routed: Sample[], chunkRows = true, goals: Goals = STRIPPED): BenchRow[] {
  const ttft = (s: Sample[]) => sortedCopy(s.map((x) => x.ttftMs));
  const gaps = (s: Sample[]) => sortedCopy(s.flatMap((x) => x.gapsUs));
  const [ts, tr, gs, gr] = [ttft(sdk), ttft(routed), gaps(sdk), gaps(routed)];
  const p = (a: Float64Array, q: number) => percentile(a, q);
  const n = `${sdk.length} streams each`;
  const ttftRows: BenchRow[] = [
    { bench: 'stream', metric: `TTFT direct SDK p50 (${label})`, value: p(ts, 50), unit: 'ms', note: `${n}; p99 ${p(ts, 99).toFixed(3)} ms` },
    { bench: 'stream', metric: `TTFT added by the router p50 (${label})`, value: p(tr, 50) - p(ts, 50), unit: 'ms', ratio: p(tr, 50) / p(ts, 50), goal: goals.ttft50 },
    { bench: 'stream', metric: `TTFT added by the router p99 (${label})`, value: p(tr, 99) - p(ts, 99), unit: 'ms', ratio: p(tr, 99) / p(ts, 99), goal: goals.ttft99 },
  ];
  if (!chunkRows) return ttftRows;
  return [
    ...ttftRows,
    { bench: 'stream', metric: `chunk gap direct SDK p50 (${label})`, value: p(gs, 50), unit: 'µs', note: `p99 ${p(gs, 99).toFixed(1)} µs` },
    { bench: 'stream', metric: `per-chunk added by the router p50 (${label})`, value: p(gr, 50) - p(gs, 50), unit: 'µs', ratio: p(gr, 50) / p(gs, 50) },
    { bench: 'stream', metric: `per-chunk added by the router p99 (${label})`, value: p(gr, 99) - p(gs, 99), unit: 'µs', ratio: p(gr, 99) / p(gs, 99), goal: '≤ 50 µs' },
  ];
}

async function setChunkDelay(url: string, chunkDelayMs: number): Promise<void> {
  await fetch(`${url}/__fake/defaults`, { method: 'POST', body: JSON.stringify({ chunkDelayMs }) });
}

/** Every stream must deliver all 64 chunks, in order, with the exact text. */
async function lostChunks(router: Router, concurrency: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: concurrency }, () => viaRouter(router).catch(() => undefined)));
  let lost = 0;
  for (const r of results) lost += !r ? CHUNKS : r.text === replyText(r.prompt, CHUNKS) ? CHUNKS - r.chunks : Math.max(1, CHUNKS - r.chunks);
  return lost;
}

export async function run(): Promise<BenchRow[]> {
  const { url, child } = await startServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'llm-router-bench-state-'));
  try {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'bench', maxRetries: 0, logLevel: 'off' });
    const full = fullRouterFor(url, stateDir);
    await measure(client, full.router, 4, 50, fullRequest); // warm-up
    const editor = await measure(client, full.router, 1, 4000, fullRequest);
    const fullRows = rows('full path as the editor builds it: 5 KB Explain, classify, privacy gate, rules, budget on a real ledger, cache, settle; 1 stream', editor.sdk, editor.routed, true, FULL);
    const settled = full.budget.status();
    const breakdown = decisionRows(full.router, full.budget, fullRows[1].value);
    full.budget.dispose();
    const router = routerFor(url);
    await measure(client, router, 32, 8); // warm-up: JIT, SDK and tokenizer loading, the connection pool
    const one = await measure(client, router, 1, 4000);
    const many = await measure(client, router, 32, 40);
    // Real models pace their tokens; with 2 ms between chunks the 32 streams no longer saturate the loop,
    // so TTFT measures latency rather than queueing behind the other streams' chunks.
    await setChunkDelay(url, 2);
    const paced = await measure(client, router, 32, 12);
    await setChunkDelay(url, 0);
    const lost = await lostChunks(router, 256);
    const stripped = 'stripped router: local provider, task given, no budget or cache';
    return [
      ...fullRows,
      ...breakdown,
      { bench: 'stream', metric: 'full path: requests settled on the ledger', value: settled.requests, unit: 'requests', note: `$${settled.spentUsd.toFixed(2)} spent, $${settled.reservedUsd.toFixed(4)} left reserved` },
      ...rows(`${stripped}; 1 stream`, one.sdk, one.routed),
      ...rows(`${stripped}; 32 concurrent, chunks back to back`, many.sdk, many.routed),
      ...rows(`${stripped}; 32 concurrent, 2 ms between chunks`, paced.sdk, paced.routed, false),
      { bench: 'stream', metric: `chunks lost at 256 concurrent streams (of ${256 * CHUNKS})`, value: lost, unit: 'chunks', goal: '0' },
    ];
  } finally {
    child.stdin?.end();
    child.kill('SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  }
}
