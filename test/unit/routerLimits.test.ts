// Cooldowns, rate limits and budget reservations in the router; and the small parts on their own.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NoRouteError } from '../../src/core/errors';
import { fullJitterMs, planRetry } from '../../src/core/router/backoff';
import { clockTime } from '../../src/core/router/clock';
import { Cooldowns } from '../../src/core/router/cooldown';
import { costOfUsage } from '../../src/core/spend/cost';
import { RateLimiter } from '../../src/core/router/rateLimit';
import { Watchdog, type TimeoutReason } from '../../src/core/router/watchdog';
import { ProviderError } from '../../src/core/errors';
import { PriceBook } from '../../src/core/spend/prices';
import { countMessageTokens } from '../../src/core/tokens';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, MODELS, recordingBudget, routerFor } from './routerFixture';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe('cooldown', () => {
  it('N failures within the window: the provider is skipped, shown as "cooling down until HH:MM:SS", then tried again', async () => {
    srv.script([500, 500], { flavor: 'anthropic' });
    const { router, time } = routerFor(srv, { router: { cooldown: { failures: 2, window_s: 60, duration_s: 30 } } });
    const start = time.t.now;
    assert.equal((await router.complete(ask())).provider, 'oa');
    const second = await router.complete(ask());
    assert.equal(second.attempts[0].outcome, `skipped: cooling down until ${clockTime(start + 30_000)}`);
    assert.match(second.attempts[0].outcome, /until \d\d:\d\d:\d\d$/);
    assert.equal(second.provider, 'oa');
    assert.equal(srv.log.filter((e) => e.flavor === 'anthropic').length, 2, 'not contacted while cooling');
    time.t.now += 31_000;
    assert.equal((await router.complete(ask())).provider, 'an');
  });

  it('failures outside the window do not add up; non-retryable errors do not count', async () => {
    const { router, time } = routerFor(srv, { router: { retries: 0, cooldown: { failures: 2, window_s: 10, duration_s: 30 } } });
    srv.script([500], { flavor: 'anthropic' });
    await router.complete(ask());
    time.t.now += 11_000;
    srv.script([500, 401, 401], { flavor: 'anthropic' });
    for (let i = 0; i < 3; i++) await router.complete(ask());
    assert.equal((await router.complete(ask())).provider, 'an');
  });

  it('Cooldowns on its own: success clears the count', () => {
    const c = new Cooldowns();
    const policy = { failures: 2, window_s: 60, duration_s: 10 };
    c.failed('p', 0, policy);
    c.succeeded('p');
    c.failed('p', 1, policy);
    assert.equal(c.coolingUntil('p', 2), undefined);
    c.failed('p', 2, policy);
    assert.equal(c.coolingUntil('p', 3), 10_002);
    assert.equal(c.coolingUntil('p', 10_002), undefined);
  });
});

describe('rate limits', () => {
  it('skip mode: over the bucket, the provider is skipped for the next target', async () => {
    const { router } = routerFor(srv, { providers: { an: { rate_limit: 2 } }, router: { rate_limit_mode: 'skip' } });
    const who = [];
    for (let i = 0; i < 3; i++) who.push((await router.complete(ask())).provider);
    assert.deepEqual(who, ['an', 'an', 'oa']);
    const r = await router.complete(ask());
    assert.match(r.attempts[0].outcome, /^skipped: rate limit: 2 requests\/min reached, next slot in 30 s$/);
  });

  it('wait mode: waits for the next token, then sends to the same provider', async () => {
    const { router, time } = routerFor(srv, { providers: { an: { rate_limit: 2 } }, router: { rate_limit_mode: 'wait' } });
    for (let i = 0; i < 3; i++) assert.equal((await router.complete(ask())).provider, 'an');
    assert.deepEqual(time.t.sleeps, [30_000]);
  });

  it('wait mode never waits past max_retry_after_ms: it skips instead', async () => {
    const { router, time } = routerFor(srv, { providers: { an: { rate_limit: 0.5 } }, router: { rate_limit_mode: 'wait', max_retry_after_ms: 60_000 } });
    await router.complete(ask());
    const r = await router.complete(ask());
    assert.equal(r.provider, 'oa');
    assert.match(r.attempts[0].outcome, /past the wait limit/);
    assert.deepEqual(time.t.sleeps, []);
  });

  it('the token bucket refills at rpm/60 per second, up to a minute of requests', () => {
    const b = new RateLimiter();
    assert.equal(b.take('p', 60, 0), 0);
    for (let i = 0; i < 59; i++) assert.equal(b.take('p', 60, 0), 0);
    assert.equal(b.take('p', 60, 0), 1000);
    assert.equal(b.take('p', 60, 999), 1);
    assert.equal(b.take('p', 60, 1000), 0);
    assert.equal(b.take('q', 0.5, 0), 0, 'a fractional rpm still allows one request');
    assert.equal(b.take('q', 0.5, 0), 120_000);
  });
});

describe('budget: reserve the worst case before each try, settle the real cost after', () => {
  it('reserves with the real input tokens and max_tokens; settles the priced usage', async () => {
    const budget = recordingBudget();
    const { router } = routerFor(srv, {}, { budget: budget.port });
    const r = await router.complete({ ...ask(), maxTokens: 200 });
    const info = router.config.providers.get('an')!;
    const book = new PriceBook();
    const price = book.priceOf(info, MODELS.an);
    const input = countMessageTokens(ask().messages);
    assert.deepEqual(budget.calls.reserve, [{ provider: 'an', model: MODELS.an, local: false, worstCaseUsd: book.worstCaseUsd(price, input, 200) }]);
    assert.equal(budget.calls.settle.length, 1);
    const { input: settled } = budget.calls.settle[0];
    assert.equal(settled.costUsd, costOfUsage(price, r.usage));
    assert.equal(settled.meta.outcome, 'ok');
    assert.equal(settled.meta.ruleId, 'test-chain');
    assert.deepEqual(budget.calls.release, []);
  });

  it('a refusal skips that step with its reason; a failed try gives its reservation back', async () => {
    srv.script([401], { flavor: 'openai' });
    const budget = recordingBudget((r) => (r.provider === 'an' ? 'daily budget $10 reached' : undefined));
    const { router } = routerFor(srv, { use: ['an', 'oa', 'ol'] }, { budget: budget.port });
    const r = await router.complete(ask());
    assert.equal(r.attempts[0].outcome, 'skipped: over budget (daily budget $10 reached)');
    assert.equal(r.provider, 'ol');
    assert.deepEqual(srv.log.map((e) => e.flavor), ['openai', 'ollama']);
    assert.equal(budget.calls.release.length, 1);
    assert.equal(budget.calls.release[0].provider, 'oa');
    assert.equal(budget.calls.settle.length, 1);
    assert.equal(budget.calls.settle[0].input.costUsd, 0, 'local is free');
  });

  it('everything refused: NoRouteError, nothing sent', async () => {
    const budget = recordingBudget(() => 'no');
    const { router } = routerFor(srv, {}, { budget: budget.port });
    await assert.rejects(router.complete(ask()), NoRouteError);
    assert.equal(srv.log.length, 0);
  });
});

describe('the parts', () => {
  it('full jitter stays in [0, min(max, base × 2^retry))', () => {
    for (let retry = 0; retry < 8; retry++) {
      assert.equal(fullJitterMs(retry, 100, 1000, () => 0), 0);
      assert.equal(fullJitterMs(retry, 100, 1000, () => 0.999999), Math.min(1000, 100 * 2 ** retry) - 1);
    }
  });

  it('planRetry: Retry-After wins; above the limit it moves on', () => {
    const policy = { backoff_base_ms: 100, backoff_max_ms: 1000, max_retry_after_ms: 60_000 };
    const err = (retryAfterMs?: number) => new ProviderError({ provider: 'p', model: 'm', retryable: true, retryAfterMs, message: 'x' });
    assert.deepEqual(planRetry(err(2000), 0, policy, () => 0.5), { waitMs: 2000 });
    assert.deepEqual(planRetry(err(), 1, policy, () => 0.5), { waitMs: 100 });
    assert.ok('nextTarget' in planRetry(err(61_000), 0, policy, () => 0.5));
  });

  it('costOfUsage prices uncached input, output, cache reads and writes apart', () => {
    const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    assert.equal(costOfUsage(price, { inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 1e6, cacheWriteTokens: 1e6 }), 3 + 15 + 0.3 + 3.75);
  });

  it('the watchdog moves through connect, first token and idle on one timer', (t) => {
    // Mocked timers and clock: the phases are driven tick by tick, whatever the machine's load.
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const fired: TimeoutReason[] = [];
    const dog = new Watchdog({ connect_ms: 40, first_token_ms: 40, idle_ms: 40 }, (r) => fired.push(r), () => Date.now());
    t.mock.timers.tick(25);
    dog.opened();
    t.mock.timers.tick(25);
    dog.touch();
    t.mock.timers.tick(25);
    dog.touch();
    t.mock.timers.tick(39);
    assert.equal(fired.length, 0);
    t.mock.timers.tick(1);
    assert.deepEqual(fired.map((f) => f.phase), ['idle']);
    dog.stop();
    const quiet = new Watchdog({ connect_ms: 10, first_token_ms: 10, idle_ms: 10 }, (r) => fired.push(r), () => Date.now());
    quiet.stop();
    t.mock.timers.tick(30);
    assert.equal(fired.length, 1);
  });
});
