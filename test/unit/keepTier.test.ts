// Conversations keep their tier: a chat conversation answered on a higher tier stays there on its next turns,
// and the decision says so. Against the fake providers, through the real router.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { conversationTier, KEPT_TIER } from '../../src/core/router/keepTier';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { drain, routerFor } from './routerFixture';
import type { StreamEvent } from '../../src/core/router';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

// ol is local, gq fast cloud, an premium: simple chat goes local, complex to premium.
const providersByTier = (url: string) => ({
  local: { ol: { type: 'ollama', base_url: url, default_model: 'llama3.1:8b' } },
  fast_cloud: { gq: { type: 'groq', base_url: url, api_key: '${GQ_KEY}', default_model: 'llama-3.1-70b-versatile' } },
  premium: { an: { type: 'anthropic', base_url: url, api_key: '${AN_KEY}', default_model: 'claude-sonnet-4-20250514' } },
});
const rules = [
  { id: 'complex', when: { complexity: 'complex' }, use: ['an'], reason: 'complex: premium' },
  { id: 'medium', when: { complexity: 'medium' }, use: ['gq'], reason: 'medium: fast cloud' },
  { id: 'simple', use: ['ol'], reason: 'simple: local' },
];
const turn = (content: string) => ({ messages: [{ role: 'user' as const, content }], action: 'chat' as const, taskType: 'chat' as const, complexity: 'simple' as const, files: [] as string[] });
const decisionOf = (ev: StreamEvent[]) => ev.find((e): e is Extract<StreamEvent, { type: 'decision' }> => e.type === 'decision')!.decision;

describe('conversations keep their tier', () => {
  it('the tier a conversation reached: the highest an earlier answer came from, above local', () => {
    assert.equal(conversationTier([]), undefined);
    assert.equal(conversationTier([{ ok: true, tier: 'local' }]), undefined);
    assert.equal(conversationTier([{ ok: true, tier: 'premium' }, { ok: true, tier: 'local' }]), 'premium');
    assert.equal(conversationTier([{ ok: true, tier: 'fast_cloud' }, { ok: false, tier: 'premium' }]), 'fast_cloud');
  });

  it('a simple follow-up in a conversation that reached premium stays on premium, and says why', async () => {
    const { router } = routerFor(srv, { extra: { providers: providersByTier(srv.url), rules } });
    const plain = decisionOf(await drain(router.stream(turn('and in one word?'))));
    assert.equal(plain.chain.find((s) => !s.skipped)!.provider, 'ol');
    const kept = decisionOf(await drain(router.stream({ ...turn('and in one word?'), keepTier: 'premium' })));
    assert.equal(kept.chain.find((s) => !s.skipped)!.provider, 'an');
    assert.match(kept.explanation, new RegExp(`· ${KEPT_TIER}$`));
    assert.ok(kept.chain.filter((s) => s.skipped).every((s) => /below the premium tier \(kept tier from earlier in this conversation\)/.test(s.skipped!)));
    assert.deepEqual(srv.log.map((e) => e.path), ['/api/chat', '/v1/messages']);
  });

  it('a turn already at or above the kept tier is left alone; local-only mode always wins', async () => {
    const { router } = routerFor(srv, { extra: { providers: providersByTier(srv.url), rules } });
    const complex = decisionOf(await drain(router.stream({ ...turn('x'), complexity: 'complex', keepTier: 'fast_cloud' })));
    assert.equal(complex.chain.find((s) => !s.skipped)!.provider, 'an');
    assert.doesNotMatch(complex.explanation, new RegExp(KEPT_TIER));
    const local = decisionOf(await drain(router.stream({ ...turn('x'), keepTier: 'premium', localOnly: true })));
    assert.equal(local.chain.find((s) => !s.skipped)!.provider, 'ol');
    assert.doesNotMatch(local.explanation, new RegExp(KEPT_TIER));
  });

  it('when the kept tier cannot answer (no key), the plain decision stands', async () => {
    const noKey = routerFor(srv, { extra: { providers: { ...providersByTier(srv.url), premium: { an: { type: 'anthropic', base_url: srv.url, api_key: '${MISSING_KEY}', default_model: 'claude-sonnet-4-20250514' } } }, rules } }).router;
    const d = decisionOf(await drain(noKey.stream({ ...turn('x'), keepTier: 'premium' })));
    assert.equal(d.chain.find((s) => !s.skipped)!.provider, 'ol');
    assert.doesNotMatch(d.explanation, new RegExp(KEPT_TIER));
  });
});
