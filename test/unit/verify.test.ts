import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { basicVerifier, unbalanced } from '../../src/core/verify';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { drain, routerFor } from './routerFixture';

describe('basicVerifier', () => {
  const code = (answer: string, language = 'typescript', taskType: 'code_generation' | 'testing' | 'docs' = 'code_generation') => basicVerifier(answer, { taskType, language });
  it('accepts code that parses', async () => {
    assert.deepEqual(await code('```ts\nexport function add(a: number, b: number) { return a + b; }\n```'), { ok: true });
    assert.deepEqual(await code('const f = (x) => [x, { y: x }];', 'javascript'), { ok: true });
    assert.deepEqual(await code('def f(x):\n    return {"a": [x]}\n', 'python'), { ok: true });
  });
  it("counts syntax errors with the language's parser, and says where the first one is", async () => {
    assert.deepEqual(await code('const x = ;', 'javascript'), { ok: false, reason: '1 syntax error (javascript: Expression expected. at 1:11)' });
    assert.deepEqual(await code('{"a": 1,}', 'json'), { ok: false, reason: `1 syntax error (json: ${jsonMessage('{"a": 1,}')} at 1:1)` });
    assert.match(JSON.stringify(await code('def f(x)\n    return x\n', 'python')), /"reason":"1 syntax error \(python: .+ at 1:1\)"/);
    assert.deepEqual(await code('def f(x):\nreturn x\n', 'python'), { ok: false, reason: '1 syntax error (python: expected an indented block at 1:10)' });
  });
  it('falls back to bracket balance for a language no parser here knows', async () => {
    // '}' meets an open '[' (1), and '(', '{', '[' never close (3).
    assert.deepEqual(await code('function f( { return [1, 2; }', 'lua'), { ok: false, reason: '4 syntax errors' });
  });
  it('ignores brackets in strings and comments', () => {
    assert.equal(unbalanced('s = "((("\n# )\nt = \'[\' // ]\n/* { */'), 0);
  });
  it('rejects empty answers, refusals, and tests without a test', async () => {
    assert.deepEqual(await code('   '), { ok: false, reason: 'empty answer' });
    assert.deepEqual(await code("I'm sorry, I can't help with that."), { ok: false, reason: 'the model declined' });
    assert.deepEqual(await code('def add(a, b):\n    return a + b', 'python', 'testing'), { ok: false, reason: 'no test case in the answer' });
    assert.deepEqual(await code('def test_add():\n    assert add(1, 2) == 3', 'python', 'testing'), { ok: true });
  });
});

const jsonMessage = (text: string) => {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('local first, with verification (rule verify: true)', () => {
  let srv: FakeProvider;
  before(async () => (srv = await startFakeProvider('all')));
  after(() => srv.close());
  beforeEach(() => srv.reset());
  const req = { messages: [{ role: 'user' as const, content: 'write add' }], taskType: 'code_generation' as const, complexity: 'simple' as const, language: 'javascript', files: [] };
  const verifying = { use: ['ol', 'an'], extra: {} };
  const withVerify = (o: typeof verifying) => ({ ...o });

  it('a local answer that passes is used, and nothing else is asked', async () => {
    const { router } = routerFor(srv, withVerify(verifying));
    (router.config.rules.find((r) => r.id === 'test-chain') as { verify: boolean }).verify = true;
    srv.script([{ text: 'function add(a, b) { return a + b; }' }]);
    const r = await router.complete(req);
    assert.equal(r.provider, 'ol');
    assert.equal(srv.log.length, 1);
  });

  it('a local answer that fails escalates to the next target and says why', async () => {
    const { router } = routerFor(srv, withVerify(verifying));
    (router.config.rules.find((r) => r.id === 'test-chain') as { verify: boolean }).verify = true;
    srv.script([{ text: 'function add(a, b { return a + b; ' }]);
    const events = await drain(router.stream(req));
    const done = events.at(-1)!;
    assert.equal(done.type, 'done');
    assert.ok(done.type === 'done');
    assert.equal(done.result.provider, 'an');
    assert.match(done.result.decision.explanation, /local answer failed verification: \d+ syntax errors? \(javascript: .+ at 1:\d+\) → an:/);
    assert.ok(done.result.attempts.some((a) => /skipped: local answer failed verification: \d+ syntax errors?/.test(a.outcome)));
    const deltas = events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text).join('');
    assert.ok(!deltas.includes('function add(a, b {'), 'the rejected local answer never reached the caller');
    assert.deepEqual(srv.log.map((e) => e.flavor), ['ollama', 'anthropic']);
  });

  it('without verify: true the local answer is used as it is', async () => {
    const { router } = routerFor(srv, verifying);
    srv.script([{ text: 'function add(a, b { ' }]);
    assert.equal((await router.complete(req)).provider, 'ol');
  });
});
