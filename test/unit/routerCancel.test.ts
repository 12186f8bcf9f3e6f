// House rule 4: an abort is not a failure. It closes the upstream connection (the fake server's log sees the
// close while its stream is still open), triggers no retry and no fallback, charges only what streamed, and
// counts toward no cooldown.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CancelledError } from '../../src/core/errors';
import { Router, type RouteEvent, type StreamEvent } from '../../src/core/router';
import { countTokens as bpeTokens } from '../../src/core/tokens';
import { replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, attemptsOf, configFor, lastOf, PROMPT, recordingBudget, routerFor } from './routerFixture';

let srv: FakeProvider;
const settleDelay = () => new Promise((r) => setTimeout(r, 100));

before(async () => {
  srv = await startFakeProvider('all');
  // Warm every SDK's request and abort paths once: the first abort in a process loads code lazily.
  srv.setDefaults({ chunkDelayMs: 5 });
  for (const p of ['an', 'oa', 'gq', 'ol']) {
    const router = new Router({ config: configFor(srv, { use: [p] }) });
    await router.complete(ask());
    await abortWhen(router, (_e, n) => n === 1);
  }
  srv.reset();
});
after(() => srv.close());
beforeEach(() => srv.reset());

/** Streams until `when` says abort; returns the events and the first closed log entry. */
async function abortWhen(router: Router, when: (e: StreamEvent, deltas: number) => boolean) {
  const ac = new AbortController();
  const events: StreamEvent[] = [];
  let deltas = 0;
  for await (const e of router.stream(ask(), ac.signal)) {
    events.push(e);
    if (e.type === 'delta') deltas++;
    if (!ac.signal.aborted && when(e, deltas)) ac.abort();
  }
  const closed = await srv.log.waitFor((x) => x.closedAt !== null);
  return { events, closed };
}

// "At once", without a stopwatch: the server holds its stream open after k chunks (`hangAfter`) or never
// answers (`hang`), so its log says `client_aborted` only if the router closed the connection, and it
// sends nothing after the abort because nothing more is due.
describe('cancellation', () => {
  for (const p of ['an', 'oa', 'gq', 'ol']) {
    it(`${p}: mid-stream abort closes upstream; no retry, no fallback; charged for what streamed`, async () => {
      srv.setDefaults({ fault: { hangAfter: 2 } });
      const budget = recordingBudget();
      const seen: RouteEvent[] = [];
      const { router } = routerFor(srv, { use: [p, ...['gq', 'ol', 'oa'].filter((x) => x !== p)], router: { retries: 3, cooldown: { failures: 1 } } }, { budget: budget.port, onEvent: (e) => seen.push(e) });
      const { events, closed } = await abortWhen(router, (_e, n) => n === 2);
      assert.equal(closed.outcome, 'client_aborted');
      assert.equal(closed.chunksSent, 2);
      const end = lastOf(events);
      assert.ok(end.type === 'error' && end.error instanceof CancelledError);
      assert.deepEqual(attemptsOf(events).map((a) => a.outcome), ['cancelled']);
      await settleDelay();
      assert.equal(srv.log.length, 1, 'no retry, no fallback');
      const streamed = replyText(PROMPT).split(' ').slice(0, 2).join(' ');
      assert.equal(end.result.text, streamed);
      assert.equal(budget.calls.settle.length, 1);
      assert.equal(budget.calls.settle[0].input.meta.outcome, 'cancelled');
      assert.equal(budget.calls.settle[0].input.usage.outputTokens, bpeTokens(streamed));
      assert.equal(seen.length, 1);
      assert.equal(seen[0].outcome, 'cancelled');
      // An abort is not a failure: with failures: 1, a counted failure would put the provider in cooldown.
      srv.setDefaults({ fault: null });
      assert.equal((await router.complete(ask())).provider, p);
    });
  }

  it('abort before the first token (server hanging): upstream closed, reservation released, nothing charged', async () => {
    const budget = recordingBudget();
    const { router } = routerFor(srv, { router: { retries: 2 } }, { budget: budget.port });
    srv.script(['hang'], { flavor: 'anthropic' });
    const ac = new AbortController();
    const p = router.complete(ask(), ac.signal);
    await srv.log.waitFor((e) => e.fault === 'hang');
    ac.abort();
    await assert.rejects(p, CancelledError);
    assert.equal((await srv.log.waitFor((e) => e.closedAt !== null)).outcome, 'client_aborted');
    await settleDelay();
    assert.equal(srv.log.length, 1);
    assert.equal(budget.calls.release.length, 1);
    assert.equal(budget.calls.settle.length, 0);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { router } = routerFor(srv);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(router.complete(ask(), ac.signal), CancelledError);
    assert.equal(srv.log.length, 0);
  });

  it('a caller that stops reading is a cancellation too: upstream closed, streamed part charged, one event', async () => {
    srv.setDefaults({ fault: { hangAfter: 1 } });
    const budget = recordingBudget();
    const seen: RouteEvent[] = [];
    const { router } = routerFor(srv, {}, { budget: budget.port, onEvent: (e) => seen.push(e) });
    for await (const e of router.stream(ask())) if (e.type === 'delta') break;
    const closed = await srv.log.waitFor((x) => x.closedAt !== null);
    assert.equal(closed.outcome, 'client_aborted');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].outcome, 'cancelled');
    assert.equal(budget.calls.settle[0].input.meta.outcome, 'cancelled');
    await settleDelay();
    assert.equal(srv.log.length, 1);
  });
});
