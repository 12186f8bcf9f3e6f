// A ledger on a disk that fails, for real: a read-only file system and a full one (ENOSPC, with a settle
// torn part-way). Both are made with a small tmpfs when the tests run as root (mount needs it); otherwise
// the read-only case uses a 0555 directory and the full disk /dev/full, and the test says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Budget } from '../../src/core/spend/budget';
import type { SettleInput } from '../../src/core/spend/budgetPort';
import { localDay } from '../../src/core/spend/day';

const work = mkdtempSync(join(tmpdir(), 'llmr-disk-'));
const mounts: string[] = [];
after(() => {
  for (const m of mounts) spawnSync('umount', ['-l', m]); // lazily: a failed test may leave a descriptor open
  rmSync(work, { recursive: true, force: true });
});

/** A tmpfs of `kb` KiB, or undefined when this process may not mount one. */
function tmpfs(kb: number): string | undefined {
  const dir = mkdtempSync(join(work, 'mnt-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
const remount = (dir: string, mode: 'ro' | 'rw') => assert.equal(spawnSync('mount', ['-o', `remount,${mode}`, dir]).status, 0);

const LIMITS = { daily_budget: 1, warning_threshold: 0.8 };
const paid = (costUsd: number): SettleInput => ({
  costUsd,
  usage: { inputTokens: 100, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0 },
  meta: { taskType: 'chat', complexity: 'simple', ruleId: 'r', outcome: 'ok' },
});
const req = (worstCaseUsd: number) => ({ provider: 'anthropic', model: 'claude-sonnet-4-20250514', local: false, worstCaseUsd });
const budget = (stateDir: string, warnings: string[] = []) => new Budget({ stateDir, limits: LIMITS, retryMs: 3_600_000, onWarning: (m) => warnings.push(m) });

describe('a ledger on a failing disk', () => {
  it('read-only: paid calls refused with "spend ledger unavailable", status keeps what was spent (never $0)', async (t) => {
    const mnt = tmpfs(64);
    const stateDir = mnt ?? mkdtempSync(join(work, 'ro-'));
    t.diagnostic(mnt ? 'read-only tmpfs (mount -o remount,ro)' : 'not root: a 0555 state dir instead of a read-only mount');
    const first = budget(stateDir);
    const r = await first.reserve(req(0.2));
    assert.ok(!('refused' in r));
    await first.settle(r, paid(0.15));
    first.dispose();
    if (mnt) remount(mnt, 'ro');
    else {
      chmodSync(join(stateDir, 'ledger'), 0o555);
      chmodSync(join(stateDir, 'ledger', `${localDay(Date.now())}.jsonl`), 0o444);
    }

    const b = budget(stateDir);
    const refused = await b.reserve(req(0.1));
    assert.ok('refused' in refused && refused.refused === 'spend ledger unavailable', JSON.stringify(refused));
    assert.match(refused.detail, /EROFS|EACCES/);
    assert.match(b.snapshot().unavailable ?? '', /^spend ledger unavailable: (EROFS|EACCES)/);
    const s = b.status();
    assert.equal(s.spentUsd, 0.15);
    assert.match(s.unavailable ?? '', /spend ledger unavailable/);
    const local = await b.reserve({ ...req(0), local: true });
    assert.ok(!('refused' in local), 'local calls still run');
    b.dispose();
    if (mnt) remount(mnt, 'rw');
  });

  it('full (ENOSPC): a settle torn part-way is kept in memory, paid calls wait, and it lands once there is room', async (t) => {
    const mnt = tmpfs(16);
    const stateDir = mnt ?? mkdtempSync(join(work, 'full-'));
    const warnings: string[] = [];
    const b = budget(stateDir, warnings);
    const other = budget(stateDir);
    const held = await b.reserve(req(0.3));
    assert.ok(!('refused' in held));
    const file = b.ledger.fileOf(localDay(Date.now()));
    let filler: string | undefined;
    if (mnt) {
      t.diagnostic('a 16 KiB tmpfs, filled up: the settle line is torn part-way by ENOSPC');
      // Valid lines up to 60 bytes before the end of the file's page, so the settle line crosses it.
      for (;;) {
        const gap = 4096 - (statSync(file).size % 4096) - 60;
        if (gap < 70) break;
        const pad = 'p'.repeat(Math.min(200, gap - 50));
        const line = JSON.stringify({ kind: 'lease', owner: pad, ts: 1, until: 1 }) + '\n';
        appendFileSync(file, line.length <= gap ? line : JSON.stringify({ kind: 'lease', owner: pad.slice(0, pad.length - (line.length - gap)), ts: 1, until: 1 }) + '\n');
      }
      filler = join(mnt, 'filler');
      try {
        for (;;) appendFileSync(filler, Buffer.alloc(4096));
      } catch (err) {
        assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
      }
    } else {
      t.diagnostic('not root: the day file is a link to /dev/full (ENOSPC on every write; no torn write, no recovery)');
      unlinkSync(file);
      symlinkSync('/dev/full', file);
    }

    await b.settle(held as never, paid(0.25));
    assert.equal(b.unwritten, 1, 'the settle is kept');
    assert.ok(warnings.some((w) => /a settle is kept in memory and retried: ENOSPC/.test(w)), warnings.join('\n'));
    assert.match(b.snapshot().unavailable ?? '', /^spend ledger unavailable: ENOSPC/);
    const refused = await b.reserve(req(0.1));
    assert.ok('refused' in refused && refused.refused === 'spend ledger unavailable');
    // Another process still counts the reservation's worst case: nothing is lost meanwhile.
    if (mnt) assert.equal(other.status().reservedUsd, 0.3);
    if (!filler) return;

    unlinkSync(filler);
    assert.equal(b.snapshot().unavailable, undefined);
    assert.equal(b.unwritten, 0);
    for (const x of [b, other]) {
      const s = x.status();
      assert.equal(s.spentUsd, 0.25);
      assert.equal(s.reservedUsd, 0);
      assert.equal(s.skippedLines, 1, 'the torn fragment is skipped, named in a warning');
    }
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.ok(lines.some((l) => l.startsWith('{"kind":"settle"') && l.endsWith('}')), 'the settle line is whole');
    b.dispose();
    other.dispose();
  });

  it('a state dir that cannot be created: reserve refuses, status throws "spend ledger unavailable"', async () => {
    const file = join(work, 'plain-file');
    writeFileSync(file, '');
    const b = budget(join(file, 'state'));
    const r = await b.reserve(req(0.1));
    assert.ok('refused' in r && r.refused === 'spend ledger unavailable');
    assert.match(b.snapshot().unavailable ?? '', /^spend ledger unavailable: ENOTDIR/);
    assert.throws(() => b.status(), { name: 'LedgerUnavailableError', message: /^spend ledger unavailable: ENOTDIR/ });
    b.dispose();
  });
});
