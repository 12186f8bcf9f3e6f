// Single-flight: identical concurrent requests share one upstream call, streamed to each of them. A late
// joiner gets the deltas so far, then live ones; one leaving does not stop the others; all leaving aborts it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RouterCache } from '../../src/core/cache/routerCache';
import { SingleFlight } from '../../src/core/cache/singleFlight';
import { CancelledError } from '../../src/core/errors';
import type { RouteEvent, StreamEvent } from '../../src/core/router';
import { replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ask, attemptsOf, drain, lastOf, PROMPT, recordingBudget, routerFor, textOf } from './routerFixture';

let srv: FakeProvider;
const calls = () => srv.log.filter((e) => e.path.endsWith('/messages'));

before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

function sharedRouter(use = ['an']) {
  const events: RouteEvent[] = [];
  const budget = recordingBudget();
  const { router } = routerFor(srv, { use }, { cache: new RouterCache(), budget: budget.port, onEvent: (e) => events.push(e) });
  return { router, events, budget };
}

/** Reads a stream, calling `on` after each event (it may abort). */
async function read(events: AsyncIterable<StreamEvent>, on: (e: StreamEvent, deltas: number) => void = () => undefined) {
  const out: StreamEvent[] = [];
  let deltas = 0;
  for await (const e of events) {
    out.push(e);
    if (e.type === 'delta') deltas++;
    on(e, deltas);
  }
  return out;
}

describe('single-flight in the router', () => {
  it('100 identical concurrent requests: exactly 1 upstream call, the whole answer streamed to each', async () => {
    srv.setDefaults({ chunkDelayMs: 5 });
    const { router, events, budget } = sharedRouter();
    const all = await Promise.all(Array.from({ length: 100 }, () => drain(router.stream(ask()))));
    assert.equal(calls().length, 1);
    for (const ev of all) {
      assert.equal(textOf(ev), replyText(PROMPT));
      assert.equal(ev.filter((e) => e.type === 'delta').length, 8, 'streamed, chunk by chunk');
      assert.equal(lastOf(ev).type, 'done');
    }
    const results = all.map((ev) => lastOf(ev)).flatMap((e) => (e.type === 'done' ? [e.result] : []));
    assert.equal(results.filter((r) => !r.cached && r.costUsd > 0).length, 1, 'one paid');
    assert.equal(results.filter((r) => r.cached && r.costUsd === 0).length, 99, 'the others shared it for $0');
    assert.equal(events.length, 100);
    assert.equal(events.filter((e) => e.cached).length, 99);
    assert.equal(budget.calls.reserve.filter((r) => r.worstCaseUsd > 0).length, 1, 'one reservation');
  });

  it('a late joiner gets the deltas so far, then the live ones', async () => {
    srv.setDefaults({ chunkDelayMs: 15 });
    const { router } = sharedRouter();
    let late: Promise<StreamEvent[]> | undefined;
    const first = read(router.stream(ask()), (_e, n) => {
      if (n === 4 && !late) late = read(router.stream(ask()));
    });
    const [a, b] = [await first, await late!];
    assert.equal(calls().length, 1);
    assert.equal(textOf(a), replyText(PROMPT));
    assert.equal(textOf(b), replyText(PROMPT));
    assert.equal(b[0].type, 'decision');
    assert.ok(b[0].type === 'decision' && b[0].decision.explanation.endsWith(' · cached'));
  });

  it('one joiner cancels: it gets a cancellation, the upstream continues for the other', async () => {
    srv.setDefaults({ chunkDelayMs: 15 });
    const { router } = sharedRouter();
    const ac = new AbortController();
    const keep = read(router.stream(ask()));
    const leave = read(router.stream(ask(), ac.signal), (_e, n) => n === 2 && ac.abort());
    const [k, l] = await Promise.all([keep, leave]);
    assert.equal(textOf(k), replyText(PROMPT));
    const end = lastOf(l);
    assert.ok(end.type === 'error' && end.error instanceof CancelledError);
    assert.equal(calls().length, 1);
    assert.equal(calls()[0].outcome, 'completed');
  });

  it('the first (leader) cancels: the others still get everything', async () => {
    srv.setDefaults({ chunkDelayMs: 15 });
    const { router } = sharedRouter();
    const ac = new AbortController();
    const leave = read(router.stream(ask(), ac.signal), (_e, n) => n === 2 && ac.abort());
    const keep = read(router.stream(ask()));
    const [l, k] = await Promise.all([leave, keep]);
    assert.ok(lastOf(l).type === 'error');
    assert.equal(textOf(k), replyText(PROMPT));
    assert.equal(lastOf(k).type, 'done');
    assert.equal(calls()[0].outcome, 'completed');
  });

  it('all cancel: the upstream is aborted; a lone caller sees what it would without the cache', async () => {
    // Three chunks, then the stream stays open: only the cancellations can end it.
    srv.setDefaults({ fault: { hangAfter: 3 } });
    const { router, events } = sharedRouter();
    const acs = [new AbortController(), new AbortController()];
    const out = await Promise.all(acs.map((ac, i) => read(router.stream(ask(), ac.signal), (_e, n) => n === 2 + i && ac.abort())));
    const closed = await srv.log.waitFor((e) => e.closedAt !== null);
    assert.equal(closed.outcome, 'client_aborted');
    for (const ev of out) assert.ok(lastOf(ev).type === 'error');
    assert.equal(calls().length, 1);
    // The last one out waited for the upstream's own end: the cancelled attempt, what streamed, charged.
    const last = out[1];
    assert.deepEqual(attemptsOf(last).map((a) => a.outcome), ['cancelled']);
    assert.ok(events.some((e) => e.outcome === 'cancelled' && !e.cached));
    srv.log.clear();
    const ac = new AbortController();
    const lone = await read(router.stream(ask(), ac.signal), (_e, n) => n === 2 && ac.abort());
    assert.equal((await srv.log.waitFor((e) => e.closedAt !== null)).outcome, 'client_aborted');
    assert.deepEqual(attemptsOf(lone).map((a) => a.outcome), ['cancelled']);
    const end = lastOf(lone);
    assert.ok(end.type === 'error' && end.error instanceof CancelledError && end.result.text.length > 0);
  });

  it('an error reaches every member and is not stored', async () => {
    srv.script([400], { flavor: 'anthropic' });
    srv.setDefaults({ firstChunkDelayMs: 20 });
    const { router } = sharedRouter();
    const both = await Promise.all([drain(router.stream(ask())), drain(router.stream(ask()))]);
    for (const ev of both) assert.equal(lastOf(ev).type, 'error');
    assert.equal(calls().length, 1);
    assert.equal((await router.complete(ask())).cached, false);
    assert.equal(calls().length, 2);
  });
});

describe('SingleFlight', () => {
  async function* ticks(n: number, signal: AbortSignal, seen: { aborted: boolean }) {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 5));
      if (signal.aborted) {
        seen.aborted = true;
        return;
      }
      yield i;
    }
  }

  it('starts once, replays to joiners, and drops the flight when done', async () => {
    const sf = new SingleFlight<number>();
    let started = 0;
    const seen = { aborted: false };
    const start = (s: AbortSignal) => (started++, ticks(5, s, seen));
    const a = sf.join('k', start);
    const b = sf.join('k', start);
    assert.equal(a.leader, true);
    assert.equal(b.leader, false);
    assert.equal(started, 0, 'nothing starts before someone reads');
    const [x, y] = await Promise.all([drainAll(a.events), drainAll(b.events)]);
    assert.deepEqual(x, [0, 1, 2, 3, 4]);
    assert.deepEqual(y, [0, 1, 2, 3, 4]);
    assert.equal(started, 1);
    assert.equal(sf.size, 0);
    assert.equal(sf.join('k', start).leader, true, 'a finished flight is not joined');
  });

  it('a member that stops reading leaves; the last one leaving aborts the upstream', async () => {
    const sf = new SingleFlight<number>();
    const seen = { aborted: false };
    const a = sf.join('k', (s) => ticks(100, s, seen));
    for await (const v of a.events) if (v === 1) break;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.aborted, true);
    assert.equal(sf.size, 0);
  });

  it('a failure is thrown to every member', async () => {
    const sf = new SingleFlight<number>();
    const start = async function* () {
      yield 1;
      throw new Error('boom');
    };
    const a = sf.join('k', start);
    const b = sf.join('k', start);
    await assert.rejects(drainAll(a.events), /boom/);
    await assert.rejects(drainAll(b.events), /boom/);
  });
});

async function drainAll<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}
