// The model catalogue: the shipped config names current models only (and says when it was checked), and the
// configured models are compared with what each reachable provider lists: a missing one is a problem at its
// line, with "did you mean" when the list holds a close id.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { ModelCatalogue } from '../../src/core/catalogue/catalogue';
import { findModelProblems, isServed } from '../../src/core/catalogue/check';
import { applyHealth, describeReferenced } from '../../src/core/catalogue/refresh';
import { parseFromView } from '../../src/core/dashboard/protocol';
import { providerRows } from '../../src/core/dashboard/viewModel';
import { checkProviders, type ProviderHealth } from '../../src/core/providers/health';
import { ProviderRegistry } from '../../src/core/providers/registry';
import { PRICE_TABLE } from '../../src/core/spend/prices';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { fromYaml, ROOT, SHIPPED, shipped } from './helpers/config';

const RETIRED = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'retiredModels.json'), 'utf8')) as { models: Record<string, string[]> };

describe('the shipped config names current models only', () => {
  const cfg = shipped();
  const cloud = (cfg.modelRefs ?? []).filter((r) => !cfg.providers.get(r.provider)!.local);

  it('records the date its model ids were checked', () => {
    assert.match(cfg.raw.models_checked ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.match(readFileSync(SHIPPED, 'utf8'), /models_checked: "\d{4}-\d{2}-\d{2}"/);
  });
  it('no cloud model id is one the providers retired', () => {
    for (const r of cloud) assert.ok(!(RETIRED.models[r.provider] ?? []).includes(r.model), `${r.provider}:${r.model} (line ${r.line}) is retired`);
  });
  it('every cloud model id it names has a price and a window in prices.json', () => {
    for (const r of cloud) {
      const p = PRICE_TABLE[r.provider]?.[r.model];
      assert.ok(p, `${r.provider}:${r.model} has no price`);
      assert.ok((p.context_window ?? 0) > 0);
    }
  });
});

describe('configured models against what a provider lists', () => {
  it('where each model is written: default_model, models, targets', () => {
    const cfg = fromYaml(`providers:
  local:
    ollama:
      default_model: tiny-llama
      models: [llama3.1:8b]
rules:
  - use: ["ollama:deepseek-coder:6.7b"]
    reason: x
`);
    const refs = cfg.modelRefs!.map((r) => `${r.model}@${r.line}:${r.col} ${r.routed ? 'routed' : 'listed'}`);
    assert.deepEqual(refs, ['tiny-llama@4:22 routed', 'llama3.1:8b@5:16 listed', 'deepseek-coder:6.7b@7:11 routed']);
  });

  it('served: exact, :latest, models/ prefix, a dated snapshot of an alias, a -latest alias', () => {
    assert.ok(isServed('nomic-embed-text', ['nomic-embed-text:latest']));
    assert.ok(isServed('gemini-3.8-flash', ['models/gemini-3.8-flash']));
    assert.ok(isServed('claude-sonnet-5-5', ['claude-sonnet-5-5-20260928']));
    assert.ok(isServed('mistral-large-latest', ['mistral-large-2611']));
    assert.ok(!isServed('claude-sonnet-5', ['claude-sonnet-5-5']));
    assert.ok(!isServed('tiny-llama', ['llama3.1:8b']));
  });

  it('a missing model is a warning at its line, with "did you mean"; a listed-only one is information; an off provider is not judged', () => {
    const cfg = fromYaml(`providers:
  local:
    ollama:
      default_model: deepseek-coder:6.7
      models: [codellama:34b]
  fast_cloud:
    groq: { api_key: "\${NOPE}", default_model: gone-model }
`);
    const problems = findModelProblems(cfg, (name) => (name === 'ollama' ? ['deepseek-coder:6.7b', 'llama3.1:8b'] : ['x']));
    assert.deepEqual(
      problems.map((p) => [p.line, p.col, p.severity, p.code, p.suggestion]),
      [
        [4, 22, 'warning', 'not-pulled', 'deepseek-coder:6.7b'],
        [5, 16, 'information', 'not-pulled', undefined],
      ],
    );
    assert.match(problems[0].message, /^model "deepseek-coder:6\.7" is not pulled in ollama \(http:\/\/localhost:11434\): `ollama pull deepseek-coder:6\.7` \(did you mean "deepseek-coder:6\.7b"\?\)$/);
  });
});

describe('against the fake servers', () => {
  let srv: FakeProvider;
  let dir: string;
  before(async () => {
    srv = await startFakeProvider('all');
    dir = mkdtempSync(join(tmpdir(), 'llmr-catalogue-'));
  });
  after(() => srv.close());
  beforeEach(() => srv.reset());

  const yaml = (url: string) => `providers:
  local:
    ol: { type: ollama, base_url: "${url}", default_model: tiny-llama, fim: true }
    box: { type: openai_compatible, base_url: "${url}/v1", default_model: served-7b }
rules:
  - { use: ["ol", "ol:deepseek-coder:6.7b", "box"], reason: test }
`;

  it('checkProviders + applyHealth: problems for what a reachable provider lacks; windows from the lists are learnt', async () => {
    srv.setDefaults({ models: { openai: ['served-7b'], ollama: ['tinyllama:latest', 'deepseek-coder:6.7b'] }, modelMeta: { 'served-7b': { max_model_len: 32768 } } });
    const cfg = fromYaml(yaml(srv.url));
    const catalogue = new ModelCatalogue();
    const problems = applyHealth(cfg, catalogue, await checkProviders(cfg, new AbortController().signal));
    assert.deepEqual(problems.map((p) => `${p.provider}:${p.model} ${p.code} ${p.suggestion}`), ['ol:tiny-llama not-pulled tinyllama']);
    assert.equal(catalogue.windowOf('box', 'served-7b'), 32768, 'vLLM-style max_model_len');
    await describeReferenced(cfg, catalogue, new ProviderRegistry(), new AbortController().signal);
    assert.equal(catalogue.windowOf('ol', 'deepseek-coder:6.7b'), 16384, 'from /api/show');
    assert.equal(catalogue.windowOf('ol', 'tiny-llama'), undefined, 'not pulled: not described');
  });

  it('llm-router providers prints each missing model at its line, with "did you mean"', async () => {
    srv.setDefaults({ models: { openai: ['served-7b'], ollama: ['tinyllama:latest', 'deepseek-coder:6.7b'] } });
    const file = join(dir, 'routing.yaml');
    writeFileSync(file, yaml(srv.url));
    const col = yaml(srv.url).split('\n')[2].indexOf('tiny-llama') + 1;
    const o = { out: '', err: '' };
    const code = await run(['providers', '--config', file], { out: (t) => void (o.out += t), err: (t) => void (o.err += t), signal: new AbortController().signal, env: {}, cwd: dir });
    assert.equal(code, 0, o.err);
    assert.match(o.out, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:${col}: warning: model "tiny-llama" is not pulled in ol \\(.*\\): \`ollama pull tiny-llama\` \\(did you mean "tinyllama"\\?\\)`));
  });
});

describe('the dashboard shows what each checked provider lacks, with a Pull button for Ollama', () => {
  it('providerRows: missing models per provider, once each, pullable where the API can pull', () => {
    const cfg = fromYaml(`providers:
  local:
    ollama: { default_model: deepseek-coder:6.7b }
rules:
  - { use: ["ollama:deepseek-coder:6.7b", "ollama:qwen2.5-coder:7b"], reason: test }
`);
    const ok = (models: string[]): ProviderHealth => ({ name: 'ollama', type: 'ollama', tier: 'local', baseUrl: 'http://localhost:11434', local: true, status: 'ok', models, checkedAt: 1 });
    const rows = providerRows(cfg, { health: new Map([['ollama', ok(['qwen2.5-coder:7b'])]]), routerState: () => ({ recentFailures: 0 }), recent: [] });
    assert.deepEqual(rows[0].missing, [{ model: 'deepseek-coder:6.7b', pullable: true, line: 3 }]);
    const none = providerRows(cfg, { health: new Map(), routerState: () => ({ recentFailures: 0 }), recent: [] });
    assert.equal(none[0].missing, undefined, 'not checked: not judged');
  });
  it('the page may ask for a pull; the message is checked', () => {
    assert.ok(parseFromView({ type: 'pullModel', provider: 'ollama', model: 'deepseek-coder:6.7b' }).ok);
    assert.ok(!parseFromView({ type: 'pullModel', provider: 'ollama' }).ok);
  });
});
