// Ollama cuts a prompt to its default window without a word when the request sends no num_ctx; the fake server
// does the same and logs the num_ctx it got. The router sizes num_ctx to fit input + output, never above the window.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { ProviderRegistry } from '../../src/core/providers/registry';
import { countTokens as bpe } from '../../src/core/tokens';
import { fimText, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { configFor, drain, lastOf, routerFor } from './routerFixture';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

/** About n tokens of prose, by both counts (cl100k and the fake's words). */
const prose = (n: number) => Array.from({ length: n }, (_, i) => ['alpha', 'beta', 'gamma', 'delta'][i % 4]).join(' ');
const noteOf = () => srv.log.last()!.note as { numCtx: number | null; window: number; promptTokens: number; keptTokens: number };

describe('the fake Ollama server behaves like the real one about its window', () => {
  it('no num_ctx: a 9k-token prompt is cut to the default 4096 tokens, silently (200, a normal answer)', async () => {
    const text = prose(9000);
    const r = await new Ollama({ host: srv.url }).chat({ model: 'llama3.1:8b', messages: [{ role: 'user', content: text }] });
    const note = noteOf();
    assert.equal(note.numCtx, null);
    assert.equal(note.window, 4096);
    assert.equal(note.keptTokens, 4096);
    assert.equal(note.promptTokens, 9000);
    assert.equal(r.prompt_eval_count, 4096);
    assert.notEqual(r.message.content, replyText(text), 'the model answered a shorter prompt');
  });
});

describe('the router sends options.num_ctx', () => {
  it('a ~9k-token local request reaches Ollama with num_ctx ≥ 9k, and nothing is cut', async () => {
    const text = prose(9000);
    assert.ok(Math.abs(bpe(text) - 9000) < 50, `about 9k cl100k tokens (${bpe(text)})`);
    const { router } = routerFor(srv, { use: ['ol'] });
    const ev = await drain(router.stream({ messages: [{ role: 'user', content: text }], taskType: 'chat', complexity: 'simple', maxTokens: 512, files: [] }));
    const entry = srv.log.last()!;
    assert.equal(entry.path, '/api/chat');
    const note = noteOf();
    assert.ok(note.numCtx! >= 9000, `num_ctx ${note.numCtx}`);
    assert.equal(note.numCtx, 16384, '9,004 × 1.44 + 512 rounded up to a power of two');
    assert.equal(note.keptTokens, note.promptTokens, 'nothing cut');
    const done = lastOf(ev);
    assert.equal(done.type === 'done' ? done.result.text : '', replyText(text));
  });

  it('a small request still names its window (Ollama default 4096), so the server never guesses', async () => {
    const { router } = routerFor(srv, { use: ['ol'] });
    await router.complete({ messages: [{ role: 'user', content: 'hi' }], taskType: 'chat', complexity: 'simple', files: [] });
    assert.equal(noteOf().numCtx, 4096);
  });

  it('never above the model window: a YAML context_window caps it', async () => {
    const { router } = routerFor(srv, { use: ['ol'], providers: { ol: { context_window: 12000 } } });
    // 7,000 × 1.44 + 1,024 = 11,104: fits 12,000 by the usual margin, and num_ctx stops at the window.
    await router.complete({ messages: [{ role: 'user', content: prose(7000) }], taskType: 'chat', complexity: 'simple', files: [] });
    assert.equal(noteOf().numCtx, 12000);
  });

  it('fill-in-the-middle gets num_ctx too, so the code before the cursor keeps its beginning', async () => {
    const prefix = `def f():\n${prose(6000)}\n`;
    const suffix = '\n    return y\n';
    const { router } = routerFor(srv, { use: ['ol:deepseek-coder:6.7b'], extra: { inline: { use: ['ol:deepseek-coder:6.7b'] } }, providers: { ol: { fim: true } } });
    const ev = await drain(router.fim({ prefix, suffix, maxTokens: 64, files: [] }));
    const note = noteOf();
    assert.ok(note.numCtx! >= 8192, String(note.numCtx));
    assert.equal(note.keptTokens, note.promptTokens);
    const done = lastOf(ev);
    assert.equal(done.type === 'done' ? done.result.text : '', fimText(prefix, suffix));
  });
});

describe('the model window, from /api/show', () => {
  it('describeModel reads <arch>.context_length', async () => {
    const p = new ProviderRegistry().get(configFor(srv).providers.get('ol')!);
    assert.deepEqual(await p.describeModel!('deepseek-coder:6.7b', new AbortController().signal), { id: 'deepseek-coder:6.7b', contextWindow: 16384 });
  });

  it('a model no config knows: the first request learns its window in the background; the next decision uses it', async () => {
    srv.setDefaults({ models: { ollama: ['llama3.1:8b', 'tinycoder:1b'] }, ollamaContextLength: { 'tinycoder:1b': 2048 } });
    const { router } = routerFor(srv, { use: ['ol:tinycoder:1b', 'oa'] });
    const ask = { messages: [{ role: 'user' as const, content: prose(3000) }], taskType: 'chat' as const, complexity: 'simple' as const, files: [] };
    const first = await router.complete(ask);
    assert.equal(first.provider, 'ol', 'unknown window: tried');
    await srv.log.waitFor((e) => e.path === '/api/show' && e.status === 200);
    const second = router.plan(ask).decision;
    assert.match(second.chain[0].skipped!, /^context 4,6\d\d > window 2,048$/);
  });
});
