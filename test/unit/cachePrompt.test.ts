// Provider prompt caching: with prompt_caching on, Anthropic gets cache_control on the large stable prefix; the
// fake server reports the cache write, then the read; each is priced at its own rate; `spend` reports the saving.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { Budget } from '../../src/core/spend/budget';
import { costOfUsage } from '../../src/core/spend/cost';
import { PriceBook } from '../../src/core/spend/prices';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { MODELS, routerFor } from './routerFixture';

let srv: FakeProvider;
const dir = mkdtempSync(join(tmpdir(), 'llmr-prompt-cache-'));
before(async () => {
  srv = await startFakeProvider('all');
});
after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => srv.reset());

const SYSTEM = 'You review code carefully. '.repeat(400); // well over the 1024-token minimum
const req = (q: string) => ({ messages: [{ role: 'system' as const, content: SYSTEM }, { role: 'user' as const, content: q }], taskType: 'chat' as const, complexity: 'simple' as const, files: [] });
const hasCacheControl = (body: unknown) => JSON.stringify(body).includes('"cache_control"');

describe('prompt caching (Anthropic)', () => {
  it('marks the system prefix; the second request reads it from the cache at the cache-read price', async () => {
    const { router } = routerFor(srv, { use: ['an'], providers: { an: { prompt_caching: true } } });
    const first = await router.complete(req('first question'));
    const second = await router.complete(req('second question'));
    assert.ok(hasCacheControl(srv.log[0].body));
    assert.ok(first.usage.cacheWriteTokens > 1000, JSON.stringify(first.usage));
    assert.equal(first.usage.cacheReadTokens, 0);
    assert.equal(second.usage.cacheReadTokens, first.usage.cacheWriteTokens);
    assert.equal(second.usage.cacheWriteTokens, 0);
    const price = new PriceBook().priceOf(router.config.providers.get('an')!, MODELS.an);
    assert.ok(price.cacheRead < price.input && price.cacheWrite > price.input);
    assert.equal(first.costUsd, costOfUsage(price, first.usage));
    assert.equal(second.costUsd, costOfUsage(price, second.usage));
    assert.ok(second.costUsd < first.costUsd / 3, 'a read costs a tenth of the input price');
  });

  it('off (the default): no cache_control, nothing cached', async () => {
    const { router } = routerFor(srv, { use: ['an'] });
    await router.complete(req('first question'));
    const second = await router.complete(req('second question'));
    assert.ok(!hasCacheControl(srv.log[1].body));
    assert.equal(second.usage.cacheReadTokens, 0);
  });

  it('llm-router spend reports the cache-read tokens and the saving vs. the full input price', async () => {
    const b = new Budget({ stateDir: dir, limits: { daily_budget: 10, warning_threshold: 0.8 }, onWarning: () => {} });
    const r = await b.reserve({ provider: 'an', model: MODELS.an, local: false, worstCaseUsd: 0.1 });
    assert.ok(!('refused' in r));
    await b.settle(r, { costUsd: 0.01, usage: { inputTokens: 10, outputTokens: 10, cacheReadTokens: 100_000, cacheWriteTokens: 0 }, meta: { taskType: 'chat', complexity: 'simple', ruleId: 'x', outcome: 'ok' } });
    b.dispose();
    const cli = async (args: string[]) => {
      let out = '';
      const code = await run(args, { out: (t) => (out += t), err: () => {}, signal: new AbortController().signal, env: {}, cwd: dir });
      return { code, out };
    };
    const j = JSON.parse((await cli(['spend', '--state-dir', dir, '--json'])).out);
    // 100k tokens at $3/M instead of $0.30/M (prices.json): $0.27 saved.
    assert.deepEqual(j.cacheSavings, { cacheReadTokens: 100_000, savedUsd: 0.27 });
    const text = (await cli(['spend', '--state-dir', dir])).out;
    assert.match(text, /prompt cache: 100000 tokens read from the provider's cache, \$0\.2700 saved/);
  });
});
