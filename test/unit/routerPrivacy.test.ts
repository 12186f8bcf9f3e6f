// The privacy gate in the request flow: local-only mode, private paths and secrets, against the fake
// servers. A fake "cloud" provider that must stay untouched is checked in the server's own log.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, drain, KEYS, routerFor } from './routerFixture';

let srv: FakeProvider;
before(async () => (srv = await startFakeProvider('all')));
after(() => srv.close());
beforeEach(() => srv.reset());

const AWS = 'AKIA' + 'Q3EGRT5ZK2MN7XWP';
const withSecret = `deploy with aws_access_key_id = ${AWS} please`;
const cloudRequests = () => srv.log.filter((e) => e.flavor !== 'ollama').length;
const privacy = (secrets: string, extra: Record<string, unknown> = {}) => ({ extra: { privacy: { secrets, ...extra } } });

describe('privacy gate', () => {
  it('local-only mode: the fake cloud servers receive zero requests', async () => {
    const { router } = routerFor(srv, { use: ['an', 'oa', 'gq', 'ol'] });
    const r = await router.complete({ ...ask(), localOnly: true });
    assert.equal(r.provider, 'ol');
    assert.equal(cloudRequests(), 0);
    assert.ok(r.decision.chain.filter((s) => s.provider !== 'ol').every((s) => s.skipped === 'local-only'));
    assert.match(r.decision.explanation, / · stayed local: local-only mode is on$/, 'the decision line says why, as for every other privacy reason');
  });

  it('local-only from the config does the same', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'], ...privacy('route_local', { local_only: true }) });
    const r = await router.complete(ask());
    assert.equal(r.provider, 'ol');
    assert.equal(cloudRequests(), 0);
    assert.match(r.decision.explanation, / · stayed local: local-only mode is on$/);
  });

  it('context from a private path routes local only, and says so', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'] });
    const events = await drain(router.stream({ ...ask(), files: ['/work/app/.env.production'] }));
    const decision = events.find((e) => e.type === 'decision');
    assert.ok(decision && decision.type === 'decision');
    assert.equal(decision.privacy?.badge, 'stayed local');
    assert.match(decision.decision.explanation, /stayed local: context from .*\.env\.production matches privacy\.local_only_paths/);
    assert.equal(cloudRequests(), 0);
    const done = events.at(-1)!;
    assert.equal(done.type, 'done');
  });

  it('a secret in the text routes local by default (route_local)', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'] });
    const r = await router.complete(ask(withSecret));
    assert.equal(r.provider, 'ol');
    assert.equal(cloudRequests(), 0);
    assert.match(r.decision.explanation, /secret found: aws_access_key_id/);
    assert.ok(!r.decision.explanation.includes(AWS));
  });

  it('redact: the cloud gets placeholders, never the secret, and the user is told', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'], ...privacy('redact') });
    const events = await drain(router.stream(ask(withSecret)));
    const decision = events.find((e) => e.type === 'decision');
    assert.ok(decision?.type === 'decision' && decision.privacy?.message);
    assert.equal(cloudRequests(), 1);
    const sent = JSON.stringify(srv.log[0].body);
    assert.ok(!sent.includes(AWS), 'the secret never left');
    assert.match(sent, /\[REDACTED:aws_access_key_id\]/);
  });

  it('block: nothing is sent anywhere, with a clear error naming the kind and not the value', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'], ...privacy('block') });
    const events = await drain(router.stream(ask(withSecret)));
    const last = events.at(-1)!;
    assert.equal(last.type, 'error');
    assert.ok(last.type === 'error');
    assert.equal(last.error.name, 'SecretBlockedError');
    assert.match(last.error.message, /aws_access_key_id/);
    assert.ok(!last.error.message.includes(AWS));
    assert.equal(srv.log.length, 0);
    await assert.rejects(router.complete(ask(withSecret)), /privacy\.secrets is "block"/);
  });

  it('keys never appear in what the router reports', async () => {
    const { router } = routerFor(srv, { use: ['an', 'ol'] });
    srv.script([{ status: 401 }]);
    const r = await router.complete(ask());
    const text = JSON.stringify(r);
    for (const k of Object.values(KEYS)) assert.ok(!text.includes(k), `key ${k.slice(0, 6)}… leaked`);
  });
});
