// The money side's cost per request: reservations + settlements per second (1 and 8 requesters in one
// process), the cross-process append rate, the ledger's added latency per request (p50/p99, alone and while
// other processes write), snapshot() for decide(), and a peer: the same critical section under
// proper-lockfile. Goal: the ledger never becomes the bottleneck of a request.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import lockfile from 'proper-lockfile';
import { Budget } from '../src/core/spend/budget';
import type { SettleInput } from '../src/core/spend/budgetPort';
import { percentile, sortedCopy, type BenchRow } from './lib';

const LIMITS = { daily_budget: 1e9, warning_threshold: 0.8 };
const INPUT: SettleInput = {
  costUsd: 0.0001,
  usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
  meta: { taskType: 'code_generation', complexity: 'medium', ruleId: 'bench', outcome: 'ok', latencyMs: 850 },
};
const REQ = { provider: 'bench-cloud', model: 'bench-model-large', local: false, worstCaseUsd: 0.002 };
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function requesters(budget: Budget, n: number, perRequester: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = 0; i < perRequester; i++) {
        const r = await budget.reserve(REQ);
        if ('refused' in r) throw new Error(r.detail);
        await new Promise((res) => setImmediate(res)); // the call in flight: other requesters interleave
        await budget.settle(r, INPUT);
      }
    }),
  );
  return (n * perRequester) / (ms(t0) / 1000);
}

/** Per-request time spent in the ledger: reserve + settle, measured around the synchronous work. */
async function latency(budget: Budget, n: number, pauseMs = 0): Promise<Float64Array> {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = budget.reserveNow(REQ);
    if ('refused' in r) throw new Error(r.detail);
    budget.settleNow(r, INPUT);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (pauseMs) await new Promise((res) => setTimeout(res, pauseMs));
  }
  return sortedCopy(samples);
}

const CHILD = (root: string) => `
import { Budget } from ${JSON.stringify(join(root, 'src', 'core', 'spend', 'budget'))};
const [stateDir, count, pauseMs] = process.argv.slice(2);
const pause = Number(pauseMs);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b = new Budget({ stateDir, limits: { daily_budget: 1e9, warning_threshold: 0.8 } });
const input = { costUsd: 0.0001, usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
  meta: { taskType: 'chat', complexity: 'simple', ruleId: 'bench', outcome: 'ok' as const } };
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const t0 = Date.now();
  for (let i = 0; i < Number(count); i++) {
    const r = b.reserveNow({ provider: 'bench-cloud', model: 'm', local: false, worstCaseUsd: 0.002 });
    if ('refused' in r) throw new Error(r.detail);
    b.settleNow(r, input);
    if (pause) await sleep(pause);
  }
  process.stdout.write(JSON.stringify({ t0, t1: Date.now(), lines: 2 * Number(count) }) + '\\n');
  process.exit(0);
});
`;

interface Writers {
  go(): void;
  done: Promise<{ t0: number; t1: number; lines: number }[]>;
}

/** `processes` writers doing `count` reserve+settle each, pausing `pauseMs` between (0: flat out). */
async function startWriters(work: string, stateDir: string, processes: number, count: number, pauseMs: number): Promise<Writers> {
  const src = join(work, 'writer.ts');
  writeFileSync(src, CHILD(join(__dirname, '..')));
  buildSync({ entryPoints: [src], bundle: true, platform: 'node', format: 'cjs', outfile: join(work, 'writer.js'), logLevel: 'error' });
  const kids = Array.from({ length: processes }, () => spawn(process.execPath, [join(work, 'writer.js'), stateDir, String(count), String(pauseMs)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lineOf = (k: (typeof kids)[number]) =>
    new Promise<string>((res) => {
      let buf = '';
      const on = (d: Buffer) => {
        buf += d.toString();
        const i = buf.indexOf('\n');
        if (i < 0) return;
        k.stdout!.off('data', on);
        res(buf.slice(0, i));
      };
      k.stdout!.on('data', on);
    });
  await Promise.all(kids.map(lineOf));
  return {
    go: () => kids.forEach((k) => k.stdin!.write('go\n')),
    done: Promise.all(kids.map(async (k) => JSON.parse(await lineOf(k)))),
  };
}

/** The peer: the same "check, then append" under a proper-lockfile lock (mkdir-based, with stale detection). */
async function lockedReserves(dir: string, n: number, perRequester: number): Promise<number> {
  const file = join(dir, 'locked.jsonl');
  writeFileSync(file, '');
  const line = JSON.stringify({ kind: 'reservation', id: 'x', ts: Date.now(), provider: REQ.provider, model: REQ.model, amountUsd: 0.002 }) + '\n';
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = 0; i < perRequester; i++) {
        const release = await lockfile.lock(file, { realpath: false, stale: 10_000, retries: { retries: 1000, minTimeout: 1, maxTimeout: 5, factor: 1.2 } });
        appendFileSync(file, line);
        await release();
      }
    }),
  );
  return (n * perRequester) / (ms(t0) / 1000);
}

export async function run(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'llmr-bench-spend-'));
  const rows: BenchRow[] = [];
  const B = 'spend';
  try {
    const one = new Budget({ stateDir: join(work, 'one'), limits: LIMITS });
    await requesters(one, 1, 2000); // warm up
    const rate1 = await requesters(one, 1, 20_000);
    one.dispose();
    const eight = new Budget({ stateDir: join(work, 'eight'), limits: LIMITS });
    const rate8 = await requesters(eight, 8, 2500);
    eight.dispose();
    const locked1 = await lockedReserves(work, 1, 300);
    const locked8 = await lockedReserves(work, 8, 60);
    rows.push(
      { bench: B, metric: 'reserve+settle per second, 1 requester', value: rate1, unit: '/s', ratio: rate1 / locked1, note: 'ratio: vs. proper-lockfile' },
      { bench: B, metric: 'reserve+settle per second, 8 requesters', value: rate8, unit: '/s', ratio: rate8 / locked8, note: 'ratio: vs. proper-lockfile' },
      { bench: B, metric: 'peer: lock+append+unlock per second under proper-lockfile, 1 requester', value: locked1, unit: '/s' },
      { bench: B, metric: 'peer: lock+append+unlock per second under proper-lockfile, 8 requesters', value: locked8, unit: '/s' },
    );

    const alone = new Budget({ stateDir: join(work, 'alone'), limits: LIMITS });
    await latency(alone, 2000);
    const quiet = await latency(alone, 20_000);
    const snaps = new Float64Array(50_000);
    for (let i = 0; i < snaps.length; i++) {
      const t0 = process.hrtime.bigint();
      alone.snapshot();
      snaps[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    const snap = sortedCopy(snaps);
    alone.dispose();
    rows.push(
      { bench: B, metric: 'ledger time per request (reserve+settle) p50', value: percentile(quiet, 50), unit: 'µs' },
      { bench: B, metric: 'ledger time per request (reserve+settle) p99', value: percentile(quiet, 99), unit: 'µs', goal: '≤ 1000 µs' },
      { bench: B, metric: 'snapshot() for decide() p50', value: percentile(snap, 50), unit: 'µs' },
      { bench: B, metric: 'snapshot() for decide() p99', value: percentile(snap, 99), unit: 'µs' },
    );

    // The append rate: four processes writing flat out to one ledger.
    const flat = await startWriters(work, join(work, 'flat'), 4, 10_000, 0);
    flat.go();
    const runs = await flat.done;
    const lines = runs.reduce((a, r) => a + r.lines, 0);
    const span = (Math.max(...runs.map((r) => r.t1)) - Math.min(...runs.map((r) => r.t0))) / 1000;
    // This process's requests while four others keep writing (~1600 requests/s in all, far beyond a team's
    // real load), paced so that CPU starvation on a small machine does not pass for ledger cost.
    const shared = join(work, 'shared');
    const me = new Budget({ stateDir: shared, limits: LIMITS });
    const paced = await startWriters(work, shared, 4, 1200, 2);
    paced.go();
    const busy = await latency(me, 2000, 1);
    await paced.done;
    me.dispose();
    rows.push(
      { bench: B, metric: 'cross-process append rate (4 processes flat out)', value: lines / span, unit: 'lines/s' },
      { bench: B, metric: 'ledger time per request p50, while 4 processes write', value: percentile(busy, 50), unit: 'µs' },
      { bench: B, metric: 'ledger time per request p99, while 4 processes write', value: percentile(busy, 99), unit: 'µs', goal: '≤ 1000 µs' },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
