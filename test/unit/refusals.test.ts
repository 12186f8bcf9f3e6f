// Refusals that no retry can fix: a model the server does not have (404 "model not found") and a feature it
// lacks (501, "not supported"). Each hits the provider once, counts toward no cooldown, and the next target answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ProviderError } from '../../src/core/errors';
import { isRetryableStatus, refusalKind } from '../../src/core/providers/errors';
import { ProviderRegistry } from '../../src/core/providers/registry';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, attemptsOf, configFor, drain, lastOf, routerFor } from './routerFixture';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

const NO = new AbortController().signal;
const flavorOf = { an: 'anthropic', oa: 'openai', gq: 'groq', ol: 'ollama' } as const;

describe('each adapter says "model not found" for a model its server does not have', () => {
  for (const name of ['an', 'oa', 'gq', 'ol'] as const) {
    it(`${name}: HTTP 404, kind model_not_found, not retryable, one request`, async () => {
      srv.setDefaults({ strictModels: true });
      const cfg = configFor(srv);
      const provider = new ProviderRegistry().get(cfg.providers.get(name)!);
      const err = await provider.complete({ model: 'tiny-llama', messages: [{ role: 'user', content: 'hi' }], maxTokens: 8 }, NO).then(
        () => assert.fail('expected a rejection'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ProviderError, String(err));
      assert.equal(err.status, 404);
      assert.equal(err.kind, 'model_not_found');
      assert.equal(err.retryable, false);
      assert.match(err.message, /model not found/);
      assert.equal(srv.log.filter((e) => e.flavor === flavorOf[name]).length, 1);
    });
  }
});

describe('the router: 404 model not found and 501 go straight to the next target', () => {
  it('404 model not found: one request, no retry, no cooldown, the attempt says so, the next target answers', async () => {
    srv.setDefaults({ strictModels: true });
    const { router, time } = routerFor(srv, { use: ['an:claude-gone-20240101', 'oa'], router: { retries: 2, cooldown: { failures: 1 } } });
    const ev = await drain(router.stream(ask()));
    assert.equal(lastOf(ev).type, 'done');
    assert.deepEqual(srv.log.map((e) => `${e.flavor} ${e.status}`), ['anthropic 404', 'openai 200']);
    const [first, second] = attemptsOf(ev);
    assert.equal(first.provider, 'an');
    assert.match(first.outcome, /^error: model not found/);
    assert.equal(first.status, 404);
    assert.equal(second.outcome, 'ok');
    assert.deepEqual(time.t.sleeps, [], 'no backoff');
    assert.equal(router.providerState('an').recentFailures, 0, 'a missing model is not the provider failing');
    // The provider's other models are not cooling down: the next request on its default model goes through.
    const again = await drain(router.stream({ ...ask(), messages: [{ role: 'user', content: 'again' }] }));
    assert.equal(lastOf(again).type, 'done');
  });

  it('501: one request, no retry, no cooldown, the next target answers', async () => {
    srv.script([501], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv, { use: ['an', 'oa'], router: { retries: 2, cooldown: { failures: 1 } } });
    const ev = await drain(router.stream(ask()));
    assert.equal(lastOf(ev).type, 'done');
    assert.deepEqual(srv.log.map((e) => `${e.flavor} ${e.status}`), ['anthropic 501', 'openai 200']);
    assert.equal(attemptsOf(ev)[0].status, 501);
    assert.deepEqual(time.t.sleeps, []);
    assert.equal(router.providerState('an').recentFailures, 0);
  });

  it('a 500 that says "not supported" is not retried either; a plain 500 still is', async () => {
    srv.script([{ status: 500, message: 'this operation is not supported by the backend' }, 500, 500], { flavor: 'ollama' });
    const { router } = routerFor(srv, { use: ['ol', 'oa'], router: { retries: 1 } });
    await drain(router.stream(ask()));
    assert.deepEqual(srv.log.map((e) => `${e.flavor} ${e.status}`), ['ollama 500', 'openai 200']);
    const { router: r2 } = routerFor(srv, { use: ['ol', 'oa'], router: { retries: 1 } });
    srv.log.clear();
    await drain(r2.stream(ask()));
    assert.deepEqual(srv.log.map((e) => `${e.flavor} ${e.status}`), ['ollama 500', 'ollama 500', 'openai 200']);
  });
});

describe('embeddings name each failure once', () => {
  it('a missing embedding model: the error says "model not found" once, without repeating provider:model', async () => {
    srv.setDefaults({ strictModels: true, models: { ollama: ['llama3.1:8b'] } });
    const { router } = routerFor(srv);
    const err = await router.embed(['hello']).then(
      () => assert.fail('expected a rejection'),
      (e: Error) => e,
    );
    assert.match(err.message, /\n  ol:nomic-embed-text: error: model not found \(model "nomic-embed-text" not found, try pulling it first\) \(HTTP 404\)$/);
    assert.equal(err.message.split('ol:nomic-embed-text:').length, 2, err.message);
  });
});

describe('refusal rules', () => {
  it('501 is not retryable; 500, 502, 503 still are', () => {
    assert.deepEqual([500, 501, 502, 503].map(isRetryableStatus), [true, false, true, true]);
  });
  it('reads each server\'s wording', () => {
    assert.equal(refusalKind(404, 'model "tiny-llama" not found, try pulling it first'), 'model_not_found');
    assert.equal(refusalKind(404, 'The model `x` does not exist or you do not have access to it.', 'model_not_found'), 'model_not_found');
    assert.equal(refusalKind(404, 'model: claude-x'), 'model_not_found');
    assert.equal(refusalKind(404, '404 page not found'), undefined, 'a wrong URL is not a missing model');
    assert.equal(refusalKind(400, 'suffix is not currently supported'), 'unsupported');
    assert.equal(refusalKind(400, 'registry.ollama.ai/library/llama3.1:8b does not support insert'), 'unsupported');
    assert.equal(refusalKind(501, 'Not Implemented'), 'unsupported');
    assert.equal(refusalKind(429, 'not supported'), undefined);
    assert.equal(refusalKind(undefined, 'not supported'), undefined);
  });
});
