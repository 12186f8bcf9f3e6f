// `llm-router complete | providers | embed` against the fake servers: in-process through run(), and once as a
// real process for Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parse } from 'yaml';
import { run } from '../../src/cli/run';
import { fakeEmbedding, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';
import { configYaml, KEYS, PROMPT } from './routerFixture';

let srv: FakeProvider;
let dir: string;
let configPath: string;

function io(signal = new AbortController().signal) {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t), signal, env: { ...KEYS }, cwd: dir } };
}

before(async () => {
  srv = await startFakeProvider('all');
  dir = mkdtempSync(join(tmpdir(), 'llmr-cli-'));
  const yaml = parse(configYaml(srv.url, { use: ['an', 'oa'] }));
  yaml.providers.premium.off = { type: 'openai_compatible', base_url: `${srv.url}/v1`, default_model: 'gpt-4o', enabled: false };
  configPath = join(dir, 'routing.yaml');
  writeFileSync(configPath, JSON.stringify(yaml));
  writeFileSync(join(dir, 'code.py'), 'def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b\n');
});
after(() => srv.close());
beforeEach(() => srv.reset());

describe('llm-router complete', () => {
  it('streams the answer to stdout; the decision and one line per attempt go to stderr', async () => {
    srv.script([503, 503], { flavor: 'anthropic' });
    const { o, io: cio } = io();
    const code = await run(['complete', '--config', configPath, '--task', 'chat', '--complexity', 'simple', PROMPT], cio);
    assert.equal(code, 0, o.err);
    assert.equal(o.out, replyText(PROMPT) + '\n');
    const lines = o.err.trim().split('\n');
    assert.match(lines[0], /^decision: simple chat → an:claude-sonnet-4-20250514 \(rule 2 "test-chain"/);
    assert.match(lines[1], /^ {2}an claude-sonnet-4-20250514 error: .* \[HTTP 503\] \d+ ms$/);
    assert.match(lines[2], /^ {2}an claude-sonnet-4-20250514 error: .* \[HTTP 503\] \d+ ms$/);
    assert.match(lines[3], /^ {2}oa gpt-4o ok \d+ ms$/);
    assert.match(lines[4], /^done: oa:gpt-4o, \d+ in \/ 8 out, \$0\.\d{6}$/);
  });

  it('--json prints one object at the end, in the documented shape', async () => {
    const { o, io: cio } = io();
    assert.equal(await run(['complete', '--config', configPath, '--state-dir', join(dir, 'state'), '--json', '--max-tokens', '5', PROMPT], cio), 0, o.err);
    const r = JSON.parse(o.out);
    assert.deepEqual(Object.keys(r).sort(), ['attempts', 'cached', 'costUsd', 'decision', 'text', 'usage']);
    assert.deepEqual(Object.keys(r.usage).sort(), ['cacheReadTokens', 'cacheWriteTokens', 'inputTokens', 'outputTokens']);
    assert.deepEqual(r.attempts.map((a: object) => Object.keys(a).sort()), [['model', 'ms', 'outcome', 'provider']]);
    assert.equal(r.text, replyText(PROMPT).split(' ').slice(0, 5).join(' '));
    assert.equal(r.usage.outputTokens, 5);
    assert.equal(r.cached, false);
    assert.ok(r.costUsd > 0);
    assert.equal((srv.log[0].body as { max_tokens: number }).max_tokens, 5);
  });

  it('--action --file --lines sends the selection and classifies it', async () => {
    const { o, io: cio } = io();
    assert.equal(await run(['complete', '--config', configPath, '--action', 'explain', '--file', 'code.py', '--lines', '4-5', '--json', 'what does this do'], cio), 0, o.err);
    const r = JSON.parse(o.out);
    assert.equal(r.decision.taskType, 'reasoning');
    const sent = JSON.stringify(srv.log[0].body);
    assert.match(sent, /def sub\(a, b\)/);
    assert.doesNotMatch(sent, /def add/);
  });

  it('every target failed: exit 1 and the NoRouteError lists each attempt and why', async () => {
    srv.setDefaults({ fault: 500 });
    const { o, io: cio } = io();
    assert.equal(await run(['complete', '--config', configPath, PROMPT], cio), 1);
    assert.equal(o.out, '');
    assert.match(o.err, /every target in the chain failed:\n {2}an:claude-sonnet-4-20250514: error: .*\(HTTP 500\)\n {2}an:.*\n {2}oa:gpt-4o: .*\n {2}oa:gpt-4o: .*\(HTTP 500\)\n/);
    assert.equal(srv.log.length, 4);
  });

  // The server sends one chunk and holds the stream open: only the abort can end these requests.
  it('an aborted signal (Ctrl-C) exits 130 and closes the upstream request', async () => {
    srv.setDefaults({ fault: { hangAfter: 1 } });
    const ac = new AbortController();
    const { o, io: cio } = io(ac.signal);
    const p = run(['complete', '--config', configPath, PROMPT], { ...cio, out: (t) => (cio.out(t), ac.abort()) });
    assert.equal(await p, 130);
    assert.match(o.err, /cancelled/);
    const e = await srv.log.waitFor((x) => x.closedAt !== null);
    assert.equal(e.outcome, 'client_aborted');
    assert.equal(srv.log.length, 1);
  });

  it('Ctrl-C on the real process: exit 130, upstream closed', async () => {
    srv.setDefaults({ fault: { hangAfter: 1 } });
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'complete', '--config', configPath, PROMPT], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...KEYS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      child.kill('SIGINT');
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve)); // 'close': stdout and stderr fully read
    assert.equal(code, 130, err);
    assert.ok(out.length > 0 && out.length < replyText(PROMPT).length);
    const e = await srv.log.waitFor((x) => x.closedAt !== null);
    assert.equal(e.outcome, 'client_aborted');
  });

  it('a PROMPT is required', async () => {
    const { o, io: cio } = io();
    assert.equal(await run(['complete', '--config', configPath], cio), 1);
    assert.match(o.err, /a PROMPT is required/);
  });
});

describe('llm-router providers', () => {
  it('--json: reachability, models and latency per provider; a disabled one is listed, not contacted', async () => {
    const { o, io: cio } = io();
    assert.equal(await run(['providers', '--config', configPath, '--json'], cio), 0, o.err);
    const { providers } = JSON.parse(o.out) as { providers: { name: string; status: string; models?: string[]; latencyMs?: number; error?: string }[] };
    const by = Object.fromEntries(providers.map((p) => [p.name, p]));
    for (const name of ['ol', 'an', 'oa', 'gq']) {
      assert.equal(by[name].status, 'ok', name);
      assert.ok(by[name].models!.length > 0);
      assert.ok(by[name].latencyMs! >= 0);
    }
    assert.equal(by.off.status, 'off');
    assert.match(by.off.error!, /disabled in config/);
    assert.equal(srv.log.length, 4);
    assert.ok(!o.out.includes(KEYS.AN_KEY));
  });

  it('table output; an unreachable provider says why', async () => {
    srv.script([503], { path: '/api/tags' });
    const { o, io: cio } = io();
    assert.equal(await run(['providers', '--config', configPath], cio), 0);
    assert.match(o.out, /^provider\s+type\s+status\s+latency\s+models/);
    assert.match(o.out, /\nol\s+ollama\s+unreachable\s+\d+ ms\s+ol:\*: HTTP 503/);
    assert.match(o.out, /\noff\s+openai_compatible\s+off \(not contacted\)/);
  });
});

describe('llm-router embed', () => {
  it('prints the vectors as JSON, from a local model', async () => {
    const { o, io: cio } = io();
    assert.equal(await run(['embed', '--config', configPath, 'alpha', 'beta'], cio), 0, o.err);
    const r = JSON.parse(o.out);
    assert.equal(r.provider, 'ol');
    assert.equal(r.model, 'nomic-embed-text');
    assert.deepEqual(r.vectors, [fakeEmbedding('alpha'), fakeEmbedding('beta')]);
  });
});
