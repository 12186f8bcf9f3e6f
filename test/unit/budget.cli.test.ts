// The budget across real CLI processes: 20 `llm-router complete --state-dir DIR` runs in parallel against the
// fake provider servers settle no more than the daily budget, and the ledger holds no prompt and no key.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLines, type SettleEntry } from '../../src/core/spend/entries';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { buildCli } from './helpers/cli';

const work = mkdtempSync(join(tmpdir(), 'llmr-cli-budget-'));
let CLI = '';
const KEY = 'sk-ant-test-key-cli-budget-0001';
const PROMPT = 'Summarize the quarterly invoice ledger for ACME';
const BUDGET = 0.002;
let srv: FakeProvider;

before(async () => {
  CLI = await buildCli(work);
  srv = await startFakeProvider('all');
  writeFileSync(
    join(work, 'routing.yaml'),
    [
      'providers:',
      '  local:',
      `    ol: { type: ollama, base_url: "${srv.url}", default_model: "llama3.1:8b" }`,
      '  premium:',
      `    an: { type: anthropic, base_url: "${srv.url}", api_key: "\${AN_KEY}", default_model: "claude-sonnet-4-20250514", local: false }`,
      'rules:',
      '  - { id: paid, use: ["an"], reason: "paid only", fallback: false }',
      'cost_limits:',
      `  daily_budget: ${BUDGET}`,
      'router: { retries: 0 }',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await srv?.close();
  rmSync(work, { recursive: true, force: true });
});

// No timer of its own: 20 processes on a busy 2-core machine may take a minute. The unit runner's per-test
// limit stops a hung run, and `after` ends whatever is still running then.
const children = new Set<ChildProcess>();
after(() => children.forEach((p) => p.kill('SIGKILL')));

function complete(stateDir: string): Promise<{ code: number | null; err: string }> {
  const args = [CLI, 'complete', '--config', join(work, 'routing.yaml'), '--state-dir', stateDir, '--task', 'chat', '--complexity', 'simple', '--max-tokens', '50', PROMPT];
  const p = spawn(process.execPath, args, { env: { PATH: process.env.PATH!, AN_KEY: KEY }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(p);
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': the exit can come before the last of stderr has been read.
  return new Promise((res) => p.on('close', (code) => (children.delete(p), res({ code, err }))));
}

describe('llm-router complete --state-dir: one budget for every process', () => {
  it('20 CLI processes in parallel settle no more than the daily budget', async () => {
    const stateDir = join(work, 'state');
    const runs = await Promise.all(Array.from({ length: 20 }, () => complete(stateDir)));
    const served = runs.filter((r) => r.code === 0);
    const refused = runs.filter((r) => r.code === 1 && /over budget/.test(r.err));
    assert.equal(served.length + refused.length, 20, runs.map((r) => `${r.code}: ${r.err}`).join('\n'));
    assert.ok(served.length > 0 && refused.length > 0, `${served.length} served, ${refused.length} refused: no race`);

    const dir = join(stateDir, 'ledger');
    let torn = 0;
    const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const settles = texts.flatMap((t) => parseLines(t, () => torn++)).filter((e): e is SettleEntry => e.kind === 'settle');
    assert.equal(torn, 0);
    assert.equal(settles.length, served.length);
    const spent = settles.reduce((a, e) => a + e.costUsd, 0);
    assert.ok(spent > 0 && spent <= BUDGET, `spent ${spent} of ${BUDGET}`);
    for (const t of texts) {
      assert.ok(!t.includes(KEY), 'the ledger holds the key');
      assert.ok(!t.includes(PROMPT), 'the ledger holds the prompt');
    }
  });
});
