// The getting-started walkthrough's core: finding local model servers (against the fake servers, which speak
// Ollama's and OpenAI's real endpoints) and turning them on in a routing config without touching its layout.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/core/config/load';
import { turnOnLocalServers } from '../../src/core/config/turnOn';
import { findLocalRuntimes, LOCAL_RUNTIMES, probeRuntime, type RuntimeSpec } from '../../src/core/runtimes/detect';
import { DEFAULT_MODELS, startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());

/** The shipped table's entry for `provider`, moved to the fake server's port. */
const at = (provider: string, url: string): RuntimeSpec => {
  const spec = LOCAL_RUNTIMES.find((r) => r.provider === provider)!;
  const base = new URL(spec.base_url);
  const fake = new URL(url);
  return { ...spec, base_url: `${base.protocol}//127.0.0.1:${fake.port}${base.pathname}` };
};

describe('finding local model servers', () => {
  it('the shipped table covers the usual ports, on 127.0.0.1 only', () => {
    const ports = Object.fromEntries(LOCAL_RUNTIMES.map((r) => [r.label, new URL(r.base_url).port]));
    assert.deepEqual(ports, { Ollama: '11434', 'LM Studio': '1234', 'llama.cpp server': '8080', LocalAI: '8080', vLLM: '8000' });
    assert.ok(LOCAL_RUNTIMES.every((r) => new URL(r.base_url).hostname === '127.0.0.1'));
  });

  it('an Ollama and an OpenAI-compatible server answer their probes, with the models they serve', async () => {
    const found = await findLocalRuntimes([at('ollama', srv.url), at('lmstudio', srv.url)]);
    // Both answer on one port here: the first listed wins, as for llama.cpp and LocalAI on 8080.
    assert.deepEqual(found.map((f) => f.spec.provider), ['ollama']);
    assert.deepEqual(found[0].models, DEFAULT_MODELS.ollama);
    const lm = await probeRuntime(at('lmstudio', srv.url), 5000);
    assert.deepEqual(lm?.models, DEFAULT_MODELS.openai);
  });

  it('a server that does not answer its own probe is not taken for another kind', async () => {
    // The fake speaks Ollama and OpenAI, not llama.cpp's /props nor vLLM's /version.
    assert.equal(await probeRuntime(at('llamacpp', srv.url), 5000), undefined);
    assert.equal(await probeRuntime(at('vllm', srv.url), 5000), undefined);
  });

  it('nothing listening, a redirect, or a host that is not loopback: not found, never thrown', async () => {
    const redirect = createServer((_req, res) => res.writeHead(302, { location: '/login' }).end());
    await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r));
    const port = (redirect.address() as AddressInfo).port;
    try {
      const spec = LOCAL_RUNTIMES.find((r) => r.provider === 'localai')!;
      assert.equal(await probeRuntime({ ...spec, base_url: `http://127.0.0.1:${port}/v1` }, 5000), undefined);
      redirect.close();
      assert.equal(await probeRuntime({ ...spec, base_url: `http://127.0.0.1:${port}/v1` }, 5000), undefined);
      assert.equal(await probeRuntime({ ...spec, base_url: 'http://192.0.2.1:8080/v1' }, 5000), undefined);
      assert.equal(srv.log.filter((e) => e.path === '/readyz').length, 0);
    } finally {
      redirect.close();
    }
  });
});

describe('turning servers on in the routing config', () => {
  const shipped = readFileSync(join(ROOT, 'config', 'llm_routing.yaml'), 'utf8');
  const local = new Set(LOCAL_RUNTIMES.map((r) => r.provider));
  const lm = { provider: 'lmstudio', label: 'LM Studio', type: 'openai_compatible', base_url: 'http://127.0.0.1:1234/v1', models: ['qwen2.5-coder-7b-instruct'] };
  const llama = { provider: 'llamacpp', label: 'llama.cpp server', type: 'openai_compatible', base_url: 'http://127.0.0.1:8080/v1', models: ['qwen.gguf'] };

  it('enables a provider the config has, with a model it serves, and adds it to fallback_chain after the local ones', () => {
    const r = turnOnLocalServers(shipped, [lm], (p) => local.has(p));
    const cfg = parseConfig(r.text, { env: () => undefined });
    const p = cfg.providers.get('lmstudio')!;
    assert.equal(p.disabled, undefined);
    assert.equal(p.defaultModel, 'qwen2.5-coder-7b-instruct');
    assert.deepEqual(cfg.fallbackChain.map((t) => t.provider).slice(0, 2), ['ollama', 'lmstudio']);
    assert.equal(r.changes.length, 3, r.changes.join('\n'));
    // Everything else is as it was: only those three lines differ.
    const before = shipped.split('\n');
    const changed = r.text.split('\n').filter((l) => !before.includes(l));
    assert.deepEqual(changed, ['      default_model: "qwen2.5-coder-7b-instruct"', '      enabled: true   # set to true while LM Studio\'s server runs', '  - lmstudio']);
  });

  it('adds a server the config does not know to the local tier; a second run changes nothing', () => {
    const once = turnOnLocalServers(shipped, [llama], (p) => local.has(p));
    const cfg = parseConfig(once.text, { env: () => undefined });
    const p = cfg.providers.get('llamacpp')!;
    assert.equal(p.local, true);
    assert.equal(p.baseUrl, 'http://127.0.0.1:8080/v1');
    assert.ok(cfg.fallbackChain.some((t) => t.provider === 'llamacpp'));
    const twice = turnOnLocalServers(once.text, [llama], (p) => local.has(p));
    assert.equal(twice.text, once.text);
    assert.deepEqual(twice.changes, []);
  });

  it('the new provider follows the last one, spaced like its siblings; nothing else changes', () => {
    const tight = 'providers:\n  local:\n    ollama:\n      fim: true\n  premium:\n    anthropic: {}\nfallback_chain: [ollama, anthropic]\n';
    assert.equal(
      turnOnLocalServers(tight, [llama], (p) => local.has(p)).text,
      'providers:\n  local:\n    ollama:\n      fim: true\n    llamacpp:\n      type: openai_compatible\n      base_url: "http://127.0.0.1:8080/v1"\n      default_model: "qwen.gguf"\n      local: true\n  premium:\n    anthropic: {}\nfallback_chain: [ollama, llamacpp, anthropic]\n',
    );
    const shippedOut = turnOnLocalServers(shipped, [llama], (p) => local.has(p)).text;
    assert.match(shippedOut, /# set to true while vLLM runs\n\n {4}llamacpp:\n(?: {6}.*\n)+\n {2}fast_cloud:/);
  });

  it('keeps a flow-style fallback_chain flow, and writes a local tier when there is none', () => {
    const text = 'providers:\n  premium:\n    anthropic:\n      api_key: "${ANTHROPIC_API_KEY}"\nfallback_chain: ["anthropic"]\n';
    const r = turnOnLocalServers(text, [llama], (p) => local.has(p));
    const cfg = parseConfig(r.text, { env: () => undefined });
    assert.deepEqual(cfg.fallbackChain.map((t) => t.provider), ['llamacpp', 'anthropic']);
    assert.match(r.text, /^fallback_chain: \["llamacpp", "anthropic"\]$/m);
    assert.equal(cfg.providers.get('llamacpp')!.tier, 'local');
  });

  it('a file whose last line has no newline: the new entries go on lines of their own, and it still loads', () => {
    const text = 'providers:\n  local:\n    ollama:\n      fim: true\nfallback_chain:\n  - ollama';
    const r = turnOnLocalServers(text, [llama], (p) => local.has(p));
    assert.match(r.text, /\n {2}- ollama\n {2}- llamacpp\n$/);
    const cfg = parseConfig(r.text, { env: () => undefined });
    assert.deepEqual(cfg.fallbackChain.map((t) => t.provider), ['ollama', 'llamacpp']);
  });

  it('a server that lists an embedding model first gets a chat model as its default_model', () => {
    const r = turnOnLocalServers(shipped, [{ ...lm, models: ['nomic-embed-text', 'text-embedding-3-small', 'qwen2.5-coder-7b-instruct'] }], (p) => local.has(p));
    assert.equal(parseConfig(r.text, { env: () => undefined }).providers.get('lmstudio')!.defaultModel, 'qwen2.5-coder-7b-instruct');
  });

  it('a config that does not parse is refused with the reason', () => {
    assert.throws(() => turnOnLocalServers('providers: [\n', [lm], () => true), /does not parse/);
  });
});
