// The money promise on every path, with real `llm-router` processes against the fake provider server:
// a premium provider behind a loopback proxy under a $0.004 budget, a poisoned ledger, an unusable state
// dir, and a process stopped by SIGTERM/SIGHUP or killed with -9 in the middle of a stream.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { localDay } from '../../src/core/spend/day';
import { parseLines } from '../../src/core/spend/entries';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { buildCli, killRunning, runCli, type CliRun } from './helpers/cli';

const work = mkdtempSync(join(tmpdir(), 'llmr-money-'));
const KEY = 'sk-ant-TEST-money-paths-0001';
const BUDGET = 0.004;
const REPLY = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');
let CLI = '';
let CONFIG = '';
let srv: FakeProvider;

before(async () => {
  CLI = await buildCli(work);
  srv = await startFakeProvider('all', { text: REPLY, chunks: 16 });
  CONFIG = join(work, 'proxy.yaml');
  // The seed's shape in front of a proxy on this machine: anthropic in `premium`, base_url on 127.0.0.1.
  writeFileSync(
    CONFIG,
    [
      'providers:',
      '  local:',
      `    ollama: { base_url: "${srv.url}", default_model: "llama3.1:8b" }`,
      '  premium:',
      `    anthropic: { base_url: "${srv.url}", api_key: "\${ANTHROPIC_API_KEY}", default_model: "claude-sonnet-4-20250514" }`,
      'routing_rules:',
      '  reasoning:',
      '    complex: ["anthropic"]',
      'fallback_chain: ["ollama"]',
      'cost_limits:',
      `  daily_budget: ${BUDGET}`,
      '',
    ].join('\n'),
  );
});
after(async () => {
  killRunning();
  await srv?.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => srv.reset());

const ENV = { ANTHROPIC_API_KEY: KEY };
const newStateDir = () => mkdtempSync(join(work, 'state-'));
const complete = (stateDir: string, extra: string[] = [], onStart?: Parameters<typeof runCli>[3], env: Record<string, string> = {}) =>
  runCli(
    CLI,
    ['complete', '--config', CONFIG, '--state-dir', stateDir, '--task', 'reasoning', '--complexity', 'complex', '--max-tokens', '100', ...extra, 'Design a lock-free ring buffer'],
    { ...ENV, ...env },
    onStart,
  );
const budgetJson = async (stateDir: string, env: Record<string, string> = {}) => {
  const r = await runCli(CLI, ['budget', '--config', CONFIG, '--state-dir', stateDir, '--json'], { ...ENV, ...env });
  return { r, status: r.code === 0 || r.out ? (JSON.parse(r.out) as { spentUsd: number; reservedUsd: number; requests: number; skippedLines: number }) : undefined };
};
const ledgerLines = (stateDir: string) =>
  readdirSync(join(stateDir, 'ledger'))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(stateDir, 'ledger', f), 'utf8').split('\n').filter(Boolean));
const settled = (stateDir: string) =>
  parseLines(ledgerLines(stateDir).join('\n') + '\n', () => undefined).reduce((a, e) => a + (e.kind === 'settle' ? e.costUsd : 0), 0);
/** Polls a condition (the deadline only stops a hung test). */
async function until(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((res) => setTimeout(res, 20));
  }
}
const cloudCalls = () => srv.log.filter((e) => e.flavor === 'anthropic').length;

describe('a premium provider behind a loopback proxy, $0.004 a day', () => {
  it('10 sequential requests settle no more than $0.004', async (t) => {
    const dir = newStateDir();
    const runs: CliRun[] = [];
    for (let i = 0; i < 10; i++) runs.push(await complete(dir));
    assert.ok(runs.every((r) => r.code === 0), runs.map((r) => r.err).join('\n'));
    const spent = settled(dir);
    t.diagnostic(`10 sequential: settled $${spent.toFixed(6)} of $${BUDGET}; ${cloudCalls()} reached the paid provider, the rest answered locally`);
    assert.ok(spent > 0 && spent <= BUDGET, `settled ${spent}`);
    assert.ok(runs.some((r) => /skipped anthropic \(over budget\)|anthropic \S+ skipped: over budget/.test(r.err)), 'the budget stopped the paid provider');
    assert.ok(runs.every((r) => !/free, local/.test(r.err.split('\n')[0])), 'a priced decision called "free, local"');
  });

  it('20 parallel requests settle no more than $0.004', async (t) => {
    const dir = newStateDir();
    const runs = await Promise.all(Array.from({ length: 20 }, () => complete(dir)));
    assert.ok(runs.every((r) => r.code === 0), runs.map((r) => r.err).join('\n'));
    const spent = settled(dir);
    t.diagnostic(`20 parallel: settled $${spent.toFixed(6)} of $${BUDGET}; ${cloudCalls()} reached the paid provider`);
    assert.ok(spent > 0 && spent <= BUDGET, `settled ${spent}`);
  });
});

describe('a ledger with poisoned lines', () => {
  it('keeps the budget, names each bad line, and every command still answers', async () => {
    const dir = newStateDir();
    assert.equal((await complete(dir)).code, 0);
    const before = settled(dir);
    const file = join(dir, 'ledger', `${localDay(Date.now())}.jsonl`);
    const good = JSON.parse(ledgerLines(dir).find((l) => l.includes('"settle"'))!);
    const poison = [
      { ...good, id: 'p1', costUsd: 'oops' },
      { ...good, id: 'p2', costUsd: -1 },
      { kind: 'expire', ids: null, ts: Date.now() },
      { kind: 'refund', ts: Date.now(), costUsd: 5 },
      { ...good, id: 'p3', usage: null },
    ];
    appendFileSync(file, poison.map((p) => JSON.stringify(p)).join('\n') + '\n{"kind":"settle","costUsd":NaN}\n');
    const firstBad = readFileSync(file, 'utf8').split('\n').filter(Boolean).length - poison.length;

    const { r, status } = await budgetJson(dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(status!.skippedLines, 6);
    assert.ok(Math.abs(status!.spentUsd - before) < 1e-9, `spent ${status!.spentUsd} vs ${before}`);
    assert.match(r.err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${firstBad}: skipped a line that is not a valid entry \\(costUsd`));

    const commands = [
      ['budget'],
      ['spend', '--json'],
      ['spend'],
      ['route', '--task', 'chat'],
      ['rules'],
      ['config', 'check', CONFIG],
      ['eval', '--feedback'],
    ];
    for (const c of commands) {
      const res = await runCli(CLI, [...c, ...(['config', 'spend'].includes(c[0]) ? [] : ['--config', CONFIG]), ...(['budget', 'spend', 'eval'].includes(c[0]) ? ['--state-dir', dir] : [])], ENV);
      assert.equal(res.code, 0, `${c.join(' ')}: exit ${res.code}\n${res.err}`);
    }
    const spend = JSON.parse((await runCli(CLI, ['spend', '--json', '--state-dir', dir], ENV)).out);
    assert.equal(spend.skippedLines, 6);
    // A paid request still fits only what the budget allows, and local work goes on.
    for (let i = 0; i < 4; i++) assert.equal((await complete(dir)).code, 0);
    assert.ok(settled(dir) <= BUDGET, `settled ${settled(dir)}`);
  });
});

describe('a ledger that cannot be used: closed for money, open for local work', () => {
  it('a day file that is a directory: paid targets skipped ("spend ledger unavailable"), local answers, budget exits 1', async () => {
    const dir = newStateDir();
    mkdirSync(join(dir, 'ledger', `${localDay(Date.now())}.jsonl`), { recursive: true });
    const r = await complete(dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /skipped anthropic \(spend ledger unavailable: EISDIR/);
    assert.match(r.err, /^done: ollama:/m);
    assert.equal(cloudCalls(), 0);
    const b = await runCli(CLI, ['budget', '--config', CONFIG, '--state-dir', dir], ENV);
    assert.equal(b.code, 1);
    assert.match(b.err, /spend ledger unavailable: EISDIR/);
    assert.doesNotMatch(b.out, /\$0\.00/);
  });

  it('a state dir that is a file: the same', async () => {
    const file = join(newStateDir(), 'not-a-dir');
    writeFileSync(file, '');
    const r = await complete(file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /spend ledger unavailable: ENOTDIR/);
    assert.equal(cloudCalls(), 0);
    const b = await runCli(CLI, ['budget', '--config', CONFIG, '--state-dir', file], ENV);
    assert.equal(b.code, 1);
    assert.match(b.err, /spend ledger unavailable/);
  });
});

describe('a process stopped mid-stream leaves its cost in `budget --json`', () => {
  /** Starts a request on a slow stream and, once some chunks have gone out, sends `signal`. */
  async function stopMidStream(dir: string, signal: NodeJS.Signals, env: Record<string, string> = {}) {
    srv.setDefaults({ chunkDelayMs: 200, chunks: 40 });
    const seen = srv.log.length;
    return complete(
      dir,
      [],
      (p) => {
        void until(() => srv.log.slice(seen).some((e) => e.flavor === 'anthropic' && e.chunksSent >= 3)).then(() => p.kill(signal));
      },
      env,
    );
  }

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} settles what streamed, as an estimate, like Ctrl-C`, async (t) => {
      const dir = newStateDir();
      const r = await stopMidStream(dir, signal);
      assert.equal(r.code, code, r.err);
      const { status } = await budgetJson(dir);
      const settle = ledgerLines(dir).map((l) => JSON.parse(l)).find((e) => e.kind === 'settle');
      t.diagnostic(`${signal}: budget --json spent $${status!.spentUsd.toFixed(6)} (settle estimated: ${settle?.estimated}), reserved $${status!.reservedUsd}`);
      assert.ok(status!.spentUsd > 0);
      assert.equal(status!.reservedUsd, 0);
      assert.equal(settle.estimated, true);
      assert.equal(settle.outcome, 'cancelled');
    });
  }

  it('kill -9: the worst case stays reserved while the lease runs, then is charged (never $0)', async (t) => {
    // The default lease (60 s): right after the kill, the request's worst case is still reserved.
    const held = newStateDir();
    assert.equal((await stopMidStream(held, 'SIGKILL')).signal, 'SIGKILL');
    const worst = ledgerLines(held).map((l) => JSON.parse(l)).find((e) => e.kind === 'reservation').amountUsd;
    const now = (await budgetJson(held)).status!;
    assert.equal(now.reservedUsd, worst);
    // A short lease: once it runs out, the reservation is settled at its worst case, marked estimated.
    const dir = newStateDir();
    const LEASE = { LLM_ROUTER_LEASE_MS: '600' };
    assert.equal((await stopMidStream(dir, 'SIGKILL', LEASE)).signal, 'SIGKILL');
    const amount = ledgerLines(dir).map((l) => JSON.parse(l)).find((e) => e.kind === 'reservation').amountUsd;
    let status = (await budgetJson(dir)).status!;
    const deadline = Date.now() + 30_000; // polled: the lease running out is the event; the deadline stops a hung test
    while (status.spentUsd < amount && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 100));
      status = (await budgetJson(dir)).status!;
    }
    t.diagnostic(`kill -9: right after, budget --json reserved $${now.reservedUsd} (worst case $${worst}); once the lease ran out, spent $${status.spentUsd}, reserved $${status.reservedUsd}`);
    assert.equal(status.spentUsd, amount);
    assert.equal(status.reservedUsd, 0);
    const settle = ledgerLines(dir).map((l) => JSON.parse(l)).find((e) => e.kind === 'settle');
    assert.equal(settle.estimated, true);
  });
});
