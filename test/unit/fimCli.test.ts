// `llm-router fim --file F --line L --col C`: the editor's inline pipeline from the command line, against a fake
// Ollama and a fake OpenAI-compatible DeepSeek Coder server (llama.cpp-like: it would ignore `suffix`). Each
// server's log shows the code after the cursor arrived.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { windowAt } from '../../src/core/inline/window';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';

const CODE = 'import math\n\ndef area(r):\n    return \n\nprint(area(2))\n';
let ollama: FakeProvider;
let llamacpp: FakeProvider;
let dir: string;

before(async () => {
  ollama = await startFakeProvider('ollama');
  llamacpp = await startFakeProvider('openai', { server: 'llama.cpp' });
  dir = mkdtempSync(join(tmpdir(), 'llmr-fim-'));
  writeFileSync(join(dir, 'area.py'), CODE);
  const config = (provider: string) => `providers:
  local:
${provider}
rules:
  - { use: [box], reason: "local coder" }
inline:
  use: [box]
`;
  writeFileSync(join(dir, 'ollama.yaml'), config(`    box: { type: ollama, base_url: "${ollama.url}", default_model: "deepseek-coder:6.7b", fim: true }`));
  writeFileSync(join(dir, 'deepseek.yaml'), config(`    box: { type: openai_compatible, base_url: "${llamacpp.url}/v1", default_model: "deepseek-coder-6.7b-base", fim: true }`));
});
after(async () => {
  await ollama.close();
  await llamacpp.close();
});
beforeEach(() => {
  ollama.reset();
  llamacpp.reset();
  ollama.setDefaults({ text: 'math.pi * r * r\n' });
  llamacpp.setDefaults({ text: 'math.pi * r * r\n', server: 'llama.cpp' });
});

async function fim(...args: string[]) {
  const o = { out: '', err: '' };
  const code = await run(['fim', ...args], { out: (t) => void (o.out += t), err: (t) => void (o.err += t), signal: new AbortController().signal, env: {}, cwd: dir });
  return { code, ...o };
}

describe('llm-router fim', () => {
  it('on Ollama: the completion at line 4, column 12; the request carried the code after the cursor as `suffix`', async () => {
    const r = await fim('--file', 'area.py', '--line', '4', '--col', '12', '--config', 'ollama.yaml');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'math.pi * r * r\n');
    const [req] = ollama.log.filter((e) => e.path === '/api/generate');
    const body = req.body as { prompt: string; suffix: string; options: { num_ctx: number } };
    assert.equal(body.prompt, 'import math\n\ndef area(r):\n    return ');
    assert.equal(body.suffix, '\n\nprint(area(2))\n');
    assert.ok(body.options.num_ctx >= 4096);
    assert.match(r.err, /decision: fill-in-the-middle → box:deepseek-coder:6\.7b/);
  });

  it('on an OpenAI-compatible DeepSeek Coder server: the FIM prompt holds the code after the cursor', async () => {
    const r = await fim('--file', 'area.py', '--line', '4', '--col', '12', '--config', 'deepseek.yaml');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'math.pi * r * r\n');
    const [req] = llamacpp.log.filter((e) => e.path === '/v1/completions');
    const body = req.body as { prompt: string; suffix?: string };
    assert.equal(body.prompt, '<｜fim▁begin｜>import math\n\ndef area(r):\n    return <｜fim▁hole｜>\n\nprint(area(2))\n<｜fim▁end｜>');
    assert.equal(body.suffix, undefined, 'not the `suffix` field this server would ignore');
  });

  it('--json prints {decision, attempts, text}', async () => {
    const r = await fim('--file', 'area.py', '--line', '4', '--col', '12', '--config', 'ollama.yaml', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { decision: { chain: { provider: string }[] }; attempts: { provider: string; outcome: string }[]; text: string };
    assert.deepEqual(Object.keys(j).sort(), ['attempts', 'decision', 'text']);
    assert.equal(j.text, 'math.pi * r * r');
    assert.equal(j.decision.chain[0].provider, 'box');
    // The stream stops as soon as the trimmed completion is whole (the editor does the same): the try ends there.
    assert.deepEqual(j.attempts.map((a) => [a.provider, a.outcome]), [['box', 'cancelled']]);
    assert.equal(r.err, '', 'nothing else on stderr');
  });

  it('a cursor outside the file is a usage error', async () => {
    assert.equal((await fim('--file', 'area.py', '--line', '99', '--col', '1', '--config', 'ollama.yaml')).code, 1);
    const past = await fim('--file', 'area.py', '--line', '4', '--col', '40', '--config', 'ollama.yaml');
    assert.equal(past.code, 1);
    assert.match(past.err, /--col 40 is past the end of line 4 \(11 characters\)/);
    assert.equal(ollama.log.length, 0);
  });

  it('every target failed: exit 1 with the reason', async () => {
    ollama.setDefaults({ fault: 500 });
    const r = await fim('--file', 'area.py', '--line', '4', '--col', '12', '--config', 'ollama.yaml');
    assert.equal(r.code, 1);
    assert.match(r.err, /every target in the chain failed/);
  });
});

describe('the window around the cursor (the editor cuts the same)', () => {
  it('prefix to the cursor, suffix from it', () => {
    assert.deepEqual(windowAt('a\nbc\nd', 1, 1), { prefix: 'a\nb', suffix: 'c\nd' });
    assert.deepEqual(windowAt('x', 0, 0), { prefix: '', suffix: 'x' });
  });
  it('at most 80 lines before and 30 after', () => {
    const text = Array.from({ length: 200 }, (_, i) => `l${i}`).join('\n');
    const w = windowAt(text, 100, 0);
    assert.equal(w.prefix.split('\n')[0], 'l20');
    assert.equal(w.suffix.split('\n').at(-1), 'l130');
  });
});
