import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT, ALL_KEYS, SEED } from './helpers/config';

const CLI = join(ROOT, 'dist', 'cli.js');

function cli(args: string[], env: Record<string, string> = ALL_KEYS) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  if (!existsSync(CLI)) spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
});

describe('llm-router CLI (dist/cli.js on this Node)', () => {
  it('route --json prints exactly the Decision shape', () => {
    const r = cli(['route', '--task', 'code_generation', '--complexity', 'complex', '--tokens', '2000', '--json']);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.deepEqual(Object.keys(d).sort(), ['chain', 'complexity', 'contextTokens', 'estimatedCostUsd', 'explanation', 'rule', 'taskType']);
    assert.deepEqual(Object.keys(d.rule).sort(), ['id', 'index', 'line']);
    assert.equal(d.chain[0].provider, 'anthropic');
    assert.equal(d.chain[0].model, 'claude-sonnet-5-5');
    assert.equal(d.rule.id, 'complex-code');
  });

  it('route flags: --budget-exhausted, --fast --cheap, --local-only', () => {
    assert.equal(JSON.parse(cli(['route', '--task', 'reasoning', '--complexity', 'complex', '--budget-exhausted', '--json']).out).rule.id, 'budget-exhausted');
    assert.equal(JSON.parse(cli(['route', '--task', 'chat', '--fast', '--cheap', '--json']).out).rule.id, 'fast-and-cheap');
    const local = JSON.parse(cli(['route', '--task', 'reasoning', '--complexity', 'complex', '--local-only', '--json']).out);
    assert.ok(local.chain.filter((s: { skipped?: string }) => !s.skipped).every((s: { provider: string }) => s.provider === 'ollama'));
  });

  it('route prints a readable decision without --json', () => {
    const r = cli(['route', '--task', 'reasoning', '--complexity', 'medium'], {});
    assert.equal(r.code, 0);
    assert.match(r.out, /^medium reasoning → ollama:llama3\.1:8b \(rule \d+ "medium"/);
    assert.match(r.out, /skipped: no key: GROQ_API_KEY is not set/);
  });

  it('classify --json adds the classification', () => {
    const file = join(ROOT, 'test', 'unit', 'classify.test.ts');
    const r = cli(['classify', '--action', 'explain', '--file', file, '--lines', '1-5', '--json']);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.equal(d.classification.taskType, 'reasoning');
    assert.equal(d.classification.signals.lines, 5);
    assert.equal(d.classification.contextTokens, d.contextTokens);
    assert.equal(d.taskType, 'reasoning');
  });

  it('config check: 0 and a summary, or 1 with FILE:LINE:COL lines and no stack trace', () => {
    const ok = cli(['config', 'check', SEED]);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /OK — 6 providers/);
    const dir = mkdtempSync(join(tmpdir(), 'llmr-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'providers:\n  local:\n    ollama: {}\nfallback_chain: [olama]\nrules:\n  - use: ["ollama:", ollama]\n    reason: r\n');
    const r = cli(['config', 'check', bad]);
    assert.equal(r.code, 1);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /bad\.yaml:4:18: unknown provider "olama" in target "olama" \(did you mean "ollama"\?\)$/);
    assert.match(lines[1], /bad\.yaml:6:11: malformed target "ollama:"/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('rules prints a table and --json the same data', () => {
    const table = cli(['rules']);
    assert.equal(table.code, 0);
    assert.match(table.out, /^#\s+id\s+line\s+when\s+chain\s+reason/);
    const data = JSON.parse(cli(['rules', '--json']).out);
    assert.equal(data.rules[0].id, 'budget-exhausted');
    assert.ok(data.providers.every((p: Record<string, unknown>) => !('apiKey' in p)));
    assert.ok(!cli(['rules', '--json']).out.includes(ALL_KEYS.ANTHROPIC_API_KEY));
  });

  it('exit codes: 1 for a usage error with one clear message', () => {
    const r = cli(['route', '--task', 'poetry']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^--task must be one of reasoning, .*; got "poetry"\n$/);
    assert.equal(cli(['frobnicate']).code, 1);
    assert.equal(cli(['route', '--bogus']).code, 1);
    assert.equal(cli(['route', '--task', 'chat', '--config', '/nope.yaml']).code, 1);
  });
});
