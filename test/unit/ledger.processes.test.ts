// The ledger across real processes: separate node processes share one state dir, as VS Code windows and CLI
// runs do. The child script is bundled once with esbuild (4× faster to start than tsx on a small machine).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { Budget } from '../../src/core/spend/budget';
import { parseLines, type LedgerEntry } from '../../src/core/spend/entries';
import { ROOT } from './helpers/config';

const work = mkdtempSync(join(tmpdir(), 'llmr-procs-'));
const CHILD = join(work, 'child.js');
after(() => rmSync(work, { recursive: true, force: true }));

const CHILD_SOURCE = `
import { Budget } from ${JSON.stringify(join(ROOT, 'src', 'core', 'spend', 'budget'))};
const [mode, stateDir, budgetUsd, worst, count, concurrency] = process.argv.slice(2);
const budget = new Budget({ stateDir, limits: { daily_budget: Number(budgetUsd), warning_threshold: 0.8 }, leaseMs: Number(process.env.LEASE_MS) || undefined });
const input = (costUsd: number) => ({
  costUsd,
  usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
  meta: { taskType: 'chat', complexity: 'simple', ruleId: 'child', outcome: 'ok' as const },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// A child never outlives a failed test for long (the parent kills it in \`after\`; this is the backstop).
setTimeout(() => process.exit(3), 600_000).unref();
async function main() {
  if (mode === 'hold') {
    const r = await budget.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: Number(worst) });
    process.stdout.write(('refused' in r ? 'refused' : 'held') + '\\n');
    await sleep(600_000); // held until the test kills it
    return;
  }
  process.stdout.write('ready\\n');
  await new Promise((r) => process.stdin.once('data', r));
  let accepted = 0;
  let refused = 0;
  let next = 0;
  const worker = async () => {
    while (next < Number(count)) {
      next++;
      const r = await budget.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: Number(worst) });
      if ('refused' in r) { refused++; continue; }
      accepted++;
      await sleep(Math.random() * 3);
      await budget.settle(r, input(Number(worst)));
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  process.stdout.write(JSON.stringify({ accepted, refused }) + '\\n');
  budget.dispose();
  process.stdin.destroy();
}
main();
`;

before(() => {
  writeFileSync(join(work, 'child.ts'), CHILD_SOURCE);
  buildSync({ entryPoints: [join(work, 'child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: CHILD, logLevel: 'error' });
});

interface Child {
  proc: ChildProcess;
  /** Resolves with each stdout line as it arrives. */
  line(): Promise<string>;
  exit: Promise<number | null>;
}

const started: ChildProcess[] = [];
after(() => started.forEach((p) => p.exitCode === null && p.signalCode === null && p.kill('SIGKILL')));

function child(args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  started.push(proc);
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  const exit = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  return { proc, exit, line: () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise((res) => waiting.push(res))) };
}

function entries(stateDir: string): { entries: LedgerEntry[]; torn: number; lines: number } {
  const dir = join(stateDir, 'ledger');
  let torn = 0;
  let lines = 0;
  const all: LedgerEntry[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    assert.ok(text.endsWith('\n'), `${f} ends mid-line`);
    lines += text.split('\n').length - 1;
    all.push(...parseLines(text, () => torn++));
  }
  return { entries: all, torn, lines };
}

async function race(stateDir: string, processes: number, args: string[]) {
  const kids = Array.from({ length: processes }, () => child(['race', stateDir, ...args]));
  for (const k of kids) assert.equal(await k.line(), 'ready');
  for (const k of kids) k.proc.stdin!.write('go\n');
  const results = await Promise.all(kids.map(async (k) => JSON.parse(await k.line()) as { accepted: number; refused: number }));
  for (const k of kids) assert.equal(await k.exit, 0);
  return results;
}

describe('ledger across processes', () => {
  it('20 processes in parallel against budget B settle no more than B', async () => {
    const dir = mkdtempSync(join(work, 'state-'));
    const B = 1;
    const worst = 0.03;
    const results = await race(dir, 20, [String(B), String(worst), '10', '3']);
    const accepted = results.reduce((a, r) => a + r.accepted, 0);
    const { entries: lines, torn } = entries(dir);
    const spent = lines.filter((e) => e.kind === 'settle').reduce((a, e) => a + (e.kind === 'settle' ? e.costUsd : 0), 0);
    assert.equal(torn, 0);
    assert.ok(spent <= B + 1e-9, `spent ${spent} > ${B}`);
    // Every settle books its full worst case, so exactly ⌊B / worst⌋ of the 200 requests can fit.
    assert.equal(accepted, Math.floor(B / worst));
    assert.ok(results.filter((r) => r.accepted > 0).length > 1, 'only one process got anything: no real race');
  });

  it('two processes × 200 requests lose or tear no line', async () => {
    const dir = mkdtempSync(join(work, 'state-'));
    const results = await race(dir, 2, ['1000', '0.001', '200', '4']);
    assert.deepEqual(results, [{ accepted: 200, refused: 0 }, { accepted: 200, refused: 0 }]);
    const { entries: lines, torn, lines: count } = entries(dir);
    assert.equal(torn, 0);
    assert.equal(count, 800);
    const ids = lines.filter((e) => e.kind === 'reservation').map((e) => (e.kind === 'reservation' ? e.id : ''));
    assert.equal(new Set(ids).size, 400);
    const settled = new Set(lines.filter((e) => e.kind === 'settle').map((e) => (e.kind === 'settle' ? e.id : '')));
    assert.deepEqual([...settled].sort(), [...ids].sort());
  });

  it('a process killed with -9: its reservation holds, then, once its lease runs out, is settled at its worst case (never $0)', async () => {
    const dir = mkdtempSync(join(work, 'state-'));
    const LEASE = 400;
    const me = new Budget({ stateDir: dir, limits: { daily_budget: 1, warning_threshold: 0.8 }, leaseMs: LEASE, onWarning: () => {} });
    after(() => me.dispose());
    const k = child(['hold', dir, '1', '0.7'], { LEASE_MS: String(LEASE) });
    assert.equal(await k.line(), 'held');
    const r1 = await me.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 0.5 });
    assert.ok('refused' in r1 && r1.refused === 'over budget');
    k.proc.kill('SIGKILL');
    await k.exit;
    // Waits for the lease to run out (an event, polled; the timeout only stops a hung test).
    const deadline = Date.now() + 30_000;
    while (me.status().spentUsd < 0.7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const s = me.status();
    assert.equal(s.spentUsd, 0.7);
    assert.equal(s.reservedUsd, 0);
    const settle = entries(dir).entries.find((e) => e.kind === 'settle');
    assert.ok(settle && settle.kind === 'settle' && settle.estimated && settle.costUsd === 0.7, JSON.stringify(settle));
    const r2 = await me.reserve({ provider: 'groq', model: 'm', local: false, worstCaseUsd: 0.5 });
    assert.ok('refused' in r2, 'the dead process\'s worst case still counts');
  });
});
