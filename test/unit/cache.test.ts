// The response cache and the embedding cache in the router, against the fake servers through the real SDKs:
// a hit costs nothing and sends nothing; only complete answers at deterministic settings are stored.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RouterCache } from '../../src/core/cache/routerCache';
import { cacheable, requestKey, ResponseCache, type KeyInput } from '../../src/core/cache/responseCache';
import { CancelledError } from '../../src/core/errors';
import type { RouteEvent, RouterRequest } from '../../src/core/router';
import { fakeEmbedding, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, drain, lastOf, PROMPT, recordingBudget, routerFor, textOf, type ConfigOpts } from './routerFixture';

let srv: FakeProvider;
let dir: string;
const inference = () => srv.log.filter((e) => e.path.endsWith('/messages') || e.path.endsWith('/chat/completions') || e.path === '/api/chat');
const embeds = () => srv.log.filter((e) => e.path === '/api/embed');

before(async () => {
  srv = await startFakeProvider('all');
  dir = mkdtempSync(join(tmpdir(), 'llm-router-cache-'));
});
after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => srv.reset());

function cachedRouter(cache: Record<string, unknown> = {}, o: ConfigOpts = {}, cacheOpts: ConstructorParameters<typeof RouterCache>[0] = {}) {
  const events: RouteEvent[] = [];
  const budget = recordingBudget();
  const rc = new RouterCache(cacheOpts);
  const { router } = routerFor(srv, { ...o, extra: { cache, ...o.extra } }, { cache: rc, budget: budget.port, onEvent: (e) => events.push(e) });
  return { router, rc, events, budget };
}

describe('response cache', () => {
  it('a hit: 0 upstream calls, $0, marked cached in the result, the decision, the event and the ledger', async () => {
    const { router, events, budget } = cachedRouter();
    const first = await router.complete(ask());
    assert.equal(first.cached, false);
    assert.ok(first.costUsd > 0);
    assert.equal(inference().length, 1);
    const ev = await drain(router.stream(ask()));
    assert.equal(inference().length, 1, 'the hit sent nothing');
    assert.deepEqual(ev.map((e) => e.type), ['decision', 'delta', 'done']);
    assert.equal(textOf(ev), replyText(PROMPT));
    const done = lastOf(ev);
    assert.ok(done.type === 'done');
    assert.equal(done.result.cached, true);
    assert.equal(done.result.costUsd, 0);
    assert.equal(done.result.provider, 'an');
    assert.match(done.result.decision.explanation, / · cached$/);
    assert.deepEqual(events.map((e) => [e.cached, e.costUsd > 0]), [[false, true], [true, false]]);
    await new Promise((r) => setImmediate(r));
    assert.equal(budget.calls.reserve.length, 2);
    assert.deepEqual({ ...budget.calls.reserve[1] }, { provider: 'an', model: first.model, local: true, worstCaseUsd: 0 }, 'nothing reserved');
    assert.equal(budget.calls.settle[1].input.meta.cached, true);
    assert.equal(budget.calls.settle[1].input.costUsd, 0);
  });

  it('temperature 0.7 is not cached (max_temperature 0); at max_temperature 1 it is', async () => {
    const hot: RouterRequest = { ...ask(), temperature: 0.7 };
    const a = cachedRouter();
    await a.router.complete(hot);
    assert.equal((await a.router.complete(hot)).cached, false);
    assert.equal(inference().length, 2);
    srv.reset();
    const b = cachedRouter({ max_temperature: 1 });
    await b.router.complete(hot);
    assert.equal((await b.router.complete(hot)).cached, true);
    assert.equal(inference().length, 1);
  });

  it('a cut stream is not cached, nor an error, nor a cancelled stream', async () => {
    const { router } = cachedRouter();
    srv.script([{ cutAfter: 3 }], { flavor: 'anthropic' });
    const cut = lastOf(await drain(router.stream(ask())));
    assert.ok(cut.type === 'error' && cut.result.text, 'cut after 3 chunks');
    srv.script([400], { flavor: 'anthropic' });
    srv.script([400], { flavor: 'openai' });
    await assert.rejects(router.complete(ask()));
    const ac = new AbortController();
    srv.script([{ chunkDelayMs: 20 }], { flavor: 'anthropic' });
    const stream = router.stream(ask(), ac.signal);
    for await (const e of stream) if (e.type === 'delta') ac.abort();
    const before = inference().length;
    const r = await router.complete(ask());
    assert.equal(r.cached, false);
    assert.equal(inference().length, before + 1);
    assert.equal((await router.complete(ask())).cached, true, 'the first complete answer is');
  });

  it('noCache, and the setting that turns it off, bypass it', async () => {
    const { router } = cachedRouter();
    await router.complete(ask());
    assert.equal((await router.complete({ ...ask(), noCache: true })).cached, false);
    let enabled: boolean | undefined = false;
    const off = cachedRouter({}, {}, { enabled: () => enabled });
    await off.router.complete(ask());
    assert.equal((await off.router.complete(ask())).cached, false);
    enabled = undefined; // back to the YAML's (true)
    await off.router.complete(ask());
    assert.equal((await off.router.complete(ask())).cached, true);
    const yamlOff = cachedRouter({ enabled: false });
    await yamlOff.router.complete(ask());
    assert.equal((await yamlOff.router.complete(ask())).cached, false);
  });

  it('another chain, max tokens or message is another request', async () => {
    const { router } = cachedRouter();
    await router.complete(ask());
    assert.equal((await router.complete({ ...ask(), maxTokens: 99 })).cached, false);
    assert.equal((await router.complete(ask('something else'))).cached, false);
    const other = cachedRouter({}, { use: ['oa'] });
    assert.equal((await other.router.complete(ask())).cached, false);
    assert.equal(inference().length, 4);
  });

  it('persists across a new Router in the state dir (persist: true), and Clear Cache empties it', async () => {
    const stateDir = join(dir, 'persist');
    const a = cachedRouter({ persist: true }, {}, { stateDir, flushMs: 5 });
    await a.router.complete(ask());
    a.rc.dispose();
    assert.ok(existsSync(join(stateDir, 'cache', 'responses.json')));
    const b = cachedRouter({ persist: true }, {}, { stateDir });
    const r = await b.router.complete(ask());
    assert.equal(r.cached, true);
    assert.equal(r.text, replyText(PROMPT));
    assert.equal(inference().length, 1);
    b.rc.clear();
    assert.ok(!existsSync(join(stateDir, 'cache', 'responses.json')));
    assert.equal((await b.router.complete(ask())).cached, false);
    const c = cachedRouter({ persist: false }, {}, { stateDir });
    await c.router.complete(ask('not persisted'));
    c.rc.dispose();
    assert.equal((await cachedRouter({ persist: true }, {}, { stateDir }).router.complete(ask('not persisted'))).cached, false);
  });

  it('expires after ttl_s', async () => {
    let now = 1_000;
    const { router } = cachedRouter({ ttl_s: 60 }, {}, { now: () => now });
    await router.complete(ask());
    now += 59_000;
    assert.equal((await router.complete(ask())).cached, true);
    now += 2_000;
    assert.equal((await router.complete(ask())).cached, false);
  });
});

describe('response cache, the store', () => {
  const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
  it('is bounded in bytes: old entries go first', () => {
    const c = new ResponseCache({ maxBytes: 10_000, ttlMs: 60_000 });
    for (let i = 0; i < 20; i++) c.set(`k${i}`, { text: 'x'.repeat(1000), usage, provider: 'p', model: 'm' });
    assert.ok(c.bytes <= 10_000);
    assert.ok(c.size >= 3 && c.size < 20);
    assert.equal(c.get('k0'), undefined);
    assert.ok(c.get('k19'));
    c.set('huge', { text: 'x'.repeat(20_000), usage, provider: 'p', model: 'm' });
    assert.equal(c.get('huge'), undefined, 'larger than the whole cache: not stored');
  });

  it('keys: line endings and trailing blanks do not count; roles, content, temperature and chain do', () => {
    const k: KeyInput = { kind: 'complete', taskType: 'chat', complexity: 'simple', messages: [{ role: 'user', content: 'a\nb' }], maxTokens: 10, chain: ['x:y'] };
    assert.equal(requestKey(k), requestKey({ ...k, messages: [{ role: 'user', content: 'a\r\nb  \n' }] }));
    assert.equal(requestKey(k), requestKey({ ...k, temperature: 0 }), 'undefined temperature is 0');
    for (const other of [
      { messages: [{ role: 'system' as const, content: 'a\nb' }] },
      { messages: [{ role: 'user' as const, content: 'a b' }] },
      { temperature: 0.1 },
      { chain: ['x:z'] },
      { taskType: 'docs' },
    ]) assert.notEqual(requestKey(k), requestKey({ ...k, ...other }), JSON.stringify(other));
    assert.equal(cacheable(undefined, 0), true);
    assert.equal(cacheable(0.2, 0), false);
  });
});

describe('embedding cache', () => {
  it('hits avoid upstream; only the misses go, in one call; persisted in the state dir', async () => {
    const stateDir = join(dir, 'emb');
    const a = cachedRouter({}, {}, { stateDir });
    const r1 = await a.router.embed(['alpha', 'beta']);
    assert.deepEqual(r1.vectors, [fakeEmbedding('alpha'), fakeEmbedding('beta')]);
    assert.equal(embeds().length, 1);
    const r2 = await a.router.embed(['beta', 'gamma', 'alpha', 'gamma']);
    assert.equal(embeds().length, 2);
    assert.deepEqual((embeds()[1].body as { input: string[] }).input, ['gamma'], 'only the miss went upstream');
    assert.deepEqual(r2.vectors, ['beta', 'gamma', 'alpha', 'gamma'].map((t) => fakeEmbedding(t)));
    assert.equal(r2.cached, 2);
    const r3 = await a.router.embed(['alpha']);
    assert.equal(embeds().length, 2, 'a hit sends nothing');
    assert.equal(r3.cached, 1);
    const b = cachedRouter({}, {}, { stateDir });
    const r4 = await b.router.embed(['gamma', 'beta']);
    assert.equal(embeds().length, 2, 'a new router reads them from the state dir');
    assert.deepEqual(r4.vectors, [fakeEmbedding('gamma'), fakeEmbedding('beta')]);
    b.rc.clear();
    await cachedRouter({}, {}, { stateDir }).router.embed(['gamma']);
    assert.equal(embeds().length, 3, 'cleared');
  });

  it('a cancelled embed stays cancelled', async () => {
    const { router } = cachedRouter();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(router.embed(['x'], ac.signal), CancelledError);
  });
});
