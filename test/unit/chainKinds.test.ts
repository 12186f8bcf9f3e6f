// One chain runner for every kind of call: the same fault schedule (500, 429 with Retry-After, a hung
// request, then an answer) through complete, fill-in-the-middle, embeddings and a batch item gives the same
// attempts, the same waits, one decision event and one settle each; with the default cooldown the same
// schedule cools the provider down after three failures, with the same error text for every kind.
// Against the fake Ollama server through the real SDK.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NoRouteError } from '../../src/core/errors';
import type { Attempt, RouteEvent } from '../../src/core/router';
import { startFakeProvider, type FakeProvider, type FaultStep } from '../fixtures/fakeProviders/index.js';
import { ask, recordingBudget, routerFor } from './routerFixture';

type Kind = 'complete' | 'fim' | 'embed' | 'batch';
const KINDS: Kind[] = ['complete', 'fim', 'embed', 'batch'];
/** One fake server per kind, so the kinds run side by side and their hung requests time out together. */
const servers = {} as Record<Kind, FakeProvider>;
before(async () => {
  for (const kind of KINDS) servers[kind] = await startFakeProvider('ollama');
});
after(async () => {
  for (const kind of KINDS) await servers[kind].close();
});
beforeEach(() => KINDS.forEach((k) => servers[k].reset()));

const MODEL = 'deepseek-coder:6.7b';
/** Only the hung request reaches it; every other answer of the fake comes thousands of times sooner. */
const CONNECT_MS = 5000;
const SCHEDULE: FaultStep[] = [500, { status: 429, retryAfter: 1 }, 'hang', 'ok'];

/** One local provider that serves chat, FIM and embeddings, with room for three retries. */
function setup(srv: FakeProvider, cooldownFailures = 4) {
  const events: RouteEvent[] = [];
  const budget = recordingBudget();
  const { router, time } = routerFor(
    srv,
    {
      providers: { ol: { fim: true, retries: 3, timeouts: { connect_ms: CONNECT_MS } } },
      router: { cooldown: { failures: cooldownFailures, window_s: 60, duration_s: 60 } },
      extra: { rules: [{ id: 'one', use: [`ol:${MODEL}`], reason: 'one target', fallback: false }] },
    },
    { onEvent: (e) => events.push(e), budget: budget.port },
  );
  return { router, time, events, budget };
}

async function attemptsFor(kind: Kind): Promise<{ attempts: Attempt[]; sleeps: number[]; events: RouteEvent[]; paths: string[]; settled: number }> {
  const srv = servers[kind];
  srv.script(SCHEDULE);
  const { router, time, events, budget } = setup(srv);
  let attempts: Attempt[];
  if (kind === 'complete') attempts = (await router.complete(ask())).attempts;
  else if (kind === 'embed') attempts = (await router.embed(['alpha', 'beta'])).attempts;
  else if (kind === 'batch') attempts = (await router.batch([{ id: 'f', text: 'function f() {}' }], 'docs', { files: [] })).results[0].attempts;
  else {
    attempts = [];
    for await (const e of router.fim({ prefix: 'def f(x):\n', suffix: '\n  return y', files: [] })) if (e.type === 'attempt') attempts.push(e.attempt);
  }
  return { attempts, sleeps: time.t.sleeps, events, paths: srv.log.map((e) => e.path), settled: budget.calls.settle.length };
}

const withoutMs = (attempts: Attempt[]) => attempts.map(({ ms: _ms, ...a }) => a);

describe('one chain runner for every kind of call', () => {
  it('the same fault schedule gives the same attempts through complete, fim, embed and a batch item', async () => {
    const [complete, fim, embed, batch] = await Promise.all(KINDS.map(attemptsFor));
    const runs = { complete, fim, embed, batch };
    const first = withoutMs(runs.complete.attempts);
    assert.deepEqual(
      first.map((a) => [a.provider, a.model, a.status]),
      [['ol', MODEL, 500], ['ol', MODEL, 429], ['ol', MODEL, undefined], ['ol', MODEL, undefined]],
    );
    assert.match(first[0].outcome, /^error: .+ \(retry in \d+ ms\)$/);
    assert.doesNotMatch(first[0].outcome, /ol:|HTTP 500/, 'the attempt shows target and status apart, not again in its text');
    assert.match(first[1].outcome, /^error: .+ \(retry in 1000 ms\)$/, 'Retry-After is honoured');
    assert.match(first[2].outcome, new RegExp(`^timeout: no response headers for ${CONNECT_MS} ms \\(retry in \\d+ ms\\)$`));
    assert.equal(first[3].outcome, 'ok');
    for (const kind of ['fim', 'embed', 'batch'] as const) {
      assert.deepEqual(withoutMs(runs[kind].attempts), first, `${kind} tries like complete`);
      assert.deepEqual(runs[kind].sleeps, runs.complete.sleeps, `${kind} waits like complete`);
    }
    assert.deepEqual(runs.complete.paths, Array(4).fill('/api/chat'));
    assert.deepEqual(runs.fim.paths, Array(4).fill('/api/generate'));
    assert.deepEqual(runs.embed.paths, Array(4).fill('/api/embed'));
    assert.deepEqual(runs.batch.paths.slice(0, 4), Array(4).fill('/api/chat'));
    // One decision event and one settle per call (the batch also asks for its item alone: the fake does not answer JSON).
    for (const kind of ['complete', 'fim', 'embed'] as const) {
      assert.deepEqual(runs[kind].events.map((e) => [e.kind, e.outcome]), [[kind, 'ok']]);
      assert.equal(runs[kind].settled, 1);
    }
  });

  it('the default cooldown stops every kind after three failures, with the same error text', async () => {
    const message = (e: unknown) => (e instanceof NoRouteError ? e.message : `not a NoRouteError: ${String(e)}`);
    const failWith = async (kind: Kind): Promise<string> => {
      const srv = servers[kind];
      srv.script(SCHEDULE);
      const { router } = setup(srv, 3);
      let text = 'answered';
      if (kind === 'complete') text = await router.complete(ask()).then(() => 'answered', message);
      else if (kind === 'embed') text = await router.embed(['alpha']).then(() => 'answered', message);
      else if (kind === 'batch') text = (await router.batch([{ id: 'f', text: 'function f() {}' }], 'docs', { files: [] })).items[0].error ?? 'answered';
      else for await (const e of router.fim({ prefix: 'a', suffix: 'b', files: [] })) if (e.type === 'error') text = message(e.error);
      assert.equal(srv.log.length, 3, `${kind}: the fourth try is skipped, not sent`);
      return text;
    };
    const [complete, fim, embed, batch] = await Promise.all(KINDS.map(failWith));
    const messages = { complete, fim, embed, batch };
    assert.match(messages.complete, /^every target in the chain failed:\n/);
    assert.match(messages.complete, /skipped: cooling down until \d\d:\d\d:\d\d$/);
    assert.equal(messages.complete.match(new RegExp(`ol:${MODEL}`, 'g'))?.length, 4, 'each attempt names its target once');
    for (const kind of ['fim', 'embed', 'batch'] as const) assert.equal(messages[kind], messages.complete, kind);
  });
});
