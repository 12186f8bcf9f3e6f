// What-if: a rule with another chain, the recorded decisions re-routed through createDecider, and priced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChain, simulate, withRuleChain, WhatIfError } from '../../src/core/dashboard/whatIf';
import { createDecider } from '../../src/core/rules';
import { costOfUsage } from '../../src/core/spend/cost';
import { fromYaml } from './helpers/config';
import { e2eConfig, eventFor, recorded } from './helpers/dashboardFixture';

const cfg = e2eConfig();
const indexOf = (id: string) => cfg.rules.findIndex((r) => r.id === id);
const premium = () => {
  const p = cfg.providers.get('anthropic')!;
  return { p, model: p.defaultModel! };
};

describe('dashboard: what-if', () => {
  it('checks the typed chain: known providers, no duplicates, not empty', () => {
    assert.deepEqual(parseChain(cfg, ['ollama:deepseek-coder:6.7b', 'groq']), [{ provider: 'ollama', model: 'deepseek-coder:6.7b' }, { provider: 'groq' }]);
    assert.throws(() => parseChain(cfg, ['nope']), (e) => e instanceof WhatIfError && /unknown provider "nope"/.test(e.message));
    assert.throws(() => parseChain(cfg, ['groq', 'groq']), /duplicate/);
    assert.throws(() => parseChain(cfg, [' groq']), /malformed/);
    assert.throws(() => parseChain(cfg, []), /at least one/);
  });

  it('gives the rule the new chain and appends fallback_chain as the loader does', () => {
    const edited = withRuleChain(cfg, indexOf('docs'), ['anthropic']);
    const targets = edited.rules[indexOf('docs')].targets;
    assert.deepEqual(targets.map((t) => [t.provider, t.fromFallback]), [['anthropic', false], ['ollama', true], ['groq', true]]);
    // Nothing else moves, and the live config is untouched.
    assert.equal(edited.rules[indexOf('testing')], cfg.rules[indexOf('testing')]);
    assert.equal(cfg.rules[indexOf('docs')].targets[0].provider, 'ollama');
  });

  it('honours `fallback: false`', () => {
    const text = 'providers:\n  local:\n    a: { type: ollama, base_url: "http://127.0.0.1:1", default_model: m }\n    b: { type: ollama, base_url: "http://127.0.0.1:2", default_model: m }\nrules:\n  - id: r\n    use: [a]\n    fallback: false\n    reason: x\nfallback_chain: [a, b]\n';
    const c = fromYaml(text);
    assert.deepEqual(withRuleChain(c, 0, ['b']).rules[0].targets.map((t) => t.provider), ['b']);
  });

  it('re-routes recorded decisions with the live and the edited rules, priced from their real usage', () => {
    const events = [
      eventFor(cfg, { taskType: 'reasoning', complexity: 'simple', action: 'explain', usage: { inputTokens: 1000, outputTokens: 400 } }),
      eventFor(cfg, { taskType: 'docs', complexity: 'medium', action: 'docs' }),
      eventFor(cfg, { taskType: 'code_generation', complexity: 'simple', kind: 'fim' }),
    ];
    const rec = recorded(events);
    const r = simulate(cfg, rec, indexOf('default'), ['anthropic', 'ollama:llama3.1:8b'], 10);
    assert.equal(r.considered, 2, 'fill-in-the-middle is routed by `inline`, not by rules');
    const [explain, docs] = r.rows;
    assert.equal(explain.before.target, 'ollama:llama3.1:8b');
    assert.equal(explain.before.costUsd, 0);
    const { p, model } = premium();
    assert.equal(explain.after.target, `anthropic:${model}`);
    assert.equal(explain.changed, true);
    const expected = costOfUsage(createDecider(cfg).prices.priceOf(p, model), { inputTokens: 1000, outputTokens: 400, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.ok(expected > 0);
    assert.ok(Math.abs(explain.after.costUsd - expected) < 1e-12);
    // The docs rule matched first and is not the edited one: same route both ways.
    assert.equal(docs.before.rule, 'docs');
    assert.equal(docs.changed, false);
    assert.ok(Math.abs(r.totals.after - expected) < 1e-9);
    assert.equal(r.totals.before, 0);
    assert.deepEqual(r.chain.map((c) => c.target), ['anthropic', 'ollama:llama3.1:8b', 'groq']);
  });

  it('takes only the last N, and skips disabled providers as the router would', () => {
    const events = Array.from({ length: 5 }, () => eventFor(cfg, { taskType: 'chat', complexity: 'simple' }));
    const r = simulate(cfg, recorded(events), indexOf('default'), ['openai', 'groq'], 3);
    assert.equal(r.rows.length, 3);
    // openai has no key in this config: the edited chain goes to groq.
    assert.ok(r.rows.every((row) => row.after.target?.startsWith('groq:')));
    assert.equal(r.chain[0].disabled, cfg.providers.get('openai')!.disabled);
    assert.ok(cfg.providers.get('openai')!.disabled);
  });

  it('keeps the real cost when the edit routes to the same model', () => {
    const e = eventFor(cfg, { taskType: 'reasoning', complexity: 'complex', costUsd: 0.0123, usage: { cacheReadTokens: 900 } });
    const r = simulate(cfg, recorded([e]), indexOf('complex-reasoning'), ['anthropic', 'groq'], 1);
    assert.equal(r.rows[0].changed, false);
    assert.equal(r.rows[0].after.costUsd, 0.0123);
  });
});
