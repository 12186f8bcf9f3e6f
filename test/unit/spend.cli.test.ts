// `llm-router spend` and `llm-router budget`, run in-process against a state dir written by Budget.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { Budget } from '../../src/core/spend/budget';
import { localDay } from '../../src/core/spend/day';
import { ALL_KEYS, SHIPPED } from './helpers/config';

const DAY = 24 * 3600 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'llmr-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  let out = '';
  let err = '';
  const code = await run(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    signal: new AbortController().signal,
    env: { ...ALL_KEYS, LLM_ROUTER_CONFIG: SHIPPED, ...env },
    cwd: dir,
  });
  return { code, out, err };
}

const LIMITS = { daily_budget: 10, warning_threshold: 0.8, provider_limits: { anthropic: { daily: 5, per_request: 0.5 } } };
async function record(when: number, provider: string, model: string, usd: number, taskType: string, estimated = false) {
  const b = new Budget({ stateDir: dir, limits: LIMITS, clock: () => when, onWarning: () => {} });
  const r = await b.reserve({ provider, model, local: false, worstCaseUsd: usd });
  assert.ok(!('refused' in r));
  await b.settle(r, {
    costUsd: usd,
    usage: { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 10, cacheWriteTokens: 0, estimated },
    meta: { taskType, complexity: 'simple', ruleId: 'r', outcome: estimated ? 'cut' : 'ok' },
  });
  b.dispose();
}

let live: Budget;
before(async () => {
  const now = Date.now();
  await record(now - 20 * DAY, 'groq', 'llama-3.3-70b-versatile', 5, 'chat');
  await record(now - DAY, 'groq', 'llama-3.3-70b-versatile', 0.5, 'chat');
  await record(now, 'anthropic', 'claude-sonnet-4-20250514', 0.25, 'reasoning', true);
  await record(now, 'groq', 'llama-3.1-8b-instant', 0.125, 'chat');
  live = new Budget({ stateDir: dir, limits: LIMITS, onWarning: () => {} });
  const held = await live.reserve({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', local: false, worstCaseUsd: 0.3 });
  assert.ok(!('refused' in held));
});
after(() => live.dispose());

describe('llm-router spend', () => {
  it('--json: by provider over the last 7 local days (older days left out)', async () => {
    const r = await cli(['spend', '--state-dir', dir, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.days, 7);
    assert.equal(j.to, localDay(Date.now()));
    assert.deepEqual(j.rows.map((x: { key: string; costUsd: number }) => [x.key, x.costUsd]), [
      ['groq', 0.625],
      ['anthropic', 0.25],
    ]);
    assert.equal(j.total.costUsd, 0.875);
    assert.equal(j.total.requests, 3);
    assert.equal(j.total.estimated, 1);
  });

  it('--by day|model|task and --days N', async () => {
    const byDay = JSON.parse((await cli(['spend', '--state-dir', dir, '--by', 'day', '--days', '30', '--json'])).out);
    assert.equal(byDay.rows.length, 3);
    assert.equal(byDay.total.costUsd, 5.875);
    assert.deepEqual(byDay.rows.map((x: { key: string }) => x.key), [...byDay.rows.map((x: { key: string }) => x.key)].sort());
    const byModel = JSON.parse((await cli(['spend', '--state-dir', dir, '--by', 'model', '--days', '1', '--json'])).out);
    assert.deepEqual(byModel.rows.map((x: { key: string }) => x.key), ['anthropic:claude-sonnet-4-20250514', 'groq:llama-3.1-8b-instant']);
    const byTask = JSON.parse((await cli(['spend', '--by', 'task', '--json'], { LLM_ROUTER_STATE_DIR: dir })).out);
    assert.deepEqual(byTask.rows.map((x: { key: string }) => x.key), ['chat', 'reasoning']);
  });

  it('prints a table with a total line', async () => {
    const r = await cli(['spend', '--state-dir', dir]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^provider\s+requests\s+cost\s+input\s+output\s+cache\s+estimated$/m);
    assert.match(r.out, /^groq\s+2\s+\$0\.6250\s+2000\s+200\s+20$/m);
    assert.match(r.out, /^anthropic\s+1\s+\$0\.2500\s+1000\s+100\s+10\s+1$/m);
    assert.match(r.out, /^total\s+3\s+\$0\.8750/m);
  });

  it('exit 1 with one clear message for bad flags', async () => {
    const days = await cli(['spend', '--days', '0', '--state-dir', dir]);
    assert.equal(days.code, 1);
    assert.match(days.err, /--days expects a whole number ≥ 1/);
    const by = await cli(['spend', '--by', 'week', '--state-dir', dir]);
    assert.equal(by.code, 1);
    assert.match(by.err, /--by must be one of provider, model, task, day/);
    assert.equal((await cli(['spend', '--nope'])).code, 1);
  });
});

describe('llm-router budget', () => {
  it('--json: today spent, reserved and remaining, overall and per provider, with the limits in force', async () => {
    const r = await cli(['budget', '--state-dir', dir, '--config', SHIPPED, '--json']);
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.day, localDay(Date.now()));
    assert.equal(s.state, 'ok');
    assert.equal(s.budgetUsd, 10);
    assert.equal(s.warningThreshold, 0.8);
    assert.equal(s.spentUsd, 0.375);
    assert.equal(s.reservedUsd, 0.3);
    assert.equal(s.remainingUsd, 9.325);
    const a = s.providers.find((p: { provider: string }) => p.provider === 'anthropic');
    assert.deepEqual(
      [a.spentUsd, a.reservedUsd, a.dailyLimitUsd, a.remainingUsd, a.perRequestUsd],
      [0.25, 0.3, 5, 4.45, 0.5],
    );
    assert.ok(s.providers.some((p: { provider: string; dailyLimitUsd: number }) => p.provider === 'openai' && p.dailyLimitUsd === 5));
  });

  it('prints the numbers a person needs', async () => {
    const r = await cli(['budget', '--state-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^budget\s+\$10\.00 a day, warning at 80% \(\$8\.00\), per request no limit$/m);
    assert.match(r.out, /^remaining\s+\$9\.32$/m);
    assert.match(r.out, /^anthropic\s+\$0\.2500\s+\$0\.3000\s+\$5\.00\s+\$4\.45\s+\$0\.5000$/m);
  });

  it('an empty state dir: zeros, exit 0, and nothing created', async () => {
    const empty = join(dir, 'never-used');
    const r = await cli(['budget', '--state-dir', empty, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).spentUsd, 0);
    assert.equal((await cli(['spend', '--state-dir', empty])).code, 0);
    assert.equal(existsSync(empty), false);
  });

  it('a bad config is a user error (exit 1)', async () => {
    const r = await cli(['budget', '--state-dir', dir, '--config', join(dir, 'missing.yaml')]);
    assert.equal(r.code, 1, r.out + r.err);
  });
});
