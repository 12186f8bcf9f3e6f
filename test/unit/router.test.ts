// The router running a decision's chain against the fake servers, through the real SDKs:
// order, retries (retryable errors only), Retry-After, timeouts, cuts before and after the first token.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CancelledError, NoRouteError, ProviderError } from '../../src/core/errors';
import { Router, type RouteEvent, type StreamEvent } from '../../src/core/router';
import { clockTime } from '../../src/core/router/clock';
import { ProviderRegistry } from '../../src/core/providers/registry';
import type { Provider } from '../../src/core/providers/types';
import { PriceBook } from '../../src/core/spend/prices';
import { countMessageTokens, countTokens as bpeTokens } from '../../src/core/tokens';
import { countTokens, fimText, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, attemptsOf, configFor, drain, KEYS, lastOf, MODELS, PROMPT, recordingBudget, routerFor, textOf } from './routerFixture';

let srv: FakeProvider;
const outcomes = () => srv.log.map((e) => `${e.flavor} ${e.outcome}`);

before(async () => {
  srv = await startFakeProvider('all');
  // Load every SDK once, so the timeout tests do not time the first import.
  for (const p of ['an', 'oa', 'gq', 'ol']) await new Router({ config: configFor(srv, { use: [p] }) }).complete(ask());
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe('the happy path', () => {
  it('streams decision, deltas, the attempt and done; usage is exact and priced', async () => {
    const events: RouteEvent[] = [];
    const { router } = routerFor(srv, {}, { onEvent: (e) => events.push(e) });
    const ev = await drain(router.stream(ask()));
    assert.deepEqual(ev.map((e) => e.type), ['decision', ...Array(8).fill('delta'), 'attempt', 'done']);
    assert.equal(textOf(ev), replyText(PROMPT));
    const done = lastOf(ev);
    assert.ok(done.type === 'done');
    const usage = { inputTokens: countTokens(PROMPT), outputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 0 };
    assert.deepEqual(done.result.usage, usage);
    const price = new PriceBook().priceOf(router.config.providers.get('an')!, MODELS.an);
    assert.equal(done.result.costUsd, (usage.inputTokens * price.input + 8 * price.output) / 1e6);
    assert.equal(done.result.provider, 'an');
    assert.equal(done.result.cached, false);
    assert.deepEqual(attemptsOf(ev).map((a) => [a.provider, a.outcome]), [['an', 'ok']]);
    assert.equal(events.length, 1);
    assert.equal(events[0].outcome, 'ok');
    assert.equal(events[0].textLength, replyText(PROMPT).length);
    assert.ok(events[0].firstTokenMs! <= events[0].latencyMs);
  });

  it('complete() returns the result; the classifier runs when task and complexity are not given', async () => {
    const { router } = routerFor(srv);
    const r = await router.complete({ messages: [{ role: 'user', content: 'is this a bug or a feature? yes or no' }], files: [] });
    assert.equal(r.decision.taskType, 'classification');
    assert.equal(r.text, replyText('is this a bug or a feature? yes or no'));
  });

  it('a config getter applies a new config to the next request', async () => {
    let cfg = configFor(srv, { use: ['an'] });
    const router = new Router({ config: () => cfg });
    assert.equal((await router.complete(ask())).provider, 'an');
    cfg = configFor(srv, { use: ['ol'] });
    assert.equal((await router.complete(ask())).provider, 'ol');
  });
});

describe('retries and fallback', () => {
  it('500 then 503 are retried once, then the next target answers', async () => {
    srv.script([500, 503], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv);
    const ev = await drain(router.stream(ask()));
    assert.equal(lastOf(ev).type, 'done');
    assert.deepEqual(outcomes(), ['anthropic fault:500', 'anthropic fault:503', 'openai completed']);
    assert.deepEqual(attemptsOf(ev).map((a) => [a.provider, a.status, a.outcome.split(' ')[0]]), [['an', 500, 'error:'], ['an', 503, 'error:'], ['oa', undefined, 'ok']]);
    assert.deepEqual(time.t.sleeps, [0], 'one backoff between the two tries (full jitter, random() = 0.5 of 1 ms)');
    assert.equal(textOf(ev), replyText(PROMPT), 'the failed tries streamed nothing');
  });

  it('full jitter: the wait is random() × min(max, base × 2^retry)', async () => {
    srv.script([500, 500, 500], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv, { router: { retries: 3, backoff_base_ms: 100, backoff_max_ms: 300 } }, { random: () => 0.999 });
    await router.complete(ask());
    assert.deepEqual(time.t.sleeps, [99, 199, 299]);
  });

  for (const status of [400, 401, 403, 404]) {
    it(`${status} is never retried: straight to the next target`, async () => {
      srv.script([status], { flavor: 'anthropic' });
      const { router, time } = routerFor(srv, { router: { retries: 3 } });
      const r = await router.complete(ask());
      assert.equal(r.provider, 'oa');
      assert.deepEqual(outcomes(), [`anthropic fault:${status}`, 'openai completed']);
      assert.deepEqual(time.t.sleeps, []);
    });
  }

  it('429 with Retry-After: waits exactly that long, then retries the same target', async () => {
    srv.script([{ status: 429, retryAfter: 2 }], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv);
    const r = await router.complete(ask());
    assert.equal(r.provider, 'an');
    assert.deepEqual(time.t.sleeps, [2000]);
    assert.match(r.attempts[0].outcome, /retry in 2000 ms/);
  });

  it('Retry-After over 60 s: no wait, the next target; the provider cools down until then', async () => {
    srv.script([{ status: 429, retryAfter: 120 }], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv);
    const r = await router.complete(ask());
    assert.equal(r.provider, 'oa');
    assert.deepEqual(time.t.sleeps, []);
    assert.match(r.attempts[0].outcome, /Retry-After 120 s is over the 60 s limit: next target/);
    const again = await router.complete(ask());
    assert.equal(again.attempts[0].outcome, `skipped: cooling down until ${clockTime(time.t.now + 120_000 - 0)}`);
    assert.equal(srv.log.filter((e) => e.flavor === 'anthropic').length, 1);
  });

  it('upstream attempts = chain × (1 + retries) exactly when every target fails; NoRouteError lists each', async () => {
    srv.setDefaults({ fault: 503 });
    for (const retries of [0, 1, 2]) {
      srv.log.clear();
      const { router } = routerFor(srv, { use: ['an', 'oa', 'gq', 'ol'], router: { retries, cooldown: { failures: 10 } } });
      const ev = await drain(router.stream(ask()));
      const end = lastOf(ev);
      assert.ok(end.type === 'error' && end.error instanceof NoRouteError);
      assert.equal(srv.log.length, 4 * (1 + retries), `retries ${retries}`);
      assert.equal(end.error.attempts.length, 4 * (1 + retries));
      assert.ok(end.error.attempts.every((a) => a.status === 503));
      assert.equal(end.error.message.split('\n').length, 1 + 4 * (1 + retries));
      assert.equal(textOf(ev), '');
    }
  });

  it('a provider `retries` overrides the router default', async () => {
    srv.setDefaults({ fault: 500 });
    const { router } = routerFor(srv, { use: ['an', 'oa'], router: { retries: 2 }, providers: { an: { retries: 0 } } });
    await assert.rejects(router.complete(ask()), NoRouteError);
    assert.deepEqual(srv.log.map((e) => e.flavor), ['anthropic', 'openai', 'openai', 'openai']);
  });

  it('steps skipped by the decision are listed, never contacted', async () => {
    const noKey = configFor(srv, { use: ['an', 'oa'], providers: { an: { api_key: '${NOPE}' } } });
    const r = await new Router({ config: noKey }).complete(ask());
    assert.equal(r.attempts[0].outcome, 'skipped: no key: NOPE is not set');
    assert.equal(r.provider, 'oa');
    assert.deepEqual(srv.log.map((e) => e.flavor), ['openai']);
  });
});

describe('streams: before the first token silently, after it never', () => {
  it('cut before the first token: silent fallback', async () => {
    srv.script([{ cutAfter: 0 }], { flavor: 'anthropic' });
    const { router } = routerFor(srv, { router: { retries: 0 } });
    const ev = await drain(router.stream(ask()));
    assert.equal(lastOf(ev).type, 'done');
    assert.equal(textOf(ev), replyText(PROMPT));
    assert.deepEqual(outcomes(), ['anthropic fault:cut', 'openai completed']);
  });

  it('malformed chunk before the first token: silent fallback; after it: the answer ends with an error', async () => {
    srv.script([{ malformedAfter: 0 }, { malformedAfter: 2 }], { flavor: 'openai' });
    const { router } = routerFor(srv, { use: ['oa', 'an'], router: { retries: 0 } });
    assert.equal((await router.complete(ask())).provider, 'an');
    const ev = await drain(router.stream(ask()));
    const end = lastOf(ev);
    assert.ok(end.type === 'error' && end.error instanceof ProviderError && end.error.midStream);
    assert.equal(textOf(ev), replyText(PROMPT).split(' ').slice(0, 2).join(' '));
  });

  it('cut after k chunks: an error event says where it stopped, charges what streamed, offers the next target', async () => {
    srv.script([{ cutAfter: 3 }], { flavor: 'anthropic' });
    const budget = recordingBudget();
    const events: RouteEvent[] = [];
    const { router } = routerFor(srv, { use: ['an', 'oa', 'gq'] }, { budget: budget.port, onEvent: (e) => events.push(e) });
    const ev = await drain(router.stream(ask()));
    const streamed = replyText(PROMPT).split(' ').slice(0, 3).join(' ');
    assert.equal(textOf(ev), streamed);
    const end = lastOf(ev);
    assert.ok(end.type === 'error');
    assert.ok(end.error instanceof ProviderError && end.error.midStream);
    assert.deepEqual(end.stoppedAt, { provider: 'an', model: MODELS.an, chars: streamed.length, tokens: bpeTokens(streamed) });
    assert.equal(end.nextTarget?.provider, 'oa');
    assert.match(end.error.message, new RegExp(`stopped after ${streamed.length} characters .*you can retry on oa:gpt-4o`));
    assert.deepEqual(outcomes(), ['anthropic fault:cut'], 'no silent switch to another model');
    assert.equal(budget.calls.settle.length, 1);
    const settled = budget.calls.settle[0].input;
    assert.equal(settled.meta.outcome, 'cut');
    assert.equal(settled.usage.estimated, true);
    assert.equal(settled.usage.outputTokens, bpeTokens(streamed));
    assert.equal(settled.usage.inputTokens, countMessageTokens(ask().messages));
    assert.ok(settled.costUsd > 0);
    assert.equal(end.result.costUsd, settled.costUsd);
    assert.equal(events[0].outcome, 'cut');
    srv.script([{ errorAfter: 1 }], { flavor: 'anthropic' }); // the provider's in-stream error event
    await assert.rejects(router.complete(ask()), (e) => e instanceof ProviderError && e.midStream && /stopped after/.test(e.message));
    assert.equal(srv.log.length, 2);
  });

  it('a stream that ends without usage is charged an estimate, marked estimated', async () => {
    const config = configFor(srv);
    const stub: Provider = {
      info: config.providers.get('an')!,
      async *stream() {
        yield { type: 'open' };
        yield { type: 'delta', text: 'hello world' };
      },
      complete: async () => ({ text: '' }),
      fim: () => assert.fail(),
      embed: async () => [],
      listModels: async () => [],
    };
    const router = new Router({ config, registry: new ProviderRegistry(() => stub) });
    const r = await router.complete(ask());
    assert.deepEqual(r.usage, { inputTokens: countMessageTokens(ask().messages), outputTokens: bpeTokens('hello world'), cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true });
  });
});

// Each test makes only the timeout under test short (150 ms), on the provider that stalls for good (`hang`,
// `hangAfter`, a chunk due in 10 minutes); every other limit is a minute, so a busy machine cannot trip them.
describe('timeouts', () => {
  const MINUTE = { connect_ms: 60_000, first_token_ms: 60_000, idle_ms: 60_000 };
  const router = { timeouts: MINUTE, retries: 0 };
  const short = (t: Partial<typeof MINUTE>) => ({ router, providers: { an: { timeouts: t } } });

  it('no response headers → connect timeout, connection closed, next target', async () => {
    srv.script(['hang'], { flavor: 'anthropic' });
    const { router } = routerFor(srv, short({ connect_ms: 150 }));
    const r = await router.complete(ask());
    assert.equal(r.provider, 'oa');
    assert.equal(r.attempts[0].outcome, 'timeout: no response headers for 150 ms');
    assert.ok(srv.log[0].clientAborted);
  });

  it('headers but no first token → first-token timeout, silent fallback', async () => {
    srv.script([{ hangAfter: 0 }], { flavor: 'anthropic' });
    const { router } = routerFor(srv, short({ first_token_ms: 150 }));
    const ev = await drain(router.stream(ask()));
    assert.equal(lastOf(ev).type, 'done');
    assert.equal(attemptsOf(ev)[0].outcome, 'timeout: no first token for 150 ms');
    assert.equal(textOf(ev), replyText(PROMPT));
    await srv.log.waitFor((e) => e.flavor === 'anthropic' && e.closedAt !== null);
  });

  it('slow chunks → idle timeout after the first token: an error event, no fallback', async () => {
    // The second chunk is due in 10 minutes: only the idle timeout can end this stream.
    srv.script([{ chunkDelayMs: 600_000 }], { flavor: 'anthropic' });
    const { router } = routerFor(srv, short({ idle_ms: 150 }));
    const ev = await drain(router.stream(ask()));
    const end = lastOf(ev);
    assert.ok(end.type === 'error' && end.error instanceof ProviderError && end.error.midStream);
    assert.match(end.error.message, /stream idle for 150 ms/);
    assert.equal(textOf(ev), replyText(PROMPT).split(' ')[0]);
    assert.equal(srv.log.length, 1);
    assert.equal((await srv.log.waitFor((e) => e.closedAt !== null)).outcome, 'client_aborted', 'the timed-out connection is closed');
  });

  it('a per-provider timeout overrides the router one', async () => {
    // Chunks 300 ms apart: always past the router's 150 ms idle limit, far inside the provider's own minute.
    srv.script([{ chunkDelayMs: 300, chunks: 3 }], { flavor: 'anthropic' });
    const { router } = routerFor(srv, { router: { timeouts: { ...MINUTE, idle_ms: 150 }, retries: 0 }, providers: { an: { timeouts: { idle_ms: 60_000 } } } });
    const r = await router.complete(ask());
    assert.equal(r.provider, 'an');
    assert.equal(r.attempts.length, 1);
  });
});

describe('keys never appear', () => {
  it('not in errors, attempts, events or the server log', async () => {
    srv.script([{ status: 401, message: `bad key ${KEYS.AN_KEY}` }], { flavor: 'anthropic' });
    srv.script([{ status: 401, message: `bad key ${KEYS.OA_KEY}` }], { flavor: 'openai' });
    srv.script([{ status: 500, message: `oops ${KEYS.GQ_KEY}` }, { status: 500, message: `oops ${KEYS.GQ_KEY}` }], { flavor: 'groq' });
    const events: RouteEvent[] = [];
    const { router } = routerFor(srv, { use: ['an', 'oa', 'gq'] }, { onEvent: (e) => events.push(e) });
    const err = await router.complete(ask()).catch((e: Error) => e);
    assert.ok(err instanceof NoRouteError);
    const everything = JSON.stringify({ message: err.message, attempts: err.attempts, events, log: srv.log, config: router.config.providers.get('an') });
    for (const key of Object.values(KEYS)) assert.ok(!everything.includes(key), `leaked ${key}`);
    assert.match(err.message, /bad key \*\*\*/);
  });
});

describe('embeddings and fill-in-the-middle', () => {
  it('embed() uses local providers only', async () => {
    const { router } = routerFor(srv);
    const r = await router.embed(['alpha', 'beta']);
    assert.equal(r.provider, 'ol');
    assert.equal(r.vectors.length, 2);
    // A rule naming only a paid provider: that step is skipped, and the local rescue embeds instead.
    const paidFirst = await routerFor(srv, { extra: { rules: [{ use: ['oa'], reason: 'paid' }] } }).router.embed(['x']);
    assert.equal(paidFirst.provider, 'ol');
    const paidOnly = routerFor(srv, { extra: { rules: [{ use: ['oa'], fallback: false, reason: 'paid' }] } }).router;
    await assert.rejects(paidOnly.embed(['x']), (e: Error) => e instanceof NoRouteError && /embeddings stay local/.test(e.message));
    assert.deepEqual(srv.log.map((e) => e.path), ['/api/embed', '/api/embed']);
  });

  it('fim() streams from a provider with fim: true; paid ones stay out unless inline.allow_paid', async () => {
    const { router } = routerFor(srv, { use: ['oa', 'ol'], providers: { ol: { fim: true }, oa: { fim: true } } });
    const ev = await drain(router.fim({ prefix: 'def f(x):\n', suffix: '\n  return y', files: [] }));
    assert.equal(textOf(ev), fimText('def f(x):\n', '\n  return y'));
    assert.match(attemptsOf(ev)[0].outcome, /skipped: inline completions stay local/);
    assert.deepEqual(srv.log.map((e) => e.path), ['/api/generate']);
  });

  it('fim() asks the rules for a fast request, cheap unless inline.allow_paid: the fast-and-cheap rules can fire', async () => {
    const rules = [
      { id: 'fast-and-cheap-code', when: { task: 'code_generation', require_fast: true, require_cheap: true }, use: ['ol:deepseek-coder:6.7b'], reason: 'fast and cheap code' },
      { id: 'fast-paid', when: { require_fast: true, require_cheap: false }, use: ['oa', 'ol'], reason: 'fast' },
      { id: 'other', use: ['ol'], reason: 'other' },
    ];
    const decisionOf = (ev: StreamEvent[]) => (ev.find((e) => e.type === 'decision') as Extract<StreamEvent, { type: 'decision' }>).decision;
    const local = routerFor(srv, { providers: { ol: { fim: true } }, extra: { rules } }).router;
    const d = decisionOf(await drain(local.fim({ prefix: 'x = ', suffix: '', files: [] })));
    assert.equal(d.rule.id, 'fast-and-cheap-code');
    assert.equal(d.chain[0].model, 'deepseek-coder:6.7b');
    const paid = routerFor(srv, { providers: { ol: { fim: true }, oa: { fim: true } }, extra: { rules, inline: { allow_paid: true } } }).router;
    assert.equal(decisionOf(await drain(paid.fim({ prefix: 'x = ', suffix: '', files: [] }))).rule.id, 'fast-paid');
  });

  it('cancel during a backoff wait ends the wait', async () => {
    srv.setDefaults({ fault: 500 });
    // An hour-long backoff: the request can only end before the test's limit if the abort ends the wait.
    const router = new Router({ config: configFor(srv, { router: { backoff_base_ms: 3_600_000, backoff_max_ms: 3_600_000 } }), random: () => 0.99 });
    const ac = new AbortController();
    const p = router.complete(ask(), ac.signal);
    await srv.log.waitFor((e) => e.closedAt !== null);
    ac.abort();
    await assert.rejects(p, CancelledError);
    assert.equal(srv.log.length, 1);
  });
});
