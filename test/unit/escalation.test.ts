// "Retry with a stronger model": minTier skips every step below the tier, and when the rule names nothing
// strong enough, every provider of that tier or above joins the chain, lowest tier first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Router } from '../../src/core/router';
import { deciderFor, fromYaml } from './helpers/config';

const YAML = `
providers:
  local:
    ol: { type: ollama, base_url: "http://127.0.0.1:1", default_model: "small:7b" }
  fast_cloud:
    fc: { type: openai_compatible, base_url: "http://127.0.0.1:2/v1", api_key: "\${FC_KEY}", default_model: "fast-1", local: false }
  premium:
    pr: { type: openai_compatible, base_url: "http://127.0.0.1:3/v1", api_key: "\${PR_KEY}", default_model: "best-1", local: false }
rules:
  - { id: local-only-rule, when: { task: chat }, use: [ol], reason: "chat stays local", fallback: false }
  - { id: default, use: [ol, fc, pr], reason: "cheap first" }
fallback_chain: [ol]
`;
const KEYS = { FC_KEY: 'k1', PR_KEY: 'k2' };
const usable = (chain: { provider: string; skipped?: string }[]) => chain.filter((s) => !s.skipped).map((s) => s.provider);
const input = (taskType: 'chat' | 'reasoning') => ({ taskType, complexity: 'simple' as const, contextTokens: 10 });

describe('escalation (minTier)', () => {
  const decide = deciderFor(YAML, KEYS);

  it('without minTier nothing changes', () => {
    assert.deepEqual(usable(decide(input('reasoning')).chain), ['ol', 'fc', 'pr']);
  });

  it('skips the steps below the tier, saying why, and keeps the rule order above it', () => {
    const d = decide(input('reasoning'), undefined, { minTier: 'fast_cloud' });
    assert.deepEqual(usable(d.chain), ['fc', 'pr']);
    assert.match(d.chain.find((s) => s.provider === 'ol')!.skipped!, /below the fast_cloud tier/);
    assert.match(d.explanation, /→ fc:fast-1/);
    assert.deepEqual(usable(decide(input('reasoning'), undefined, { minTier: 'premium' }).chain), ['pr']);
  });

  it('a rule with nothing strong enough escalates to every provider of the tier or above, lowest first', () => {
    const d = decide(input('chat'), undefined, { minTier: 'fast_cloud' });
    assert.deepEqual(usable(d.chain), ['fc', 'pr']);
    assert.match(d.chain.find((s) => s.provider === 'fc')!.reason, /escalated to the fast_cloud tier or above/);
  });

  it('local-only wins: nothing above local is used', () => {
    assert.deepEqual(usable(decide(input('chat'), undefined, { minTier: 'fast_cloud', localOnly: true }).chain), []);
  });

  it('an exhausted budget still blocks paid tiers', () => {
    assert.deepEqual(usable(decide(input('reasoning'), { state: 'exhausted' }, { minTier: 'premium' }).chain), []);
  });

  it('Router.plan passes the request minTier to the decision', () => {
    const router = new Router({ config: fromYaml(YAML, KEYS) });
    const plan = router.plan({ messages: [{ role: 'user', content: 'hello there' }], taskType: 'chat', complexity: 'simple', minTier: 'premium', files: [] });
    assert.deepEqual(usable(plan.decision.chain), ['pr']);
  });
});
