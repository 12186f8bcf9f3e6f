// The inline pipeline: prefix cache, debounce, supersede (aborted upstream), early stop, and never a paid
// provider unless inline.allow_paid. Against the fake provider server through the real Router and SDKs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/core/config/load';
import { PrefixCache } from '../../src/core/inline/cache';
import { InlineEngine, type FimFn } from '../../src/core/inline/engine';
import { inlineProviders } from '../../src/core/inline/targets';
import { Router, type StreamEvent } from '../../src/core/router';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

/** A local Ollama coder (fim) and a paid OpenAI-compatible provider that also serves FIM (its server honours `suffix`). */
function config(inline: Record<string, unknown> = {}, localFim = true) {
  const yaml = stringify({
    providers: {
      local: { ol: { type: 'ollama', base_url: srv.url, default_model: 'deepseek-coder:6.7b', fim: localFim } },
      fast_cloud: { pc: { type: 'openai_compatible', base_url: `${srv.url}/v1`, api_key: '${PC_KEY}', default_model: 'gpt-3.5-turbo-instruct', fim: true, fim_template: 'suffix', local: false } },
    },
    rules: [{ id: 'code', when: { task: 'code_generation' }, use: ['ol', 'pc'], reason: 'local coder first', fallback: false }],
    router: { retries: 0 },
    inline,
  });
  return parseConfig(yaml, { file: 'inline.yaml', env: (n) => (n === 'PC_KEY' ? 'sk-test-pc' : undefined) });
}

const fimPaths = () => srv.log.filter((e) => e.path === '/api/generate' || e.path === '/v1/completions');

/** Router.fim, with a promise that resolves at the first delta the client receives. */
function observed(router: Router) {
  let firstDelta!: () => void;
  const streaming = new Promise<void>((r) => (firstDelta = r));
  const fim: FimFn = async function* (req, signal) {
    for await (const e of router.fim(req, signal)) {
      if (e.type === 'delta') firstDelta();
      yield e;
    }
  };
  return { fim, streaming };
}

async function drain(events: AsyncIterable<StreamEvent>) {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('PrefixCache', () => {
  it('hits on the same prefix and suffix, misses on another suffix', () => {
    const c = new PrefixCache();
    c.set('const x = ', ';', 'compute()');
    assert.equal(c.get('const x = ', ';'), 'compute()');
    assert.equal(c.get('const x = ', ''), undefined);
  });

  it('serves typing ahead: the rest of a cached completion the user is typing', () => {
    const c = new PrefixCache();
    c.set('const x = ', '', 'compute(1, 2);');
    assert.equal(c.get('const x = comp', ''), 'ute(1, 2);');
    assert.equal(c.get('const x = cop', ''), undefined, 'a typed character that differs misses');
    assert.equal(c.get('const x = compute(1, 2);', ''), undefined, 'nothing left to offer');
  });

  it('is bounded (LRU)', () => {
    const c = new PrefixCache(3);
    for (let i = 0; i < 5; i++) c.set(`p${i}`, '', `t${i}`);
    assert.equal(c.size, 3);
    assert.equal(c.get('p0', ''), undefined);
    assert.equal(c.get('p4', ''), 't4');
  });
});

describe('InlineEngine', () => {
  it('completes through Router.fim on the local coder (Ollama suffix) and trims the answer', async () => {
    srv.setDefaults({ text: 'return a + b;\n}\n\nfunction other() {}' });
    const router = new Router({ config: config() });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => 0 });
    const out = await engine.complete({ prefix: 'function add(a, b) {\n  ', suffix: '\n}\n', files: [] });
    assert.equal(out.kind, 'completion');
    assert.ok(out.kind === 'completion');
    assert.equal(out.text, 'return a + b;');
    assert.equal(out.provider, 'ol');
    assert.equal(out.model, 'deepseek-coder:6.7b');
    const [req] = fimPaths();
    assert.equal(req.path, '/api/generate');
    assert.deepEqual([(req.body as { prompt: string }).prompt, (req.body as { suffix: string }).suffix], ['function add(a, b) {\n  ', '\n}\n']);
  });

  it('a second identical request is served from the cache, with no upstream call', async () => {
    srv.setDefaults({ text: 'compute(1);' });
    const router = new Router({ config: config() });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => 0 });
    await engine.complete({ prefix: 'const x = ', suffix: '', files: [] });
    const again = await engine.complete({ prefix: 'const x = ', suffix: '', files: [] });
    assert.ok(again.kind === 'completion' && again.cached);
    const ahead = await engine.complete({ prefix: 'const x = comp', suffix: '', files: [] });
    assert.ok(ahead.kind === 'completion' && ahead.text === 'ute(1);');
    assert.equal(fimPaths().length, 1);
  });

  it('debounces: keystrokes inside the debounce window never reach the server', async () => {
    srv.setDefaults({ text: 'done();' });
    const router = new Router({ config: config() });
    // A debounce of 10 minutes while typing and none for the last keystroke: each request is superseded by
    // the next one whatever the machine's speed, and only the last reaches the server.
    let debounce = 600_000;
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => debounce });
    const typed = 'const value = ';
    const results = [];
    for (let i = 1; i <= typed.length; i++) {
      if (i === typed.length) debounce = 0;
      results.push(engine.complete({ prefix: typed.slice(0, i), suffix: '', files: [] }));
    }
    const outs = await Promise.all(results);
    assert.equal(outs.filter((o) => o.kind === 'superseded').length, typed.length - 1);
    assert.equal(outs.at(-1)!.kind, 'completion');
    assert.equal(fimPaths().length, 1, 'one upstream request for the whole burst');
  });

  it('a superseded request is aborted upstream (the server sees client_aborted)', async () => {
    // The first stream stops after one chunk and stays open: only the supersede can end it.
    srv.setDefaults({ text: 'a;\n  b;\n  c;\n  d;\n  e;\n  f;\n  g;\n  h;', chunks: 8 });
    srv.script([{ hangAfter: 1 }]);
    const { fim, streaming } = observed(new Router({ config: config() }));
    const engine = new InlineEngine({ fim, debounceMs: () => 0 });
    const first = engine.complete({ prefix: 'function f() {\n  ', suffix: '\n}', files: [] });
    await streaming;
    const second = engine.complete({ prefix: 'function f() {\n  let', suffix: '\n}', files: [] });
    assert.equal((await first).kind, 'superseded');
    await second;
    const [aborted, next] = fimPaths();
    assert.equal((await srv.log.waitFor((e) => e.id === aborted.id && e.closedAt !== null)).outcome, 'client_aborted');
    assert.equal(aborted.chunksSent, 1);
    assert.equal((next.body as { prompt: string }).prompt, 'function f() {\n  let', 'the newer request went out');
  });

  it("the caller's cancellation aborts upstream too", async () => {
    srv.setDefaults({ chunks: 8, fault: { hangAfter: 1 } });
    const { fim, streaming } = observed(new Router({ config: config() }));
    const engine = new InlineEngine({ fim, debounceMs: () => 0 });
    const ac = new AbortController();
    const p = engine.complete({ prefix: 'let x = ', suffix: '', files: [] }, ac.signal);
    await streaming;
    ac.abort();
    assert.equal((await p).kind, 'cancelled');
    assert.equal((await srv.log.waitFor((e) => e.closedAt !== null)).outcome, 'client_aborted');
  });

  // The server sends 4 of 12 chunks and then holds the stream open: the completion is done after the second
  // chunk, so only an engine that stops early (and closes the stream) finishes; one that kept reading would
  // hang until the test's limit.
  it('stops reading as soon as the completion is complete (early stop saves upstream tokens)', { timeout: 60_000 }, async () => {
    srv.setDefaults({ text: 'compute();\nnext();\nmore();\nevenMore();\nandMore();\nfinally();', chunks: 12, fault: { hangAfter: 4 } });
    const router = new Router({ config: config() });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => 0 });
    const out = await engine.complete({ prefix: 'const x = ', suffix: '', files: [] });
    assert.ok(out.kind === 'completion' && out.text === 'compute();');
    const e = await srv.log.waitFor((x) => x.closedAt !== null);
    assert.equal(e.outcome, 'client_aborted');
    assert.ok(e.chunksSent < 12, `stopped after ${e.chunksSent} of 12 chunks`);
  });

  it('no route: an error outcome, not an exception', async () => {
    const router = new Router({ config: config({}, false) });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => 0 });
    const out = await engine.complete({ prefix: 'x', suffix: '', files: [] });
    assert.equal(out.kind, 'error');
    assert.equal(fimPaths().length, 0);
  });

  it('a fake fim shows the order: superseded requests never start when debounced', async () => {
    let started = 0;
    const fim: FimFn = async function* () {
      started++;
      yield { type: 'delta', text: 'ok();' };
    };
    const engine = new InlineEngine({ fim, debounceMs: () => 30 });
    const a = engine.complete({ prefix: 'a', suffix: '', files: [] });
    const b = engine.complete({ prefix: 'ab', suffix: '', files: [] });
    assert.deepEqual([(await a).kind, (await b).kind], ['superseded', 'completion']);
    assert.equal(started, 1);
  });
});

describe('inline never goes to a paid provider unless inline.allow_paid', () => {
  it('Router.fim skips the paid FIM provider when the local one is unusable', async () => {
    const router = new Router({ config: config({}, false) });
    const events = await drain(router.fim({ prefix: 'x = ', suffix: '', files: [] }));
    const skipped = events.flatMap((e) => (e.type === 'attempt' ? [e.attempt] : [])).find((a) => a.provider === 'pc');
    assert.match(skipped!.outcome, /skipped: inline completions stay local/);
    assert.equal(fimPaths().length, 0);
    assert.deepEqual(inlineProviders(config({}, false)), []);
  });

  it('inline.use naming a paid provider is still skipped', async () => {
    const router = new Router({ config: config({ use: ['pc'] }) });
    const events = await drain(router.fim({ prefix: 'x = ', suffix: '', files: [] }));
    assert.ok(events.some((e) => e.type === 'error'));
    assert.equal(fimPaths().length, 0);
  });

  it('with inline.allow_paid: true the paid provider serves (OpenAI-compatible completions with suffix)', async () => {
    srv.setDefaults({ text: '42;' });
    const router = new Router({ config: config({ allow_paid: true }, false) });
    const engine = new InlineEngine({ fim: (r, s) => router.fim(r, s), debounceMs: () => 0 });
    const out = await engine.complete({ prefix: 'const x = ', suffix: '\n', files: [] });
    assert.ok(out.kind === 'completion' && out.provider === 'pc', JSON.stringify(out));
    const [req] = fimPaths();
    assert.equal(req.path, '/v1/completions');
    assert.equal((req.body as { suffix: string }).suffix, '\n');
    assert.deepEqual(inlineProviders(config({ allow_paid: true }, false)), ['pc']);
  });
});
