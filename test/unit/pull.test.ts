// Pulling an Ollama model with progress: the fake server streams /api/pull as the real one does (manifest, layer
// lines with digest/total/completed, verify, write, success; an {error} line for a model the registry lacks).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { defaultCoderModel, describePull, PullMeter, pullModel, pullTarget, type PullState } from '../../src/core/catalogue/pull';
import { CancelledError, RouterError } from '../../src/core/errors';
import { ProviderRegistry } from '../../src/core/providers/registry';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { fromYaml, shipped } from './helpers/config';

let srv: FakeProvider;
let dir: string;
const yaml = (url: string) => `providers:
  local:
    ol: { type: ollama, base_url: "${url}", default_model: llama3.1:8b }
rules:
  - { when: { task: code_generation }, use: ["ol:deepseek-coder:6.7b"], reason: code }
`;
before(async () => {
  srv = await startFakeProvider('all');
  dir = mkdtempSync(join(tmpdir(), 'llmr-pull-'));
  writeFileSync(join(dir, 'routing.yaml'), yaml(srv.url));
});
after(() => srv.close());
beforeEach(() => srv.reset());

function cliIO(isTTY = false, signal = new AbortController().signal) {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t), signal, env: {}, cwd: dir, isTTY } };
}

describe('what to pull', () => {
  it('no argument: the coder model of the first Ollama provider', () => {
    const cfg = shipped();
    const t = pullTarget(cfg);
    assert.equal(t.provider.name, 'ollama');
    assert.equal(t.model, 'deepseek-coder:6.7b');
    const own = fromYaml(yaml('http://127.0.0.1:1'));
    assert.equal(defaultCoderModel(own, own.providers.get('ol')!), 'deepseek-coder:6.7b', 'the rule for simple code, not default_model');
  });
  it('only Ollama pulls; a named provider must exist', () => {
    assert.throws(() => pullTarget(shipped(), { provider: 'groq' }), (e: Error) => e instanceof RouterError && /only Ollama pulls models/.test(e.message));
    assert.throws(() => pullTarget(shipped(), { provider: 'nope' }), /no provider "nope"/);
  });
});

describe('progress', () => {
  it('sums every layer: percent and bytes', () => {
    const m = new PullMeter();
    assert.equal(m.update({ status: 'pulling manifest' }).percent, undefined);
    m.update({ status: 'pulling aaa', digest: 'sha256:a', total: 1000, completed: 250 });
    const s = m.update({ status: 'pulling bbb', digest: 'sha256:b', total: 1000, completed: 750 });
    assert.deepEqual(s, { status: 'pulling bbb', percent: 50, completedBytes: 1000, totalBytes: 2000 });
    assert.equal(describePull({ status: 'x', percent: 42, completedBytes: 1_234_000_000, totalBytes: 2_938_000_000 }), '42% · 1,234 MB of 2,938 MB');
  });

  it('against the fake server: the stream ends in success, the model joins /api/tags', async () => {
    const target = pullTarget(fromYaml(yaml(srv.url)), { model: 'qwen2.5-coder:7b' });
    const states: PullState[] = [];
    const end = await pullModel(new ProviderRegistry(), target, new AbortController().signal, (s) => states.push(s));
    assert.equal(states[0].status, 'pulling manifest');
    assert.ok(states.some((s) => s.percent !== undefined && s.percent > 0 && s.percent < 100), 'intermediate percentages');
    assert.deepEqual(states.map((s) => s.percent ?? -1), [...states.map((s) => s.percent ?? -1)].sort((a, b) => a - b), 'percent never goes back on one layer');
    assert.equal(end.status, 'success');
    assert.equal(end.percent, 100);
    assert.equal(end.totalBytes, 1_200_012_500);
    const tags = (await (await fetch(`${srv.url}/api/tags`)).json()) as { models: { name: string }[] };
    assert.ok(tags.models.some((m) => m.name === 'qwen2.5-coder:7b'));
    assert.equal(srv.log.filter((e) => e.path === '/api/pull').length, 1);
  });

  it('a model the registry lacks: the error line becomes a clear error', async () => {
    srv.setDefaults({ pullRegistry: ['llama3.1:8b'] });
    const target = pullTarget(fromYaml(yaml(srv.url)), { model: 'tiny-llama' });
    await assert.rejects(
      pullModel(new ProviderRegistry(), target, new AbortController().signal, () => undefined),
      (e: Error) => /pull model manifest: file does not exist/.test(e.message),
    );
  });

  it('cancel: the upstream connection closes and the pull stops', async () => {
    srv.script([{ chunkDelayMs: 200, chunks: 50 }], { path: '/api/pull' });
    const ac = new AbortController();
    const target = pullTarget(fromYaml(yaml(srv.url)), { model: 'big:70b' });
    const p = pullModel(new ProviderRegistry(), target, ac.signal, (s) => s.percent !== undefined && ac.abort());
    await assert.rejects(p, (e: Error) => e instanceof CancelledError);
    const entry = await srv.log.waitFor((e) => e.path === '/api/pull' && e.closedAt !== null, 5000);
    assert.equal(entry.clientAborted, true);
  });
});

describe('llm-router pull', () => {
  it('plain lines when not on a terminal: each status, the percent every 10%', async () => {
    srv.script([{ chunks: 20 }], { path: '/api/pull' });
    const { o, io } = cliIO(false);
    assert.equal(await run(['pull', 'qwen2.5-coder:7b', '--config', join(dir, 'routing.yaml')], io), 0, o.err);
    const lines = o.err.trim().split('\n');
    assert.match(lines[0], /^pulling qwen2\.5-coder:7b into ol \(http:\/\/127\.0\.0\.1:\d+\)$/);
    assert.equal(lines[1], 'pulling manifest');
    assert.ok(lines.some((l) => /^pulling [0-9a-f]{12} \d+% · [\d,]+ MB of [\d,]+ MB$/.test(l)), o.err);
    assert.ok(lines.includes('success 100% · 1,200 MB of 1,200 MB'), o.err);
    assert.ok(lines.length < 30, 'not a line per progress update');
    assert.equal(o.out, 'pulled qwen2.5-coder:7b (100% · 1,200 MB of 1,200 MB)\n');
  });

  it('a progress bar on a terminal (one line, redrawn)', async () => {
    const { o, io } = cliIO(true);
    assert.equal(await run(['pull', '--config', join(dir, 'routing.yaml')], io), 0, o.err);
    assert.match(o.err, /pulling deepseek-coder:6\.7b into ol/);
    assert.match(o.err, /\r\x1b\[2Kpulling [0-9a-f]{12}\s+\d+% ▕█+ *▏ [\d,]+ MB of [\d,]+ MB/);
    assert.match(o.err, /\r\x1b\[2Ksuccess\s+100% ▕█{30}▏ 1,200 MB of 1,200 MB\n$/);
  });

  it('exit 1 with the server\'s reason when the model does not exist', async () => {
    srv.setDefaults({ pullRegistry: [] });
    const { o, io } = cliIO(false);
    assert.equal(await run(['pull', 'tiny-llama', '--config', join(dir, 'routing.yaml')], io), 1);
    assert.match(o.err, /cannot pull tiny-llama: .*pull model manifest: file does not exist/);
  });
});
