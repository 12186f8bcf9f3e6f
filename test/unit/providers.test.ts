// The provider adapters, through the REAL SDKs, against the fake servers: text, exact usage, errors, aborts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ProviderInfo } from '../../src/core/config/model';
import { CancelledError, ProviderError } from '../../src/core/errors';
import { anthropicPrompt } from '../../src/core/providers/anthropic';
import { isRetryableStatus, retryAfterMs, toProviderError } from '../../src/core/providers/errors';
import { ProviderRegistry } from '../../src/core/providers/registry';
import type { Provider, ProviderChunk } from '../../src/core/providers/types';
import { countTokens, fakeEmbedding, fimText, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';
import { configFor, KEYS, MODELS, PROMPT } from './routerFixture';

let srv: FakeProvider;
let providers: Record<'an' | 'oa' | 'gq' | 'ol', Provider>;
const NO = new AbortController().signal;
const req = (model: string, content = PROMPT) => ({ model, messages: [{ role: 'user' as const, content }], maxTokens: 100 });

async function chunks(it: AsyncIterable<ProviderChunk>): Promise<ProviderChunk[]> {
  const out: ProviderChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected a rejection');
}
function build(o: Parameters<typeof configFor>[1] = {}) {
  const cfg = configFor(srv, o);
  const reg = new ProviderRegistry();
  const get = (n: string) => reg.get(cfg.providers.get(n)!);
  return { an: get('an'), oa: get('oa'), gq: get('gq'), ol: get('ol') };
}

before(async () => {
  srv = await startFakeProvider('all');
  providers = build();
  // Warm every SDK's request and abort paths once: the first abort in a process loads code lazily.
  srv.setDefaults({ chunkDelayMs: 5 });
  for (const p of Object.values(providers)) {
    const ac = new AbortController();
    const abortOnFirst = async () => {
      for await (const c of p.stream(req(p.info.defaultModel!), ac.signal)) if (c.type === 'delta') ac.abort();
    };
    await abortOnFirst().catch(() => undefined);
  }
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe('each adapter streams text and the exact usage', () => {
  for (const name of ['an', 'oa', 'gq', 'ol'] as const) {
    it(`${name}: open, 8 deltas, usage`, async () => {
      const cs = await chunks(providers[name].stream(req(MODELS[name]), NO));
      assert.equal(cs[0].type, 'open');
      const text = cs.map((c) => (c.type === 'delta' ? c.text : '')).join('');
      assert.equal(text, replyText(PROMPT));
      assert.equal(cs.filter((c) => c.type === 'delta').length, 8);
      const usage = cs.filter((c) => c.type === 'usage').at(-1);
      assert.deepEqual(usage, { type: 'usage', usage: { inputTokens: countTokens(PROMPT), outputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 0 } });
      const e = srv.log.last()!;
      assert.equal(e.outcome, 'completed');
      assert.equal(e.model, MODELS[name]);
    });
  }

  it('complete() is built on stream()', async () => {
    const r = await providers.oa.complete(req(MODELS.oa), NO);
    assert.equal(r.text, replyText(PROMPT));
    assert.equal(r.usage?.outputTokens, 8);
  });

  it('OpenAI: sends include_usage and max_tokens; cached prompt tokens are split out of input', async () => {
    srv.setDefaults({ openaiCacheMinTokens: 5 });
    const system = { role: 'system' as const, content: 'you are a very careful and helpful assistant' };
    const ask = (q: string) => providers.oa.complete({ model: MODELS.oa, messages: [system, { role: 'user', content: q }], maxTokens: 50 }, NO);
    await ask('first question');
    const body = srv.log.last()!.body as Record<string, unknown>;
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.max_tokens, 50);
    const second = await ask('a different second question');
    const cached = countTokens(system.content);
    assert.deepEqual(second.usage, { inputTokens: countTokens('a different second question'), outputTokens: 8, cacheReadTokens: cached, cacheWriteTokens: 0 });
  });

  it('Anthropic: with prompt_caching, a large stable system block gets cache_control; writes then reads are counted apart', async () => {
    const cached = build({ providers: { an: { prompt_caching: true } } }).an;
    const big = Array.from({ length: 1200 }, (_, i) => `rule${i}`).join(' ');
    const ask = (q: string) => cached.complete({ model: MODELS.an, messages: [{ role: 'system', content: big }, { role: 'user', content: q }], maxTokens: 50 }, NO);
    const first = await ask('first question');
    const sys = (srv.log.last()!.body as { system: { cache_control?: unknown }[] }).system;
    assert.deepEqual(sys[0].cache_control, { type: 'ephemeral' });
    assert.deepEqual(first.usage, { inputTokens: 2, outputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 1200 });
    const second = await ask('a different second question');
    assert.deepEqual(second.usage, { inputTokens: 4, outputTokens: 8, cacheReadTokens: 1200, cacheWriteTokens: 0 });
  });

  it('Anthropic: no cache_control without prompt_caching, nor on small blocks', async () => {
    await providers.an.complete({ model: MODELS.an, messages: [{ role: 'system', content: 'x '.repeat(2000) }, { role: 'user', content: 'q' }], maxTokens: 5 }, NO);
    assert.doesNotMatch(JSON.stringify(srv.log.last()!.body), /cache_control/);
    const p = anthropicPrompt([{ role: 'system', content: 'short' }, { role: 'user', content: 'q' }], true);
    assert.doesNotMatch(JSON.stringify(p), /cache_control/);
  });

  it('anthropicPrompt: at most 4 breakpoints, latest first, never on the final turn', () => {
    const big = (i: number) => `${i} ` + 'lorem ipsum dolor sit amet '.repeat(300);
    const msgs = [
      { role: 'system' as const, content: big(0) },
      ...[1, 2, 3, 4, 5].flatMap((i) => [{ role: 'user' as const, content: big(i) }, { role: 'assistant' as const, content: 'ok' }]),
      { role: 'user' as const, content: big(9) },
    ];
    const p = anthropicPrompt(msgs, true);
    assert.equal(p.system?.[0].cache_control, undefined, 'the oldest block loses to the four latest');
    const marked = p.messages.filter((m) => Array.isArray(m.content) && m.content[0].cache_control);
    assert.equal(marked.length, 4);
    assert.equal(typeof p.messages.at(-1)!.content, 'string');
  });
});

describe('fill-in-the-middle, embeddings, models', () => {
  it('ollama generate with suffix and OpenAI-compatible /v1/completions with suffix (a server said to honour it)', async () => {
    const honours = build({ providers: { oa: { fim_template: 'suffix' } } });
    for (const [p, model] of [[honours.ol, 'deepseek-coder:6.7b'], [honours.oa, 'gpt-3.5-turbo-instruct']] as const) {
      const cs = await chunks(p.fim({ model, prefix: 'def f(x):\n    ', suffix: '\n    return y', maxTokens: 64 }, NO));
      assert.equal(cs.map((c) => (c.type === 'delta' ? c.text : '')).join(''), fimText('def f(x):\n    ', '\n    return y'));
      assert.equal(cs.filter((c) => c.type === 'usage').length, 1);
    }
    assert.equal(srv.log[0].path, '/api/generate');
    assert.equal(srv.log[1].path, '/v1/completions');
  });

  it('Anthropic and Groq have no FIM or embeddings: a non-retryable ProviderError', async () => {
    for (const p of [providers.an, providers.gq]) {
      const e = await rejection(chunks(p.fim({ model: 'm', prefix: 'a', suffix: 'b', maxTokens: 5 }, NO)));
      assert.ok(e instanceof ProviderError && !e.retryable, String(e));
      const e2 = await rejection(p.embed('m', ['x'], NO));
      assert.ok(e2 instanceof ProviderError && !e2.retryable);
    }
    assert.equal(srv.log.length, 0);
  });

  it('embeddings: ollama /api/embed and OpenAI-compatible (floats) decode to the same vectors', async () => {
    assert.deepEqual(await providers.ol.embed('nomic-embed-text', ['alpha', 'beta'], NO), [fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    assert.deepEqual(await providers.oa.embed('text-embedding-3-small', ['alpha', 'beta'], NO), [fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    assert.equal((srv.log.last()!.body as { encoding_format: string }).encoding_format, 'float');
  });

  it('listModels for every API', async () => {
    assert.ok((await providers.ol.listModels(NO)).includes('deepseek-coder:6.7b'));
    assert.ok((await providers.oa.listModels(NO)).includes('gpt-4o'));
    assert.ok((await providers.an.listModels(NO)).includes(MODELS.an));
    assert.ok((await providers.gq.listModels(NO)).includes(MODELS.gq));
  });
});

describe('errors become ProviderError, and the SDKs never retry', () => {
  for (const name of ['an', 'oa', 'gq', 'ol'] as const) {
    it(`${name}: 429 keeps Retry-After; 500/503 retryable; 400/401/403/404 not; one request each`, async () => {
      const cases: [number, boolean][] = [[429, true], [500, true], [503, true], [400, false], [401, false], [403, false], [404, false]];
      srv.script(cases.map(([status]) => (status === 429 ? { status, retryAfter: 2 } : status)));
      for (const [status, retryable] of cases) {
        const e = await rejection(chunks(providers[name].stream(req(MODELS[name]), NO)));
        assert.ok(e instanceof ProviderError, `${status}: ${String(e)}`);
        assert.equal(e.status, status);
        assert.equal(e.retryable, retryable, `${status}`);
        assert.equal(e.provider, name);
        if (status === 429) assert.equal(e.retryAfterMs, 2000);
      }
      assert.equal(srv.log.length, cases.length, 'maxRetries: 0 — one upstream request per call');
    });
  }

  it('a refused connection is retryable, without a status', async () => {
    const cfg = configFor({ ...srv, url: 'http://127.0.0.1:1' } as FakeProvider);
    const p = new ProviderRegistry().get(cfg.providers.get('oa')!);
    const e = await rejection(p.complete(req(MODELS.oa), NO));
    assert.ok(e instanceof ProviderError);
    assert.equal(e.status, undefined);
    assert.equal(e.retryable, true);
  });

  it('the API key never appears in an error, even when the server echoes it', async () => {
    for (const name of ['an', 'oa', 'gq'] as const) {
      const key = KEYS[`${name.toUpperCase()}_KEY` as keyof typeof KEYS];
      srv.script([{ status: 401, message: `invalid key ${key}` }]);
      const e = await rejection(providers[name].complete(req(MODELS[name]), NO));
      assert.ok(e instanceof ProviderError);
      assert.match(e.message, /invalid key \*\*\*/);
      assert.ok(!JSON.stringify({ ...e, message: e.message, stack: e.stack }).includes(key), `${name} leaked its key`);
    }
  });

  it('status and Retry-After helpers', () => {
    assert.deepEqual([400, 401, 403, 404, 408, 409, 429, 500, 503, 529].map(isRetryableStatus), [false, false, false, false, true, true, true, true, true, true]);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    assert.equal(retryAfterMs({ 'retry-after': '3' }), 3000);
    assert.equal(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000), 6_000);
    assert.equal(retryAfterMs({}), undefined);
    const info = { name: 'p', apiKey: undefined } as unknown as ProviderInfo;
    assert.ok(toProviderError(Object.assign(new Error('x'), { name: 'AbortError' }), info, 'm', NO) instanceof CancelledError);
  });
});

// The server holds the stream open after two chunks (`hangAfter`), so its log can only say `client_aborted`
// if the adapter closed the connection on abort; nothing is sent after the abort because nothing more is due.
describe('an aborted signal closes the upstream connection', () => {
  for (const name of ['an', 'oa', 'gq', 'ol'] as const) {
    it(`${name}: mid-stream abort → CancelledError, the server sees the close with its stream still open`, async () => {
      srv.setDefaults({ fault: { hangAfter: 2 } });
      const ac = new AbortController();
      let deltas = 0;
      const error = await rejection(
        (async () => {
          for await (const c of providers[name].stream(req(MODELS[name]), ac.signal)) if (c.type === 'delta' && ++deltas === 2) ac.abort();
        })(),
      );
      assert.ok(error instanceof CancelledError, String(error));
      const entry = await srv.log.waitFor((x) => x.closedAt !== null);
      assert.equal(entry.outcome, 'client_aborted');
      assert.equal(entry.chunksSent, 2);
    });

    it(`${name}: abort before headers (server hanging) also closes the connection`, async () => {
      srv.script(['hang']);
      const ac = new AbortController();
      const p = chunks(providers[name].stream(req(MODELS[name]), ac.signal));
      await srv.log.waitFor((x) => x.fault === 'hang');
      ac.abort();
      assert.ok((await rejection(p)) instanceof CancelledError);
      assert.equal((await srv.log.waitFor((x) => x.closedAt !== null)).outcome, 'client_aborted');
    });
  }
});

describe('SDKs stay off the activation path', () => {
  it('loading the router and every adapter loads no SDK; the first request does', () => {
    const script = `
      const sdk = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](openai|@anthropic-ai[\\\\/]sdk|groq-sdk|ollama)[\\\\/]/.test(k)).length;
      require('./src/core/router.ts');
      require('./src/core/providers/registry.ts');
      console.log(sdk());`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0');
  });
});
