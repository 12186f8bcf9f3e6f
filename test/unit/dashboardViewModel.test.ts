// The dashboard's view model and messages: what the webview is sent is the live config, budget and ledger,
// valid against the schema both sides check, and never holds a key.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LedgerView } from '../../src/core/dashboard/ledgerView';
import { checkToView, NAME_MAX, parseFromView, parseToView, TEXT_MAX, type DashboardState, type ToView } from '../../src/core/dashboard/protocol';
import { loadedKeys, scrubKeys } from '../../src/core/dashboard/scrub';
import { dailySeries, premiumTarget, spendView } from '../../src/core/dashboard/spend';
import { buildState, type StateInput } from '../../src/core/dashboard/viewModel';
import type { ProviderHealth } from '../../src/core/providers/health';
import { addDays, localDay } from '../../src/core/spend/day';
import { openBudget } from '../../src/core/spend/open';
import { PriceBook } from '../../src/core/spend/prices';
import type { DaySummary } from '../../src/core/spend/summary';
import { e2eConfig, eventFor, KEYS, recorded, stateInput } from './helpers/dashboardFixture';

const cfg = e2eConfig();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const input = (over: Partial<StateInput> = {}): StateInput => stateInput(cfg, over);

const day = (d: string, rows: Partial<DaySummary['rows'][number]>[]): DaySummary => ({
  day: d,
  rows: rows.map((r) => ({ provider: 'ollama', model: 'm', taskType: 'chat', requests: 1, costUsd: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: 0, ...r })),
  feedback: [],
  events: [],
  skippedLines: 0,
});

describe('dashboard: view model', () => {
  it('lists the live rules in order with hits, YAML line and the last decision highlighted', () => {
    const events = [eventFor(cfg, { taskType: 'testing', complexity: 'medium', action: 'tests' }), eventFor(cfg, { taskType: 'docs', complexity: 'simple' })];
    const s = buildState(input({ recent: recorded(events), hits: new Map([['docs', 4]]) }));
    assert.deepEqual(s.rules.map((r) => r.id), cfg.rules.map((r) => r.id));
    const docs = s.rules.find((r) => r.id === 'docs')!;
    assert.equal(docs.hits, 4);
    assert.equal(docs.line, cfg.rules.find((r) => r.id === 'docs')!.line);
    assert.ok(docs.line > 0);
    assert.deepEqual(s.rules.filter((r) => r.last).map((r) => r.id), ['testing'], 'the newest decision is first');
    assert.equal(s.decisions[0].rule.id, 'testing');
  });

  it('shows a provider that is off with its reason, in rule chains and in the providers list', () => {
    const s = buildState(input());
    const openai = s.providers.find((p) => p.name === 'openai')!;
    assert.match(openai.disabled ?? '', /OPENAI_API_KEY/);
    const pill = s.rules.find((r) => r.id === 'complex-reasoning')!.chain.find((c) => c.target.startsWith('openai'))!;
    assert.equal(pill.disabled, openai.disabled);
  });

  it('maps a decision: model, why, attempts, tokens, cost, latency, cached', () => {
    const e = eventFor(cfg, { taskType: 'reasoning', complexity: 'complex', action: 'ask', costUsd: 0.002, usage: { cacheReadTokens: 30 } });
    e.attempts.unshift({ provider: 'openai', model: 'gpt-4o', outcome: 'skipped: no key', ms: 0 });
    const d = buildState(input({ recent: recorded([e]) })).decisions[0];
    assert.equal(d.target, `${e.provider}:${e.model}`);
    assert.equal(d.explanation, e.decision.explanation);
    assert.deepEqual(d.attempts.map((a) => a.outcome), ['skipped: no key', 'ok']);
    assert.deepEqual(d.tokens, { input: 500, output: 200, cacheRead: 30, cacheWrite: 0 });
    assert.equal(d.costUsd, 0.002);
    assert.equal(d.latencyMs, 800);
    assert.equal(d.cached, false);
    assert.equal(d.action, 'ask');
  });

  it('puts provider checks, cooldowns, rate limits and the last try into the provider rows', () => {
    const health: ProviderHealth = { name: 'ollama', type: 'ollama', tier: 'local', baseUrl: 'x', local: true, status: 'ok', latencyMs: 12, models: ['a', 'b'], checkedAt: 5 };
    const s = buildState(
      input({
        recent: recorded([eventFor(cfg, { taskType: 'chat', complexity: 'simple' })]),
        health: new Map<string, ProviderHealth | 'checking'>([['ollama', health], ['groq', 'checking']]),
        routerState: (n) => (n === 'groq' ? { coolingUntil: 99, recentFailures: 3, rateLimit: { rpm: 30, available: 12.5 } } : { recentFailures: 0 }),
      }),
    );
    const ollama = s.providers.find((p) => p.name === 'ollama')!;
    assert.deepEqual(ollama.health, { status: 'ok', checkedAt: 5, latencyMs: 12, models: 2 });
    assert.equal(ollama.lastTry?.outcome, 'ok');
    const groq = s.providers.find((p) => p.name === 'groq')!;
    assert.deepEqual(groq.health, { status: 'checking' });
    assert.equal(groq.coolingUntil, 99);
    assert.deepEqual(groq.rateLimit, { rpm: 30, available: 12.5 });
  });

  it('offers every provider and every provider:model the config names as what-if targets', () => {
    const t = buildState(input()).targets;
    assert.ok(t.includes('ollama') && t.includes('ollama:deepseek-coder:33b') && t.includes('anthropic'));
    assert.equal(new Set(t).size, t.length);
  });
});

describe('dashboard: spend', () => {
  const status = { day: '2026-11-25', state: 'warning' as const, budgetUsd: 10, warningThreshold: 0.8, spentUsd: 8.5, reservedUsd: 0.1, remainingUsd: 1.4, requests: 3, providers: [], skippedLines: 0 };

  it('fills 30 days, oldest first, with zeros where nothing was spent', () => {
    const days = dailySeries([day('2026-11-20', [{ costUsd: 1.5, requests: 2 }]), day('2026-11-25', [{ costUsd: 0.25 }])], '2026-11-25');
    assert.equal(days.length, 30);
    assert.equal(days[0].key, addDays('2026-11-25', -29));
    assert.equal(days[29].key, '2026-11-25');
    assert.deepEqual(days[24], { key: '2026-11-20', costUsd: 1.5, requests: 2 });
    assert.equal(days.filter((d) => d.costUsd > 0).length, 2);
  });

  it('breaks today down per provider and model, and estimates everything on the premium model', () => {
    const today = day('2026-11-25', [
      { provider: 'ollama', model: 'llama3.1:8b', inputTokens: 1_000_000, outputTokens: 0, costUsd: 0 },
      { provider: 'groq', model: 'llama-3.1-70b-versatile', inputTokens: 0, outputTokens: 1_000_000, costUsd: 0.79 },
    ]);
    const v = spendView(cfg, status, [day('2026-11-24', [{ provider: 'groq', model: 'x', costUsd: 1 }]), today]);
    assert.deepEqual(v.byProvider.map((r) => r.key), ['groq', 'ollama']);
    assert.deepEqual(v.byModel.map((r) => r.key), ['groq:llama-3.1-70b-versatile', 'ollama:llama3.1:8b']);
    assert.equal(v.warningThreshold, 0.8);
    const target = premiumTarget(cfg)!;
    assert.equal(v.premium?.target, `${target.provider.name}:${target.model}`);
    // 1M input + 1M output on the premium model: its input price plus its output price.
    const price = new PriceBook().priceOf(target.provider, target.model);
    assert.ok(Math.abs(v.premium!.todayPremiumUsd - (price.input + price.output)) < 1e-9);
    assert.equal(v.premium!.todayActualUsd, 0.79);
    assert.equal(v.premium!.actualUsd, 1.79);
  });

  it('reads hits per rule and 30 days of history from the shared ledger', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-router-dash-'));
    dirs.push(dir);
    const budget = openBudget(dir, cfg);
    try {
      for (const ruleId of ['docs', 'docs', 'default']) {
        const r = budget.reserveNow({ provider: 'ollama', model: 'm', local: true, worstCaseUsd: 0 });
        assert.ok(!('refused' in r));
        budget.settleNow(r, { costUsd: 0, usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 }, meta: { taskType: 'docs', complexity: 'simple', ruleId, outcome: 'ok' } });
      }
      const today = localDay(Date.now());
      const old = addDays(today, -10);
      mkdirSync(join(dir, 'ledger'), { recursive: true });
      writeFileSync(join(dir, 'ledger', `${old}.summary.json`), JSON.stringify({ v: 1, ...day(old, [{ costUsd: 2 }]) }));
      const view = new LedgerView(budget.ledger);
      const { hits, history } = view.read();
      assert.deepEqual(Object.fromEntries(hits), { docs: 2, default: 1 });
      assert.deepEqual(history.map((d) => d.day), [old, today]);
      const series = dailySeries(history, today);
      assert.equal(series[19].costUsd, 2);
      // A new settle shows on the next read.
      const r = budget.reserveNow({ provider: 'ollama', model: 'm', local: true, worstCaseUsd: 0 });
      assert.ok(!('refused' in r));
      budget.settleNow(r, { costUsd: 0, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }, meta: { taskType: 'docs', complexity: 'simple', ruleId: 'docs', outcome: 'ok' } });
      assert.equal(view.read().hits.get('docs'), 3);
    } finally {
      budget.dispose();
    }
  });
});

describe('dashboard: messages', () => {
  const state = (): DashboardState => buildState(input({ recent: recorded([eventFor(cfg, { taskType: 'docs', complexity: 'simple' })]) }));

  it('a built state is a valid message to the view', () => {
    assert.doesNotThrow(() => checkToView({ type: 'state', state: state() }));
  });

  it('refuses to post a malformed message', () => {
    const bad = { ...state(), rules: [{ id: 'x' }] } as unknown as DashboardState;
    assert.throws(() => checkToView({ type: 'state', state: bad }));
    assert.throws(() => checkToView({ type: 'saved', ok: true, message: 'x', extra: 1 } as unknown as ToView));
  });

  it('long free text (a chain of provider errors, a rule reason from the YAML) is cut, and the state still posts', () => {
    // Before: one 5,000-character error made every post throw, and the dashboard froze until 50 newer decisions.
    const e = eventFor(cfg, { taskType: 'reasoning', complexity: 'complex' });
    e.error = `all providers failed: ${'upstream said: <html>… '.repeat(250)}`;
    const s = buildState(input({ recent: recorded([e]) }));
    s.rules[0].reason = 'r'.repeat(TEXT_MAX + 1);
    const posted = checkToView({ type: 'state', state: s });
    assert.equal(posted.type, 'state');
    const { decisions, rules } = (posted as Extract<ToView, { type: 'state' }>).state;
    assert.equal(decisions[0].error!.length, TEXT_MAX);
    assert.ok(decisions[0].error!.startsWith('all providers failed: upstream said:') && decisions[0].error!.endsWith('…'));
    assert.equal(rules[0].reason, `${'r'.repeat(TEXT_MAX - 1)}…`);
    assert.ok(parseToView(posted).ok, 'the webview accepts what the host posts');
    // A long rule id from the YAML is cut for display too; what the page sends back stays strict (below).
    const longId = checkToView({ type: 'state', state: { ...s, rules: [{ ...s.rules[0], id: 'x'.repeat(NAME_MAX + 50) }] } });
    assert.equal((longId as Extract<ToView, { type: 'state' }>).state.rules[0].id, `${'x'.repeat(NAME_MAX - 1)}…`);
    assert.equal(parseFromView({ type: 'openProvider', name: 'x'.repeat(NAME_MAX + 1) }).ok, false);
    // Never through a surrogate pair: an emoji at the cut goes whole.
    const emoji = checkToView({ type: 'saved', ok: false, message: `${'a'.repeat(TEXT_MAX - 2)}😀 and more` });
    assert.equal((emoji as Extract<ToView, { type: 'saved' }>).message, `${'a'.repeat(TEXT_MAX - 2)}…`);
  });

  it('accepts only well-formed messages from the view', () => {
    assert.deepEqual(parseFromView({ type: 'openRule', index: 3 }), { ok: true, message: { type: 'openRule', index: 3 } });
    assert.ok(parseFromView({ type: 'whatIf', rule: 1, chain: ['ollama'], last: 10 }).ok);
    for (const bad of [
      null,
      'ready',
      { type: 'eval', code: '1' },
      { type: 'openRule', index: 1.5 },
      { type: 'openRule', index: -1 },
      { type: 'openRule', index: 1, line: 4 },
      { type: 'whatIf', rule: 1, chain: [], last: 10 },
      { type: 'whatIf', rule: 1, chain: Array(21).fill('a'), last: 10 },
      { type: 'whatIf', rule: 1, chain: ['a'], last: 51 },
      { type: 'save', rule: 1, chain: ['x'.repeat(201)] },
      { type: 'save', rule: 1, chain: [42] },
    ]) {
      assert.equal(parseFromView(bad).ok, false, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('never carries a key, even in a provider error that echoes it', () => {
    const s = state();
    s.providers[2].health = { status: 'unreachable', error: `401: Incorrect API key provided: ${KEYS.ANTHROPIC_API_KEY}` };
    const keys = loadedKeys(cfg);
    assert.ok(keys.includes(KEYS.ANTHROPIC_API_KEY) && keys.includes(KEYS.GROQ_API_KEY));
    const out = JSON.stringify(checkToView(scrubKeys({ type: 'state', state: s }, keys)));
    for (const k of keys) assert.ok(!out.includes(k), 'a key reached the message');
    assert.match(out, /REDACTED/);
    assert.ok(!JSON.stringify(state()).includes(KEYS.ANTHROPIC_API_KEY));
  });

  it('the webview accepts what the host sends and rejects the rest (parseToView, the same schema)', () => {
    const good = checkToView({ type: 'state', state: state() });
    assert.deepEqual(parseToView(good), { ok: true, message: good });
    assert.ok(parseToView({ type: 'whatIfError', rule: 1, message: 'no' }).ok);
    const bad: [unknown, RegExp][] = [
      [{ type: 'state', state: { ...(good.type === 'state' ? good.state : {}), rules: 'x' } }, /^state\.rules: /],
      [{ type: 'saved', ok: 'yes', message: 'x' }, /^ok: /],
      [{ type: 'saved', ok: true, message: 'x', html: '<img>' }, /html/],
      [{ type: 'run', code: 'alert(1)' }, /^type: /],
      [{ type: 'checking', busy: true, extra: 1 }, /extra/],
      [null, /^message: /],
    ];
    for (const [msg, where] of bad) {
      const r = parseToView(msg);
      assert.equal(r.ok, false, JSON.stringify(msg));
      if (!r.ok) assert.match(r.error, where);
    }
  });
});
