// router.batch: many items in few calls, parsed robustly, a malformed item retried alone; against the fake
// server (its respond hook answers like a model would: JSON keyed by the item ids it was sent).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { BatchItem } from '../../src/core/router';
import { packItems } from '../../src/core/router/batch';
import { slicer } from '../../src/core/slices';
import { parseBatchAnswer } from '../../src/core/router/batchParse';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { routerFor } from './routerFixture';

let srv: FakeProvider;
const calls = () => srv.log.filter((e) => e.path.endsWith('/chat/completions'));

const userText = (body: Record<string, unknown>) => {
  const msgs = body.messages as { role: string; content: string }[];
  return msgs.filter((m) => m.role === 'user').pop()?.content ?? '';
};
const idsIn = (text: string) => [...text.matchAll(/^### item ("[^"]*")$/gm)].map((m) => JSON.parse(m[1]) as string);
const docFor = (id: string) => `Documents ${id}.`;
/** Like a model: a fenced JSON object for a batch, the plain answer for one item; `spoil` ids come back broken. */
function respond(spoil: Set<string> = new Set()) {
  return (body: Record<string, unknown>) => {
    const text = userText(body);
    const ids = idsIn(text);
    if (!ids.length) return `single: ${/fn (\w+)/.exec(text)?.[1] ?? '?'}`;
    const obj = Object.fromEntries(ids.filter((id) => !spoil.has(id)).map((id) => [id, docFor(id)]));
    return 'Here you go:\n```json\n' + JSON.stringify(obj, null, 1) + '\n```\nAnything else?';
  };
}

const fns = (n: number): BatchItem[] => Array.from({ length: n }, (_, i) => ({ id: `f${i}`, text: `function fn f${i}(a, b) {\n  return a + b * ${i};\n}` }));

before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe('router.batch', () => {
  it('50 items: few calls, every answer by its id', async () => {
    srv.setDefaults({ respond: respond(), chunks: 1 });
    const { router } = routerFor(srv, { use: ['oa'] });
    const r = await router.batch(fns(50), 'docs', { files: [], instruction: 'Write a doc comment for each function.', complexity: 'simple' });
    assert.ok(calls().length <= 3, `${calls().length} calls`);
    assert.equal(r.calls.batched, calls().length);
    assert.equal(r.calls.single, 0);
    assert.deepEqual(r.items.map((i) => i.text), fns(50).map((f) => docFor(f.id)));
    assert.ok(r.items.every((i) => i.via === 'batch'));
    assert.equal(r.results.length, calls().length);
    assert.ok(r.costUsd > 0);
    assert.equal(r.usage.inputTokens, r.results.reduce((n, x) => n + x.usage.inputTokens, 0));
  });

  it("calls are packed to the target's window as decisions see it (a YAML context_window), so none is skipped as too big", async () => {
    srv.setDefaults({ respond: respond(), chunks: 1 });
    const { router } = routerFor(srv, { use: ['oa'], providers: { oa: { context_window: 2048 } } });
    const r = await router.batch(fns(50), 'docs', { instruction: 'Write a doc comment for each function.', complexity: 'simple', maxOutputTokens: 512, files: [] });
    assert.ok(r.results.every((x) => x.attempts.every((a) => !a.outcome.startsWith('skipped: context'))), 'a call was sized past the window');
    assert.ok(calls().length > 3, `small window, more calls (${calls().length})`);
    assert.deepEqual(r.items.map((i) => i.text), fns(50).map((f) => docFor(f.id)));
  });

  it('a malformed item is retried alone; the others are kept', async () => {
    srv.setDefaults({ respond: respond(new Set(['f7'])), chunks: 1 });
    const { router } = routerFor(srv, { use: ['oa'] });
    const r = await router.batch(fns(10), 'docs', { files: [], instruction: 'Write a doc comment for each function.', complexity: 'simple' });
    assert.equal(r.calls.batched, 1);
    assert.equal(r.calls.single, 1);
    assert.equal(calls().length, 2);
    assert.equal(userText(calls()[1].body as Record<string, unknown>).includes('fn f7('), true, 'the retry carried only f7');
    assert.equal(idsIn(userText(calls()[1].body as Record<string, unknown>)).length, 0);
    assert.deepEqual(r.items[7], { id: 'f7', text: 'single: f7', via: 'single' });
    assert.equal(r.items[6].text, docFor('f6'));
  });

  it('the context window and the output cap bound each call', async () => {
    srv.setDefaults({ respond: respond(), chunks: 1 });
    const small = routerFor(srv, { use: ['oa:tiny'], extra: { prices: { tiny: { input: 1, output: 1, context_window: 4096 + 300 } } } }).router;
    const r = await small.batch(fns(20), 'docs', { files: [], complexity: 'simple' });
    assert.ok(r.calls.batched >= 3, `${r.calls.batched} calls in a small window`);
    assert.ok(r.items.every((i) => i.text === docFor(i.id)));
    srv.reset();
    srv.setDefaults({ respond: respond(), chunks: 1 });
    const { router } = routerFor(srv, { use: ['oa'] });
    const capped = await router.batch(fns(20), 'docs', { files: [], complexity: 'simple', maxTokensPerItem: 500, maxOutputTokens: 1000 });
    assert.equal(capped.calls.batched, 10, 'two answers of 500 tokens per 1000-token call');
  });

  it('the provider failing the whole call fails its items, without a retry storm', async () => {
    srv.setDefaults({ fault: 400 });
    const { router } = routerFor(srv, { use: ['oa'] });
    const r = await router.batch(fns(5), 'docs', { files: [], complexity: 'simple' });
    assert.equal(calls().length, 1);
    assert.ok(r.items.every((i) => i.error && !i.text));
  });

  it('an aborted batch rejects', async () => {
    const { router } = routerFor(srv, { use: ['oa'] });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(router.batch(fns(3), 'docs', { files: [], signal: ac.signal }), /cancel/i);
  });
});

describe('parseBatchAnswer', () => {
  const ids = ['a', 'b', 'c'];
  const get = (text: string) => Object.fromEntries(parseBatchAnswer(text, ids));
  it('reads plain, fenced, surrounded and wrapped JSON', () => {
    assert.deepEqual(get('{"a": "1", "b": "2", "c": "3"}'), { a: '1', b: '2', c: '3' });
    assert.deepEqual(get('Sure!\n```json\n{"a": "1", "b": "2"}\n```\nDone.'), { a: '1', b: '2' });
    assert.deepEqual(get('Result: {"a": "x {y}", "c": "3"} hope that helps {'), { a: 'x {y}', c: '3' });
    assert.deepEqual(get('{"results": {"a": "1", "b": {"doc": "2"}}}'), { a: '1', b: '2' });
    assert.deepEqual(get('[{"id": "a", "answer": "1"}, {"id": "c", "text": "3"}]'), { a: '1', c: '3' });
  });

  it('salvages what parses from partial or broken JSON', () => {
    assert.deepEqual(get('{"a": "one\\ntwo", "b": "cut of'), { a: 'one\ntwo' });
    assert.deepEqual(get('{"a": "1" "b": "2",, "c": }'), { a: '1', b: '2' });
    assert.deepEqual(get('[{"id": "b", "text": "2"}, {"id": "c", "te'), { b: '2' });
  });

  it('keeps only the ids asked about, and no empty answers', () => {
    assert.deepEqual(get('{"a": "1", "zz": "2", "b": "  "}'), { a: '1' });
    assert.deepEqual(get('no json at all'), {});
  });
});

describe('packItems', () => {
  const item = (id: string, words: number) => ({ id, text: Array(words).fill('w').join(' ') });
  it('fills calls greedily within tokens, count and output; an item too big goes alone', async () => {
    const p = await packItems([item('a', 10), item('b', 10), item('c', 10), item('d', 500), item('e', 10)], { inputTokens: 40, items: 10, outputTokens: 1000, perItem: 100 });
    assert.deepEqual(p.calls.map((c) => c.map((i) => i.id)), [['a', 'b'], ['c', 'e']]);
    assert.deepEqual(p.alone.map((i) => i.id), ['d']);
    const q = await packItems([item('a', 1), item('b', 1), item('c', 1)], { inputTokens: 1000, items: 10, outputTokens: 200, perItem: 100 });
    assert.deepEqual(q.calls.map((c) => c.length), [2, 1]);
  });

  it('gives the event loop a turn while it counts a whole file of items (a clock that says each item took 5 ms)', async () => {
    const items = Array.from({ length: 40 }, (_, i) => item(`f${i}`, 20));
    let clock = 0;
    const ticks: number[] = [];
    const interval = setImmediate(function tick() {
      ticks.push(clock);
    });
    const p = await packItems(items, { inputTokens: 100_000, items: 100, outputTokens: 100_000, perItem: 10 }, slicer(10, () => (clock += 5)));
    clearImmediate(interval);
    assert.equal(p.calls.flat().length, 40);
    assert.ok(ticks.length > 0 && ticks[0] < 40 * 5 * 2, 'a turn came before the last item was counted');
  });
});
