// The ledger file format: torn lines, compaction, the local-midnight rollover, privacy, feedback, reports.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Budget, type HeldReservation, type Refusal } from '../../src/core/spend/budget';
import type { SettleInput } from '../../src/core/spend/budgetPort';
import { addDays, localDay } from '../../src/core/spend/day';
import { DayLog } from '../../src/core/spend/dayLog';
import { parseLines } from '../../src/core/spend/entries';
import { Ledger } from '../../src/core/spend/ledger';
import { groupSpend } from '../../src/core/spend/summary';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'llmr-ledger-'));
  dirs.push(d);
  return d;
}

const LIMITS = { daily_budget: 10, warning_threshold: 0.8 };
const at = (y: number, mo: number, d: number, h = 12, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();
const input = (costUsd: number, meta: Partial<SettleInput['meta']> = {}): SettleInput => ({
  costUsd,
  usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 5, cacheWriteTokens: 1 },
  meta: { taskType: 'chat', complexity: 'simple', ruleId: 'r1', outcome: 'ok', ...meta },
});
function held(r: HeldReservation | Refusal): HeldReservation {
  assert.ok(!('refused' in r), JSON.stringify(r));
  return r;
}
function openBudgetAt(dir: string, clock: () => number, warnings: string[] = []) {
  const b = new Budget({ stateDir: dir, limits: LIMITS, clock, onWarning: (m) => warnings.push(m) });
  after(() => b.dispose());
  return b;
}
async function spend(b: Budget, provider: string, usd: number, meta: Partial<SettleInput['meta']> = {}) {
  const r = held(await b.reserve({ provider, model: `${provider}-m`, local: false, worstCaseUsd: usd }));
  await b.settle(r, input(usd, meta));
}

describe('ledger lines', () => {
  it('a torn last line is skipped with a warning, and a line glued onto it is recovered', async () => {
    const dir = stateDir();
    const warnings: string[] = [];
    const now = () => at(2026, 11, 25);
    const a = openBudgetAt(dir, now, warnings);
    await spend(a, 'groq', 1);
    // A crash mid-write leaves half a line at the end of the file…
    const file = a.ledger.fileOf('2026-11-25');
    appendFileSync(file, '{"kind":"settle","id":"x","ts":1,"provider":"gr');
    const b = openBudgetAt(dir, now, warnings);
    assert.equal(b.status().spentUsd, 1, 'the torn tail is not read as a line');
    // …and the next writer's line lands right after it.
    await spend(b, 'groq', 2);
    assert.equal(a.status().spentUsd, 3);
    assert.equal(b.status().spentUsd, 3);
    assert.equal(warnings.filter((w) => /\.jsonl:\d+: skipped a line that is not a valid entry \(not JSON/.test(w)).length, 2, warnings.join('\n'));
    assert.equal(new Ledger({ stateDir: dir, clock: now, onWarning: () => {} }).history('2026-11-25', '2026-11-25')[0].rows[0].requests, 2);
  });

  it('no line can poison the budget: each is checked against its schema, skipped, counted and named by file:line', async () => {
    const dir = stateDir();
    const warnings: string[] = [];
    const now = () => at(2026, 11, 25);
    const a = openBudgetAt(dir, now, warnings);
    await spend(a, 'groq', 2);
    const file = a.ledger.fileOf('2026-11-25');
    const settle = JSON.parse(readFileSync(file, 'utf8').trim().split('\n')[1]);
    const poison = [
      { ...settle, id: 'w', costUsd: 'oops' }, // wrong type: today's spend would become NaN
      { ...settle, id: 'n', costUsd: -1 }, // a dollar of headroom
      { ...settle, id: 'i', costUsd: 1e999 }, // Infinity
      { kind: 'expire', ids: null, ts: 1 }, // made every command exit 2
      { kind: 'refund', ts: 1, costUsd: 5 }, // unknown kind
      { kind: 'reservation', id: 'r', ts: 1, provider: 'groq', model: 'm', amountUsd: -9, budgetUsd: 10, expiresAt: 2, pid: 1, host: 'h' },
    ];
    appendFileSync(file, poison.map((p) => JSON.stringify(p).replace('"costUsd":null', '"costUsd":NaN')).join('\n') + '\n');
    const b = openBudgetAt(dir, now, warnings);
    const s = b.status();
    assert.equal(s.spentUsd, 2);
    assert.equal(s.reservedUsd, 0);
    assert.equal(s.skippedLines, poison.length);
    assert.equal(b.snapshot().state, 'ok');
    for (let line = 3; line < 3 + poison.length; line++) assert.ok(warnings.some((w) => w.includes(`${file}:${line}: skipped`)), `line ${line}: ${warnings.join('\n')}`);
    assert.match(warnings.find((w) => w.includes(`${file}:3:`))!, /costUsd: .*expected number/i);
    // Still enforced: 8 left of the 10.
    assert.equal((await b.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 8.5 }) as Refusal).refused, 'over budget');
    const day = new Ledger({ stateDir: dir, clock: now, onWarning: () => {} }).history('2026-11-25', '2026-11-25')[0];
    assert.equal(day.skippedLines, poison.length);
    assert.equal(day.rows[0].costUsd, 2);
  });

  it('an owner is its lease, not a pid: one in another PID namespace with the same hostname keeps its reservation while it renews', async () => {
    let now = at(2026, 11, 25, 10);
    const dir = stateDir();
    const b = openBudgetAt(dir, () => now);
    // Another container, same hostname, a pid that does not exist here: it is alive for as long as its lease runs.
    const file = b.ledger.fileOf('2026-11-25');
    mkdirSync(dirname(file), { recursive: true });
    const line = { kind: 'reservation', id: 'other.0', ts: now, provider: 'groq', model: 'm', amountUsd: 9, budgetUsd: 10, expiresAt: now + 60_000, owner: 'other', pid: 999_999, host: hostname() };
    appendFileSync(file, JSON.stringify(line) + '\n');
    assert.equal(((await b.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 2 })) as Refusal).refused, 'over budget');
    now += 50_000;
    appendFileSync(file, JSON.stringify({ kind: 'lease', owner: 'other', ts: now, until: now + 60_000 }) + '\n');
    now += 50_000; // past the first term, within the renewed one
    const held = b.status();
    assert.equal(held.reservedUsd, 9);
    assert.equal(held.spentUsd, 0);
    now += 60_000; // no renewal: the owner is gone; its worst case is charged, once
    const gone = b.status();
    assert.equal(gone.spentUsd, 9);
    assert.equal(gone.reservedUsd, 0);
  });

  it('a live owner renews its lease: its reservation outlives the first term', async () => {
    let now = at(2026, 11, 25, 10);
    const dir = stateDir();
    const a = new Budget({ stateDir: dir, limits: LIMITS, clock: () => now, leaseMs: 60_000, onWarning: () => {} });
    after(() => a.dispose());
    const c = openBudgetAt(dir, () => now);
    held(await a.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 4 }));
    now += 50_000;
    a.renewLease();
    now += 50_000;
    assert.equal(c.status().reservedUsd, 4);
    assert.equal(c.status().spentUsd, 0);
  });

  it('parseLines: garbage in the middle never stops the read', () => {
    const torn: string[] = [];
    const text = '{"kind":"release","id":"a","ts":1}\nnot json\n{"kind":"rel{"kind":"release","id":"b","ts":2}\n\n{"kind":"nope","ts":3}\n';
    const out = parseLines(text, (t) => torn.push(t.reason));
    assert.deepEqual(out.map((e) => (e.kind === 'release' ? e.id : '?')), ['a', 'b']);
    assert.equal(torn.length, 3);
  });

  it('DayLog reads only complete lines and remembers its offset', () => {
    const path = join(stateDir(), 'ledger', 'd.jsonl');
    const log = new DayLog(path);
    assert.equal(log.readNew().text, '');
    log.append('{"a":1}\n');
    appendFileSync(path, '{"b":');
    assert.equal(log.readNew().text, '{"a":1}\n');
    appendFileSync(path, '2}\n');
    assert.equal(log.readNew().text, '{"b":2}\n');
    assert.equal(log.readNew().text, '');
    log.close();
  });

  it('no prompt text and no key ever reach the state dir', async () => {
    const dir = stateDir();
    const KEY = 'sk-ant-test-key-0004-SECRET';
    const PROMPT = 'Refactor the function that parses invoices';
    const b = openBudgetAt(dir, () => at(2026, 11, 25));
    const r = held(await b.reserve({ provider: 'anthropic', model: 'm', local: false, worstCaseUsd: 0.1, prompt: PROMPT, apiKey: KEY } as never));
    // Whatever a caller smuggles into the settle input is not written: entries are built field by field.
    const smuggled = { ...input(0.05), prompt: PROMPT, messages: [{ role: 'user', content: PROMPT }], apiKey: KEY };
    (smuggled.meta as Record<string, unknown>).prompt = PROMPT;
    (smuggled.usage as unknown as Record<string, unknown>).raw = { key: KEY };
    await b.settle(r, smuggled);
    b.appendFeedback({ signal: 'retry_stronger', provider: 'anthropic', model: 'm', text: PROMPT, key: KEY } as never);
    const files = readdirSync(join(dir, 'ledger'));
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(join(dir, 'ledger', f), 'utf8');
      assert.ok(!text.includes(KEY), `${f} holds the key`);
      assert.ok(!text.includes(PROMPT), `${f} holds the prompt`);
    }
  });

  it('the state folder and files are private to the user', { skip: process.platform === 'win32' }, async () => {
    const dir = join(stateDir(), 'fresh');
    const b = openBudgetAt(dir, () => at(2026, 11, 25));
    await spend(b, 'groq', 0.1);
    assert.equal(statSync(join(dir, 'ledger')).mode & 0o077, 0);
    assert.equal(statSync(b.ledger.fileOf('2026-11-25')).mode & 0o077, 0);
  });
});

describe('days', () => {
  it('a day is a local calendar day: the budget resets at local midnight (injected clock)', async () => {
    const dir = stateDir();
    let now = at(2026, 11, 25, 23, 59, 58);
    const b = openBudgetAt(dir, () => now);
    const changes: string[] = [];
    b.onDidChange((s) => changes.push(`${s.day} ${s.spentUsd}`));
    await spend(b, 'groq', 9);
    const late = held(await b.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 0.9 }));
    assert.equal(b.snapshot().state, 'warning');
    assert.equal(late.day, '2026-11-25');
    now = at(2026, 11, 26, 0, 0, 1);
    assert.deepEqual(b.snapshot(), { state: 'ok' });
    const s = b.status();
    assert.equal(s.day, '2026-11-26');
    assert.equal(s.spentUsd, 0);
    assert.equal(s.reservedUsd, 0);
    // A call that spans midnight is booked to the day it was reserved on.
    await b.settle(late, input(0.5));
    assert.equal(b.status().spentUsd, 0);
    await spend(b, 'groq', 7);
    const days = new Ledger({ stateDir: dir, clock: () => now, onWarning: () => {} }).history('2026-11-25', '2026-11-26');
    assert.deepEqual(
      days.map((d) => [d.day, d.rows.reduce((a, r) => a + r.costUsd, 0)]),
      [
        ['2026-11-25', 9.5],
        ['2026-11-26', 7],
      ],
    );
    await new Promise((r) => setImmediate(r));
    assert.ok(changes.some((c) => c.startsWith('2026-11-26')), changes.join(', '));
  });

  it('localDay/addDays follow the local calendar, across months and years', () => {
    assert.equal(localDay(at(2026, 12, 31, 23, 59, 59)), '2026-12-31');
    assert.equal(localDay(at(2027, 1, 1, 0, 0, 0)), '2027-01-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  });

  it('old days are compacted into daily summaries; reports are the same before and after', async () => {
    const dir = stateDir();
    for (const [d, usd] of [
      [20, 1],
      [21, 2],
      [22, 3],
      [23, 4],
    ] as const) {
      const b = openBudgetAt(dir, () => at(2026, 11, d));
      await spend(b, 'groq', usd, { taskType: 'chat' });
      await spend(b, 'anthropic', usd / 2, { taskType: 'reasoning' });
      b.appendFeedback({ signal: 'retry_stronger', provider: 'groq', model: 'groq-m', taskType: 'chat', toProvider: 'anthropic' });
      b.dispose();
    }
    const files = () => readdirSync(join(dir, 'ledger')).sort();
    // Opened on the 23rd, the ledger keeps yesterday (22) and today raw and compacted the 20th and 21st.
    assert.deepEqual(files(), ['2026-11-20.summary.json', '2026-11-21.summary.json', '2026-11-22.jsonl', '2026-11-23.jsonl']);
    const before = new Ledger({ stateDir: dir, clock: () => at(2026, 11, 23), onWarning: () => {} });
    const report = before.history('2026-11-01', '2026-11-30');
    const l = new Ledger({ stateDir: dir, clock: () => at(2026, 11, 26), onWarning: () => {} });
    assert.deepEqual(files(), ['2026-11-20.summary.json', '2026-11-21.summary.json', '2026-11-22.summary.json', '2026-11-23.summary.json']);
    assert.deepEqual(l.history('2026-11-01', '2026-11-30'), report);
    assert.deepEqual(l.compact(), [], 'compacting twice is harmless');
    const byDay = groupSpend(report, 'day');
    assert.deepEqual(byDay.map((r) => [r.key, r.costUsd, r.requests]), [
      ['2026-11-20', 1.5, 2],
      ['2026-11-21', 3, 2],
      ['2026-11-22', 4.5, 2],
      ['2026-11-23', 6, 2],
    ]);
    assert.deepEqual(groupSpend(report, 'provider').map((r) => [r.key, r.costUsd]), [
      ['groq', 10],
      ['anthropic', 5],
    ]);
    assert.deepEqual(groupSpend(report, 'task').map((r) => r.key), ['chat', 'reasoning']);
    assert.deepEqual(groupSpend(report, 'model').map((r) => r.key), ['groq:groq-m', 'anthropic:anthropic-m']);
    assert.equal(report[0].rows.find((r) => r.provider === 'groq')!.inputTokens, 100);
    assert.deepEqual(report[0].feedback, [{ signal: 'retry_stronger', provider: 'groq', model: 'groq-m', taskType: 'chat', toProvider: 'anthropic', count: 1 }]);
    l.dispose();
    before.dispose();
  });

  it('a crash between writing a summary and removing the raw file is redone, not double-counted', async () => {
    const dir = stateDir();
    const b = openBudgetAt(dir, () => at(2026, 11, 20));
    await spend(b, 'groq', 2);
    b.dispose();
    const raw = readFileSync(b.ledger.fileOf('2026-11-20'), 'utf8');
    new Ledger({ stateDir: dir, clock: () => at(2026, 11, 25), onWarning: () => {} }).dispose();
    appendFileSync(b.ledger.fileOf('2026-11-20'), raw); // the raw file is back next to its summary
    const l = new Ledger({ stateDir: dir, clock: () => at(2026, 11, 25), onWarning: () => {} });
    assert.equal(existsSync(b.ledger.fileOf('2026-11-20')), false);
    assert.equal(groupSpend(l.history('2026-11-20', '2026-11-20'), 'day')[0].costUsd, 2);
    l.dispose();
  });
});
