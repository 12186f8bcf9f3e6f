// Context windows in every decision: where a window comes from (YAML, the provider's own metadata,
// prices.json), the skip reason, the error when nothing fits, and the same rule for the CLI and FIM.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { ModelCatalogue } from '../../src/core/catalogue/catalogue';
import { listedContextWindow, ollamaContextLength } from '../../src/core/providers/metadata';
import { contextSkip, neededContext, numCtxFor } from '../../src/core/contextFit';
import { Router } from '../../src/core/router';
import { createDecider } from '../../src/core/rules';
import type { Decision } from '../../src/core/types';
import { ALL_KEYS, fromYaml, ROOT, shipped } from './helpers/config';

const usable = (d: Decision) => d.chain.filter((s) => !s.skipped).map((s) => `${s.provider}:${s.model}`);
const stepOf = (d: Decision, target: string) => d.chain.find((s) => `${s.provider}:${s.model}` === target);

describe('a target that cannot hold the request is skipped, with its reason', () => {
  it('20k tokens of simple code: deepseek-coder:6.7b (16k) is skipped, groq answers', () => {
    const d = createDecider(shipped())({ taskType: 'code_generation', complexity: 'simple', contextTokens: 20_000 });
    assert.equal(d.rule.id, 'simple-code');
    // 20,000 × 1.2 (cl100k → a llama vocabulary) + 1,024 output tokens
    assert.equal(stepOf(d, 'ollama:deepseek-coder:6.7b')!.skipped, 'context 25,024 > window 16,384');
    assert.equal(usable(d)[0], 'groq:llama-3.3-70b-versatile');
    assert.match(d.explanation, /skipped ollama \(context 25,024 > window 16,384\)/);
  });

  it('no key set: the rule\'s local model is too small, so another local model with a larger window answers', () => {
    const d = createDecider(shipped({}))({ taskType: 'code_generation', complexity: 'simple', contextTokens: 20_000 });
    assert.equal(stepOf(d, 'ollama:deepseek-coder:6.7b')!.skipped, 'context 25,024 > window 16,384');
    assert.equal(usable(d)[0], 'ollama:llama3.1:8b');
    assert.equal(stepOf(d, 'ollama:llama3.1:8b')!.reason, 'nothing else usable: local fallback');
    assert.equal(d.nothingFits, undefined);
  });

  it('`fallback: false` keeps the rule to its own targets: no local rescue', () => {
    const yaml = (fallback: boolean) => `providers:
  local:
    ollama: { default_model: llama3.1:8b }
rules:
  - { use: ["ollama:deepseek-coder:6.7b"], fallback: ${fallback}, reason: test }
`;
    const request = { taskType: 'code_generation', complexity: 'simple', contextTokens: 20_000 } as const;
    assert.deepEqual(usable(createDecider(fromYaml(yaml(false)))(request)), []);
    assert.deepEqual(usable(createDecider(fromYaml(yaml(true)))(request)), ['ollama:llama3.1:8b']);
  });

  it('the same request at 10k tokens fits (13,024 ≤ 16,384)', () => {
    const d = createDecider(shipped())({ taskType: 'code_generation', complexity: 'simple', contextTokens: 10_000 });
    assert.equal(usable(d)[0], 'ollama:deepseek-coder:6.7b');
  });

  it('max_tokens counts: a larger output cap makes the same input too big', () => {
    const decide = createDecider(shipped());
    const d = decide({ taskType: 'code_generation', complexity: 'simple', contextTokens: 10_000 }, undefined, { maxTokens: 5_000 });
    assert.equal(stepOf(d, 'ollama:deepseek-coder:6.7b')!.skipped, 'context 17,000 > window 16,384');
  });

  it('nothing fits: the explanation says so and names the largest window left', () => {
    const decide = createDecider(
      fromYaml(`providers:
  local:
    ollama: { default_model: deepseek-coder:6.7b }
  premium:
    anthropic: { api_key: k, default_model: claude-sonnet-5-5 }
rules:
  - { use: [ollama, anthropic], reason: test }
`),
    );
    const d = decide({ taskType: 'chat', complexity: 'simple', contextTokens: 900_000 });
    assert.deepEqual(usable(d), []);
    assert.equal(d.chain[1].skipped, 'context 1,081,024 > window 1,000,000');
    assert.match(d.explanation, /no usable model: context 1,081,024 > the largest window left, 1,000,000 \(anthropic:claude-sonnet-5-5\)/);
  });

  it('the router: nothing fits, nothing is sent, and the error names the largest window left', async () => {
    const config = fromYaml(`providers:
  local:
    box: { type: openai_compatible, base_url: "http://127.0.0.1:9/v1", default_model: small, context_window: 1000 }
    big: { type: openai_compatible, base_url: "http://127.0.0.1:9/v1", default_model: bigger, context_window: 2000 }
rules:
  - { use: [box, big], reason: test, fallback: false }
`);
    const prompt = Array.from({ length: 3000 }, () => 'word').join(' ');
    await assert.rejects(new Router({ config }).complete({ messages: [{ role: 'user', content: prompt }], taskType: 'chat', complexity: 'simple', maxTokens: 100, files: [] }), (e: Error) =>
      /^no usable model: context 3,705 > the largest window left, 2,000 \(big:bigger\):\n  box:small: skipped: context 3,705 > window 1,000\n  big:bigger: skipped: context 3,705 > window 2,000$/.test(e.message),
    );
  });

  it('embeddings are sized per text, not by the whole batch', () => {
    const d = createDecider(shipped())({ taskType: 'embedding', complexity: 'simple', contextTokens: 100_000 });
    assert.deepEqual(usable(d), ['ollama:nomic-embed-text']);
  });
});

const yaml = (provider: string) => `providers:
  local:
    box:
      type: openai_compatible
      base_url: http://127.0.0.1:9/v1
${provider}
rules:
  - { use: [box], reason: test }
`;

describe('where a window comes from', () => {
  const decideOn = (provider: string, facts?: ModelCatalogue) => createDecider(fromYaml(yaml(provider)), undefined, facts);
  const skipOf = (d: Decision) => d.chain[0].skipped;

  it('no source knows the window: the target is tried', () => {
    const d = decideOn('      default_model: my-model')({ taskType: 'chat', complexity: 'simple', contextTokens: 50_000 });
    assert.equal(skipOf(d), undefined);
  });
  it('the provider reported it (model list, /api/show)', () => {
    const facts = new ModelCatalogue();
    facts.learnWindow('box', 'my-model', 8192);
    const d = decideOn('      default_model: my-model', facts)({ taskType: 'chat', complexity: 'simple', contextTokens: 10_000 });
    assert.equal(skipOf(d), 'context 13,024 > window 8,192');
  });
  it('the YAML wins over what the provider reported: one number for every model, or per model', () => {
    const facts = new ModelCatalogue();
    facts.learnWindow('box', 'my-model', 8192);
    const all = decideOn('      default_model: my-model\n      context_window: 32768', facts)({ taskType: 'chat', complexity: 'simple', contextTokens: 10_000 });
    assert.equal(skipOf(all), undefined);
    const per = decideOn('      default_model: my-model\n      context_window: { my-model: 4096, default: 65536 }', facts)({ taskType: 'chat', complexity: 'simple', contextTokens: 10_000 });
    assert.equal(skipOf(per), 'context 13,024 > window 4,096');
  });
  it('prices.json knows the shipped models; a YAML prices: override can set it too', () => {
    const d = decideOn('      default_model: deepseek-coder:6.7b')({ taskType: 'chat', complexity: 'simple', contextTokens: 20_000 });
    assert.equal(skipOf(d), 'context 25,024 > window 16,384');
    const over = createDecider(fromYaml(yaml('      default_model: my-model') + 'prices:\n  my-model: { input: 0, output: 0, context_window: 2048 }\n'));
    assert.equal(over({ taskType: 'chat', complexity: 'simple', contextTokens: 1_000 }).chain[0].skipped, 'context 2,224 > window 2,048');
  });
  it('a model found missing is skipped with "model not found" until it is listed again', () => {
    const facts = new ModelCatalogue();
    const decide = decideOn('      default_model: my-model', facts);
    facts.markMissing('box', 'my-model');
    assert.equal(skipOf(decide({ taskType: 'chat', complexity: 'simple', contextTokens: 10 })), 'model not found');
    facts.learnList('box', [{ id: 'my-model' }]);
    assert.equal(skipOf(decide({ taskType: 'chat', complexity: 'simple', contextTokens: 10 })), undefined);
  });
  it('a missing mark expires', () => {
    let now = 1_000;
    const facts = new ModelCatalogue(() => now);
    facts.markMissing('box', 'm', 5_000);
    assert.equal(facts.missing('box', 'm'), 'model not found');
    now += 5_000;
    assert.equal(facts.missing('box', 'm'), undefined);
  });
});

describe('reading windows from servers', () => {
  it('Ollama /api/show model_info: <arch>.context_length', () => {
    assert.equal(ollamaContextLength({ 'general.architecture': 'llama', 'llama.context_length': 16384 }), 16384);
    assert.equal(ollamaContextLength(new Map([['qwen2.context_length', 32768]])), 32768);
    assert.equal(ollamaContextLength({}), undefined);
  });
  it('model lists: vLLM, llama.cpp, LM Studio / Mistral, Groq, Together', () => {
    assert.equal(listedContextWindow({ id: 'x', max_model_len: 32768 }), 32768);
    assert.equal(listedContextWindow({ id: 'x', meta: { n_ctx_train: 131072 } }), 131072);
    assert.equal(listedContextWindow({ id: 'x', max_context_length: 8192 }), 8192);
    assert.equal(listedContextWindow({ id: 'x', context_window: 131072 }), 131072);
    assert.equal(listedContextWindow({ id: 'x', context_length: 65536 }), 65536);
    assert.equal(listedContextWindow({ id: 'x', owned_by: 'openai' }), undefined);
  });
});

describe('sizes', () => {
  it('the margin: cl100k × 1.2 plus the output', () => {
    assert.equal(neededContext(20_000, 1024), 25_024);
    assert.equal(contextSkip(16_384, 16_384), undefined);
    assert.equal(contextSkip(16_385, 16_384), 'context 16,385 > window 16,384');
  });
  it("Ollama's num_ctx: worst-case margin, a power of two, at least 4096, never above the window", () => {
    assert.equal(numCtxFor(100, 256), 4096);
    assert.equal(numCtxFor(9_000, 1024), 16_384); // 9,000 × 1.44 + 1,024 = 13,984
    assert.ok(numCtxFor(9_000, 1024) >= 9_000);
    assert.equal(numCtxFor(9_000, 1024, 131_072), 16_384);
    assert.equal(numCtxFor(12_000, 1024, 16_384), 16_384, 'capped at the window');
    assert.equal(numCtxFor(100, 256, 2048), 2048);
  });
});

describe('llm-router route shows the context skip', () => {
  it('route --tokens 20000 --task code_generation --complexity simple skips deepseek-coder:6.7b with a context reason', async () => {
    const o = { out: '', err: '' };
    const code = await run(['route', '--tokens', '20000', '--task', 'code_generation', '--complexity', 'simple'], {
      out: (t) => void (o.out += t),
      err: (t) => void (o.err += t),
      signal: new AbortController().signal,
      env: { ...ALL_KEYS },
      cwd: ROOT,
    });
    assert.equal(code, 0, o.err);
    assert.match(o.out, /ollama:deepseek-coder:6\.7b\s+skipped: context 25,024 > window 16,384/);
    assert.match(o.out, /^simple code_generation → groq:llama-3\.3-70b-versatile/);
  });
});
