// Fill-in-the-middle that never drops the code after the cursor. Fake servers behave like the real ones: a
// llama.cpp-like server accepts /v1/completions `suffix` and ignores it (and has /infill), a vLLM-like one
// rejects `suffix` with 400. The router sends each family's own FIM prompt, or uses /infill, or skips the target.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { ConfigErrors } from '../../src/core/errors';
import { fimMethodFor, renderFimPrompt } from '../../src/core/config/fimTemplates';
import { infillUrl } from '../../src/core/providers/llamacpp';
import { Router, type StreamEvent } from '../../src/core/router';
import { fimText, replyText, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { fromYaml } from './helpers/config';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

const PREFIX = 'def area(r):\n    return ';
const SUFFIX = '\n\nprint(area(2))  # uses {suffix} in a comment\n';

function local(model: string, extra: Record<string, unknown> = {}) {
  return fromYaml(
    stringify({
      providers: { local: { box: { type: 'openai_compatible', base_url: `${srv.url}/v1`, default_model: model, fim: true, ...extra } } },
      rules: [{ use: ['box'], reason: 'test', fallback: false }],
      router: { retries: 0 },
    }),
  );
}
async function fim(cfg: ReturnType<typeof local>) {
  const out: StreamEvent[] = [];
  for await (const e of new Router({ config: cfg }).fim({ prefix: PREFIX, suffix: SUFFIX, maxTokens: 32, files: [] })) out.push(e);
  return out;
}
const text = (ev: StreamEvent[]) => ev.map((e) => (e.type === 'delta' ? e.text : '')).join('');
const attempts = (ev: StreamEvent[]) => ev.flatMap((e) => (e.type === 'attempt' ? [e.attempt] : []));
const completionBodies = () => srv.log.filter((e) => e.path === '/v1/completions').map((e) => e.body as { prompt: string; suffix?: string; stop?: string[] });

describe('how each target gets the code after the cursor', () => {
  const p = (extra: Record<string, unknown>, model = 'm') => local(model, extra).providers.get('box')!;
  it('by model id: DeepSeek Coder, Qwen2.5-Coder, StarCoder2, Code Llama', () => {
    const name = (model: string) => {
      const m = fimMethodFor(p({}, model), model);
      return 'kind' in m && m.kind === 'template' ? m.name : JSON.stringify(m);
    };
    assert.equal(name('deepseek-ai/deepseek-coder-6.7b-base'), 'deepseek-coder');
    assert.equal(name('Qwen/Qwen2.5-Coder-7B'), 'qwen2.5-coder');
    assert.equal(name('bigcode/starcoder2-15b'), 'starcoder2');
    assert.equal(name('codellama/CodeLlama-7b-hf'), 'codellama');
  });
  it('by fim_template in the YAML, on the provider or per model; server: llama.cpp uses /infill; "suffix" trusts the server', () => {
    assert.deepEqual(fimMethodFor(p({ server: 'llama.cpp' }), 'x'), { kind: 'infill' });
    assert.equal((fimMethodFor(p({ fim_template: 'starcoder2' }), 'my-coder') as { name: string }).name, 'starcoder2');
    assert.equal((fimMethodFor(p({ fim_template: { 'my-coder': 'codellama', default: 'suffix' } }), 'my-coder') as { name: string }).name, 'codellama');
    assert.deepEqual(fimMethodFor(p({ fim_template: { 'my-coder': 'codellama', default: 'suffix' } }), 'other'), { kind: 'suffix' });
    const inline = fimMethodFor(p({ fim_template: '<pre>{prefix}<suf>{suffix}<mid>' }), 'x');
    assert.equal(renderFimPrompt((inline as { prompt: string }).prompt, 'A', 'B'), '<pre>A<suf>B<mid>');
  });
  it('no known way: the reason says what to set', () => {
    assert.deepEqual(fimMethodFor(p({}), 'mystery-7b'), { unsupported: 'no known way to send the code after the cursor to mystery-7b (set fim_template, or server: llama.cpp)' });
  });
  it('a fim_template the table does not know is a config error at its line, with did you mean', () => {
    assert.throws(
      () => local('m', { fim_template: 'deepseek-coda' }),
      (e: Error) => e instanceof ConfigErrors && /test\.yaml:\d+:\d+: unknown fim_template "deepseek-coda".*did you mean "deepseek-coder"/.test(e.message),
    );
  });
  it('the four prompts, exactly as their model cards give them; code that contains "{suffix}" stays as it is', () => {
    const render = (model: string) => {
      const m = fimMethodFor(p({}, model), model) as { prompt: string };
      return renderFimPrompt(m.prompt, 'P{suffix}', 'S');
    };
    assert.equal(render('deepseek-coder:6.7b'), '<｜fim▁begin｜>P{suffix}<｜fim▁hole｜>S<｜fim▁end｜>');
    assert.equal(render('qwen2.5-coder:7b'), '<|fim_prefix|>P{suffix}<|fim_suffix|>S<|fim_middle|>');
    assert.equal(render('starcoder2:3b'), '<fim_prefix>P{suffix}<fim_suffix>S<fim_middle>');
    assert.equal(render('codellama:7b-code'), '<PRE> P{suffix} <SUF>S <MID>');
  });
  it('/infill is beside /v1', () => {
    assert.equal(infillUrl('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080/infill');
    assert.equal(infillUrl('http://host/api/v1/'), 'http://host/api/infill');
  });
});

describe('a llama.cpp-like server: accepts `suffix` on /v1/completions and ignores it', () => {
  beforeEach(() => srv.setDefaults({ server: 'llama.cpp' }));

  it('the old way loses the code after the cursor: the answer is the same with or without the suffix', async () => {
    const sdk = new OpenAI({ baseURL: `${srv.url}/v1`, apiKey: 'none', maxRetries: 0 });
    const withSuffix = await sdk.completions.create({ model: 'deepseek-coder', prompt: PREFIX, suffix: SUFFIX, max_tokens: 16 });
    const without = await sdk.completions.create({ model: 'deepseek-coder', prompt: PREFIX, max_tokens: 16 });
    assert.equal(withSuffix.choices[0].text, without.choices[0].text);
  });

  it('server: llama.cpp: /infill with input_suffix; the answer depends on the suffix', async () => {
    const ev = await fim(local('whatever.gguf', { server: 'llama.cpp' }));
    assert.equal(text(ev), fimText(PREFIX, SUFFIX));
    const entry = srv.log.find((e) => e.path === '/infill')!;
    assert.deepEqual(
      (({ input_prefix, input_suffix, stream }) => ({ input_prefix, input_suffix, stream }))(entry.body as Record<string, unknown>),
      { input_prefix: PREFIX, input_suffix: SUFFIX, stream: true },
    );
    assert.equal(completionBodies().length, 0);
    const done = ev.at(-1)!;
    assert.ok(done.type === 'done' && done.result.usage.outputTokens > 0 && !done.result.usage.estimated, 'usage from the final line');
  });

  it('no server: set, DeepSeek Coder by its id: its FIM prompt through /v1/completions, no `suffix` field', async () => {
    const ev = await fim(local('deepseek-coder-6.7b-base.Q4_K_M.gguf'));
    const [body] = completionBodies();
    assert.equal(body.prompt, `<｜fim▁begin｜>${PREFIX}<｜fim▁hole｜>${SUFFIX}<｜fim▁end｜>`);
    assert.equal(body.suffix, undefined);
    assert.deepEqual(body.stop, ['<|EOT|>', '<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>']);
    assert.equal(text(ev), replyText(body.prompt), 'the model saw the whole prompt, suffix included');
  });
});

describe('a vLLM-like server: rejects `suffix` with 400', () => {
  beforeEach(() => srv.setDefaults({ server: 'vllm' }));

  it('fim_template: suffix (a wrong guess about this server): 400 "suffix is not currently supported", not retried', async () => {
    const ev = await fim(local('Qwen/Qwen2.5-Coder-7B', { fim_template: 'suffix', retries: 2 }));
    assert.equal(ev.at(-1)!.type, 'error');
    assert.match(attempts(ev)[0].outcome, /suffix is not currently supported/);
    assert.equal(completionBodies().length, 1);
  });

  it('Qwen2.5-Coder by its id: the Qwen FIM prompt, and the server answers', async () => {
    const ev = await fim(local('Qwen/Qwen2.5-Coder-7B'));
    assert.equal(ev.at(-1)!.type, 'done');
    assert.equal(completionBodies()[0].prompt, `<|fim_prefix|>${PREFIX}<|fim_suffix|>${SUFFIX}<|fim_middle|>`);
  });

  it('StarCoder2 and Code Llama by their ids', async () => {
    await fim(local('bigcode/starcoder2-7b'));
    await fim(local('codellama/CodeLlama-13b-hf'));
    assert.deepEqual(
      completionBodies().map((b) => b.prompt),
      [`<fim_prefix>${PREFIX}<fim_suffix>${SUFFIX}<fim_middle>`, `<PRE> ${PREFIX} <SUF>${SUFFIX} <MID>`],
    );
  });
});

describe('no known way to send the suffix', () => {
  it('the target is skipped for FIM with that reason; nothing is sent', async () => {
    const ev = await fim(local('mystery-7b'));
    assert.match(attempts(ev)[0].outcome, /^skipped: no known way to send the code after the cursor to mystery-7b/);
    assert.equal(srv.log.length, 0);
  });
});
