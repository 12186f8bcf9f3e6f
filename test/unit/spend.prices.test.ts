// config/prices.json: its schema, its coverage, YAML overrides, and no silent $0 for an unknown paid model.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import table from '../../config/prices.json';
import { PriceBook, PRICES_TAKEN } from '../../src/core/spend/prices';
import { PriceTableSchema, priceTableJsonSchema } from '../../src/core/spend/priceTable';
import { COMPLEXITIES, TASK_TYPES } from '../../src/core/types';
import { deciderFor, readText, ROOT, SHIPPED, shipped } from './helpers/config';

const SCHEMA_PATH = join(ROOT, 'config', 'prices.schema.json');
const schemaText = () => JSON.stringify(priceTableJsonSchema(), null, 2) + '\n';
const models = (provider: string) => Object.keys((table.providers as Record<string, Record<string, unknown>>)[provider] ?? {});

describe('config/prices.json', () => {
  it('matches its schema (config/prices.schema.json, generated from src/core/spend/priceTable.ts)', () => {
    const r = PriceTableSchema.safeParse(table);
    assert.ok(r.success, r.success ? '' : r.error.message);
    // UPDATE_PRICE_SCHEMA=1 npm run test:unit -- spend.prices   rewrites the committed schema.
    if (process.env.UPDATE_PRICE_SCHEMA) writeFileSync(SCHEMA_PATH, schemaText());
    assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), schemaText(), 'config/prices.schema.json is stale');
    assert.equal(table.$schema, './prices.schema.json');
  });

  it('the schema rejects what a price table must not hold', () => {
    const ok = { taken: '2026-11-25', providers: { p: { m: { input: 1, output: 2, context_window: 1000 } } } };
    assert.ok(PriceTableSchema.safeParse(ok).success);
    const bad = (patch: object) => PriceTableSchema.safeParse({ ...ok, ...patch }).success;
    assert.equal(bad({ taken: undefined }), false, 'no date');
    assert.equal(bad({ taken: '25/11/2026' }), false, 'not an ISO date');
    assert.equal(bad({ providers: { p: { m: { input: -1, output: 2, context_window: 1000 } } } }), false, 'negative price');
    assert.equal(bad({ providers: { p: { m: { input: 1, output: 2 } } } }), false, 'no context window');
    assert.equal(bad({ providers: { p: { m: { input: 1, output: 2, context_window: 1000, cache_reed: 1 } } } }), false, 'misspelt key');
    assert.equal(bad({ providers: { p: { m: { input: '1', output: 2, context_window: 1000 } } } }), false, 'a string price');
  });

  it('records the date its prices were taken', () => {
    assert.match(PRICES_TAKEN, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(PRICES_TAKEN, table.taken);
  });

  it('covers the common models of each provider', () => {
    const has = (provider: string, re: RegExp) => assert.ok(models(provider).some((m) => re.test(m)), `${provider}: nothing matches ${re}`);
    for (const family of [/sonnet/, /opus/, /haiku/]) has('anthropic', family);
    for (const family of [/^gpt-4o/, /^gpt-4\.1/, /^o1/, /^o3/, /^o4/]) has('openai', family);
    has('groq', /llama/);
    has('together', /Llama/);
    has('fireworks', /llama/);
    has('gemini', /^gemini-/);
    has('mistral', /mistral/);
  });

  it('prices every model the shipped config can pick, and local models at 0', () => {
    const cfg = shipped();
    const book = new PriceBook();
    for (const p of cfg.providers.values()) {
      const picks = new Set([...p.models, ...Object.values(p.modelMap), ...(p.defaultModel ? [p.defaultModel] : [])]);
      for (const t of TASK_TYPES) for (const c of COMPLEXITIES) picks.add(cfg.resolveModel(p, t, c) ?? '');
      for (const r of cfg.rules) for (const t of r.targets) if (t.provider === p.name && t.model) picks.add(t.model);
      picks.delete('');
      for (const m of picks) {
        const price = book.priceOf(p, m);
        if (p.local) {
          assert.deepEqual([price.input, price.output], [0, 0], `${p.name}:${m}`);
          continue;
        }
        assert.equal(price.estimatedFrom, undefined, `${p.name}:${m} is not in the price table`);
        assert.ok(price.input > 0 && price.output > 0, `${p.name}:${m}`);
        assert.ok(price.contextWindow! > 0, `${p.name}:${m} has no context window`);
      }
    }
    for (const m of models('ollama')) assert.equal(book.priceOf(cfg.providers.get('ollama')!, m).output, 0);
  });
});

describe('PriceBook', () => {
  const cfg = shipped();
  const provider = (name: string) => cfg.providers.get(name)!;

  it('cache rates default to the input rate when the table has none', () => {
    const p = new PriceBook().priceOf(provider('groq'), 'llama-3.3-70b-versatile');
    assert.deepEqual([p.input, p.cacheRead, p.cacheWrite], [0.59, 0.59, 0.59]);
    const a = new PriceBook().priceOf(provider('anthropic'), 'claude-sonnet-4-20250514');
    assert.deepEqual([a.input, a.output, a.cacheRead, a.cacheWrite, a.contextWindow], [3, 15, 0.3, 3.75, 200000]);
  });

  it('YAML `prices:` overrides any model, by model or by provider:model', () => {
    const text = readText(SHIPPED) + '\nprices:\n  gpt-6.1-sol: { input: 1, output: 2 }\n  "anthropic:claude-sonnet-5-5": { input: 4, output: 20, cache_read: 0.4 }\n';
    const decide = deciderFor(text);
    const o = decide.prices.priceOf(decide.config.providers.get('openai')!, 'gpt-6.1-sol');
    assert.deepEqual([o.input, o.output, o.cacheRead], [1, 2, 1]);
    const a = decide.prices.priceOf(decide.config.providers.get('anthropic')!, 'claude-sonnet-5-5');
    assert.deepEqual([a.input, a.output, a.cacheRead, a.cacheWrite], [4, 20, 0.4, 4]);
    const d = decide({ taskType: 'code_generation', complexity: 'complex', contextTokens: 1000 }, { state: 'ok' }, { maxTokens: 1000 });
    assert.equal(d.chain[0].model, 'claude-sonnet-5-5');
    assert.equal(d.estimatedCostUsd, (1000 * 4 + 1000 * 20) / 1e6);
  });

  it('an unknown model on a paid provider is priced as its dearest model, and the decision says so', () => {
    const book = new PriceBook();
    const p = book.priceOf(provider('anthropic'), 'claude-next-unreleased');
    const dearest = Object.entries(table.providers.anthropic).reduce((a, b) => (b[1].input + b[1].output > a[1].input + a[1].output ? b : a));
    assert.deepEqual([p.input, p.output], [dearest[1].input, dearest[1].output]);
    assert.equal(p.estimatedFrom, `unknown model claude-next-unreleased priced as ${dearest[0]}`);
    assert.ok(book.worstCaseUsd(p, 1000, 1000) > 0);
    const text = readText(SHIPPED).replace('default_model: "mistral-large-latest"', 'default_model: "mistral-huge-2099"');
    const decide = deciderFor(text);
    const d = decide({ taskType: 'reasoning', complexity: 'complex', contextTokens: 100 }, { state: 'ok' }, {});
    const step = d.chain.find((s) => s.model === 'mistral-huge-2099')!;
    assert.match(step.reason, /unknown model mistral-huge-2099 priced as /);
  });

  it('an unknown model on a paid provider the table does not know is priced as the dearest model of all', () => {
    const text = readText(SHIPPED).replace('premium:\n', 'premium:\n    acme:\n      type: openai_compatible\n      base_url: "https://llm.acme.example/v1"\n      default_model: "acme-1"\n');
    const decide = deciderFor(text);
    const p = decide.prices.priceOf(decide.config.providers.get('acme')!, 'acme-1');
    assert.ok(p.input > 0 && p.output > 0, 'never a silent $0');
    assert.match(p.estimatedFrom!, /^unknown model acme-1 priced as /);
  });

  it('a local provider costs 0 even for models the table does not know', () => {
    const p = new PriceBook().priceOf(provider('ollama'), 'some-new-model:13b');
    assert.deepEqual([p.input, p.output, p.cacheRead, p.cacheWrite, p.estimatedFrom], [0, 0, 0, 0, undefined]);
  });
});
