// A parser that fails to load (a missing dist/syntax.js, tree-sitter runtime or grammar file) must not fail a
// `verify: true` request: the check falls back to bracket balance, and the next check tries the load again.
// The loads fail through the loader syntax.ts already uses (@vscode/tree-sitter-wasm's Parser.init and
// Language.load), stubbed here; this file runs in its own process, so nothing was loaded before it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import { basicVerifier } from '../../src/core/verify';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { drain, routerFor } from './routerFixture';

/** Makes `obj[key]` reject while `failing` is set, and counts the calls. */
function breakable<T extends object>(obj: T, key: keyof T) {
  const real = obj[key] as (...args: unknown[]) => Promise<unknown>;
  const state = { failing: true, calls: 0, restore: () => void ((obj as Record<keyof T, unknown>)[key] = real) };
  (obj as Record<keyof T, unknown>)[key] = (...args: unknown[]) => {
    state.calls++;
    return state.failing ? Promise.reject(new Error('parser file missing')) : real.apply(obj, args);
  };
  return state;
}

const verified = (answer: string, language: string) => basicVerifier(answer, { taskType: 'code_generation', language });
// Brackets balance, but the parser sees the missing colon / brace: only a loaded parser rejects these.
const PY_PARSER_ONLY = 'def f(x)\n    return x\n';
const GO_PARSER_ONLY = 'package main\n\nfunc f(x int) int {\n\treturn x +\n}\n';

describe('verification when a parser fails to load', () => {
  let srv: FakeProvider;
  before(async () => (srv = await startFakeProvider('all')));
  after(() => srv.close());
  beforeEach(() => srv.reset());
  const req = { messages: [{ role: 'user' as const, content: 'write add' }], taskType: 'code_generation' as const, complexity: 'simple' as const, language: 'python', files: [] };
  const verifyingRouter = () => {
    const { router } = routerFor(srv, { use: ['ol', 'an'], extra: {} });
    (router.config.rules.find((r) => r.id === 'test-chain') as { verify: boolean }).verify = true;
    return router;
  };

  it('the tree-sitter runtime fails: the request still answers by the bracket check, and a later check loads it', async () => {
    const init = breakable(TreeSitter.Parser, 'init');
    try {
      srv.script([{ text: 'def add(a, b):\n    return a + b\n' }]);
      const ok = (await drain(verifyingRouter().stream(req))).at(-1)!;
      assert.ok(ok.type === 'done', `the request answered (got ${ok.type === 'error' ? ok.error.message : ok.type})`);
      assert.equal(ok.result.provider, 'ol', 'the local answer was accepted');
      assert.deepEqual(srv.log.map((e) => e.flavor), ['ollama']);

      srv.reset();
      srv.script([{ text: 'def add(a, b:\n    return [a + b\n' }]);
      const on = (await drain(verifyingRouter().stream(req))).at(-1)!;
      assert.ok(on.type === 'done', `the request answered (got ${on.type === 'error' ? on.error.message : on.type})`);
      assert.equal(on.result.provider, 'an', 'the unbalanced local answer went on to the next target');
      assert.match(on.result.decision.explanation, /local answer failed verification: 2 syntax errors → an:/);
      assert.deepEqual(srv.log.map((e) => e.flavor), ['ollama', 'anthropic']);
      assert.equal(init.calls, 2, 'each check tried to load the runtime');

      init.failing = false;
      const parsed = await verified(PY_PARSER_ONLY, 'python');
      assert.equal(init.calls, 3, 'the failed load was not kept: the next check loaded the runtime again');
      assert.ok(!parsed.ok && /\(python: .+ at 1:1\)$/.test(parsed.reason), `the real parser ran: ${JSON.stringify(parsed)}`);
    } finally {
      init.restore();
    }
  });

  it("a grammar fails to load: that check falls back to brackets, and the next one loads the grammar", async () => {
    const load = breakable(TreeSitter.Language, 'load');
    try {
      assert.deepEqual(await verified(GO_PARSER_ONLY, 'go'), { ok: true }, 'balanced brackets pass while the grammar is missing');
      assert.deepEqual(await verified('package main\nfunc f() {\n', 'go'), { ok: false, reason: '1 syntax error' }, 'the bracket check still rejects');
      assert.equal(load.calls, 2);

      load.failing = false;
      const parsed = await verified(GO_PARSER_ONLY, 'go');
      assert.equal(load.calls, 3, 'the failed grammar load was not kept');
      assert.ok(!parsed.ok && /\(go: .+\)$/.test(parsed.reason), `the real parser ran: ${JSON.stringify(parsed)}`);
    } finally {
      load.restore();
    }
  });
});
