import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfigFile } from '../../src/core/config/load';
import { ConfigErrors } from '../../src/core/errors';
import { schemaText, SCHEMA_PATH } from '../../scripts/gen-schema';
import { ALL_KEYS, ROOT, SEED, fromYaml, readText, seed, shipped } from './helpers/config';

/** The single error a bad config raises, as FILE:LINE:COL: message. */
function errorOf(yaml: string): string {
  try {
    fromYaml(yaml);
  } catch (err) {
    assert.ok(err instanceof ConfigErrors, `expected ConfigErrors, got ${err}`);
    return err.message;
  }
  assert.fail('config was accepted');
}

const BASE = `providers:
  local:
    ollama:
      default_model: llama3.1:8b
  premium:
    anthropic:
      api_key: \${ANTHROPIC_API_KEY}
      default_model: claude-sonnet-4-20250514
`;

describe('config loading', () => {
  it('loads the shipped config with every provider and rule', () => {
    const cfg = shipped();
    assert.equal(cfg.file, 'config/llm_routing.yaml');
    assert.ok(cfg.providers.size >= 10);
    assert.deepEqual(
      [...cfg.providers.values()].filter((p) => p.disabled).map((p) => p.name),
      ['lmstudio', 'localai', 'vllm'],
    );
    assert.ok(cfg.rules.length >= 15);
    assert.equal(cfg.rules.at(-1)!.id, 'default');
  });

  it('loads the seed YAML unchanged', () => {
    const seedPath = join(ROOT, '..', 'shared', 'seed', '000_0cf5d40a5979f150.txt');
    if (existsSync(seedPath)) {
      const doc = readFileSync(seedPath, 'utf8');
      const block = /\*\*File: `config\/llm_routing.yaml`\*\*\n\n```yaml\n([\s\S]*?)```/.exec(doc)![1];
      assert.equal(readText(SEED), block, 'test/fixtures/configs/seed.yaml must be the seed block, byte for byte');
    }
    const cfg = seed();
    assert.deepEqual([...cfg.providers.keys()], ['ollama', 'lmstudio', 'groq', 'together', 'anthropic', 'openai']);
    assert.equal(cfg.providers.get('lmstudio')!.type, 'openai_compatible');
    assert.equal(cfg.providers.get('groq')!.rateLimit, 30);
    assert.equal(cfg.raw.cost_limits.daily_budget, 10);
    assert.equal(cfg.raw.cost_limits.provider_limits!.anthropic.per_request, 0.5);
    assert.deepEqual(cfg.fallbackChain.map((t) => t.provider), ['ollama', 'groq', 'anthropic', 'openai']);
    // routing_rules become rules, in file order, then the implicit fallback rule.
    assert.deepEqual(cfg.rules.map((r) => r.id), [
      'reasoning.simple', 'reasoning.medium', 'reasoning.complex',
      'code_generation.simple', 'code_generation.medium', 'code_generation.complex',
      'classification.all', 'embedding.all', 'summarization.short', 'summarization.long', 'no-rule-matched',
    ]);
  });

  it('keeps the committed JSON Schema in step with the zod schema (run `npm run schema`)', () => {
    assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), schemaText());
  });

  it('reports a missing file at 1:1', () => {
    assert.throws(() => loadConfigFile('/nonexistent/llm_routing.yaml', { label: 'x.yaml' }), /^ConfigErrors: x\.yaml:1:1: file not found$|x\.yaml:1:1: file not found/);
  });
});

describe('config errors are positioned', () => {
  it('YAML syntax error', () => {
    const msg = errorOf(`${BASE}rules:\n  - use: [ollama\n    reason: x\n`);
    assert.match(msg, /^test\.yaml:10:10: YAML: /, 'at the bracket that is never closed (line 10), not the line after');
  });

  it('YAML syntax errors point at the quote or bracket left open and at the misplaced key, not at the next line', () => {
    // [the text, the 1-based line and column the user must look at]
    const cases: [string, number, number][] = [
      [BASE.replace('default_model: llama3.1:8b', 'default_model: "llama3.1:8b'), 4, 22],
      [BASE.replace('default_model: llama3.1:8b', "default_model: 'llama3.1:8b"), 4, 22],
      [BASE.replace('    ollama:\n      default_model: llama3.1:8b', '    ollama: { default_model: llama3.1:8b'), 3, 13],
      [`${BASE}fallback_chain: [ollama, anthropic\n`, 9, 17],
      [BASE.replace('  premium:', '   premium:'), 5, 4],
    ];
    for (const [text, line, col] of cases) assert.match(errorOf(text), new RegExp(`^test\\.yaml:${line}:${col}: YAML: `), text);
  });

  it('unknown key with "did you mean"', () => {
    const msg = errorOf(`${BASE}cost_limits:\n  daily_budgte: 5\n`);
    assert.equal(msg, 'test.yaml:10:3: unknown key "daily_budgte" in cost_limits (did you mean "daily_budget"?)');
  });

  it('unknown key inside a provider', () => {
    const msg = errorOf(BASE.replace('      default_model: llama3.1:8b', '      defualt_model: llama3.1:8b'));
    assert.equal(msg, 'test.yaml:4:7: unknown key "defualt_model" in providers.local.ollama (did you mean "default_model"?)');
  });

  it('unknown top-level section', () => {
    const msg = errorOf(`${BASE}fallback_chian: [ollama]\n`);
    assert.equal(msg, 'test.yaml:9:1: unknown key "fallback_chian" (did you mean "fallback_chain"?)');
  });

  it('wrong type', () => {
    const msg = errorOf(`${BASE}cost_limits:\n  daily_budget: lots\n`);
    assert.match(msg, /^test\.yaml:10:17: cost_limits\.daily_budget: .*expected number/);
  });

  it('wrong enum value, with a suggestion', () => {
    const msg = errorOf(`${BASE}rules:\n  - when: { task: reasonin }\n    use: [ollama]\n    reason: r\n`);
    assert.match(msg, /^test\.yaml:10:19: rules\[0\]\.when\.task: "reasonin" is not one of .* \(did you mean "reasoning"\?\)$/);
  });

  it('target naming an unknown provider', () => {
    const msg = errorOf(`${BASE}fallback_chain:\n  - ollama\n  - anthropc\n`);
    assert.equal(msg, 'test.yaml:11:5: unknown provider "anthropc" in target "anthropc" (did you mean "anthropic"?)');
  });

  it('malformed target', () => {
    const msg = errorOf(`${BASE}rules:\n  - use: ["ollama:"]\n    reason: r\n`);
    assert.match(msg, /^test\.yaml:10:11: malformed target "ollama:"/);
  });

  it('a cycle in fallbacks', () => {
    const msg = errorOf(`${BASE}fallback_chain:\n  - ollama\n  - anthropic\n  - ollama:llama3.1:70b\n`);
    assert.equal(msg, 'test.yaml:12:5: fallback cycle: "ollama" is already in fallback_chain at line 10');
  });

  it('an unknown provider in provider_limits', () => {
    const msg = errorOf(`${BASE}cost_limits:\n  provider_limits:\n    opneai: { daily: 1 }\n`);
    assert.match(msg, /^test\.yaml:11:5: provider_limits names unknown provider "opneai"/);
  });

  it('reports every problem, sorted by position', () => {
    const msg = errorOf(`${BASE}cost_limits:\n  daily_budgte: 5\nfallback_chian: []\n`);
    assert.deepEqual(msg.split('\n').map((l) => l.split(': ')[0]), ['test.yaml:10:3', 'test.yaml:11:1']);
  });
});

describe('${VAR} interpolation', () => {
  it('reads keys from the injected environment, never exposes them', () => {
    const cfg = fromYaml(BASE, { ANTHROPIC_API_KEY: 'sk-ant-secret-123' });
    const p = cfg.providers.get('anthropic')!;
    assert.equal(p.apiKey, 'sk-ant-secret-123');
    assert.equal(p.disabled, undefined);
    assert.deepEqual(p.keyVars, ['ANTHROPIC_API_KEY']);
    assert.ok(!JSON.stringify([...cfg.providers.values()]).includes('sk-ant-secret-123'));
    assert.ok(!JSON.stringify(cfg.raw).includes('sk-ant-secret-123'));
  });

  it('a missing variable disables only that provider, with the reason', () => {
    const cfg = fromYaml(BASE, {});
    assert.equal(cfg.providers.get('anthropic')!.disabled, 'no key: ANTHROPIC_API_KEY is not set');
    assert.equal(cfg.providers.get('ollama')!.disabled, undefined);
    assert.ok(cfg.warnings.some((w) => w.includes('ANTHROPIC_API_KEY')));
  });

  it('supports ${VAR:-default} and interpolates base_url', () => {
    const cfg = fromYaml(
      BASE.replace('      default_model: llama3.1:8b', '      base_url: "http://${OLLAMA_HOST:-127.0.0.1}:${OLLAMA_PORT}"\n      default_model: llama3.1:8b'),
      { OLLAMA_PORT: '9999', ...ALL_KEYS },
    );
    assert.equal(cfg.providers.get('ollama')!.baseUrl, 'http://127.0.0.1:9999');
  });

  it('a cloud provider with no api_key at all is off, and says why', () => {
    const cfg = fromYaml(BASE.replace('      api_key: ${ANTHROPIC_API_KEY}\n', ''));
    assert.match(cfg.providers.get('anthropic')!.disabled!, /no key/);
  });
});

describe('provider normalization', () => {
  it('infers type and base_url for known names, and locality from the tier (a loopback URL does not make a fast_cloud provider local)', () => {
    const cfg = fromYaml(`providers:
  fast_cloud:
    groq: { api_key: "\${GROQ_API_KEY}" }
    team-proxy: { type: openai_compatible, base_url: "http://127.0.0.1:4000/v1", default_model: m }
  local:
    ollama: {}
`);
    const groq = cfg.providers.get('groq')!;
    assert.equal(groq.type, 'groq');
    assert.equal(groq.baseUrl, 'https://api.groq.com');
    assert.equal(groq.local, false);
    assert.equal(cfg.providers.get('team-proxy')!.local, false);
    assert.equal(cfg.providers.get('ollama')!.local, true);
    assert.equal(cfg.providers.get('ollama')!.baseUrl, 'http://localhost:11434');
  });

  it('an unknown provider name needs a type', () => {
    assert.match(errorOf(`providers:\n  premium:\n    acme: { base_url: "https://acme.example/v1" }\n`), /^test\.yaml:3:5: provider "acme" needs a `type`/);
  });

  it('resolves a target without a model: task, complexity, default, default_model', () => {
    const cfg = fromYaml(`providers:
  premium:
    openai:
      api_key: k
      default_model: base
      models: { reasoning: r-model, complex: c-model, default: d-model }
    anthropic:
      api_key: k
      default_model: only-default
`);
    const openai = cfg.providers.get('openai')!;
    assert.equal(cfg.resolveModel(openai, 'reasoning', 'simple'), 'r-model');
    assert.equal(cfg.resolveModel(openai, 'code_generation', 'complex'), 'c-model');
    assert.equal(cfg.resolveModel(openai, 'code_generation', 'simple'), 'd-model');
    assert.equal(cfg.resolveModel(cfg.providers.get('anthropic')!, 'chat', 'simple'), 'only-default');
  });
});
