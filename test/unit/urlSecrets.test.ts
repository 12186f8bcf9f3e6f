// Keys inside a base_url (userinfo, query, path) never reach an output: the CLI's providers --json, rules
// --json and config errors, the log, the dashboard's messages; and an unset ${VAR} in a base_url turns only
// its provider off ("base_url needs ${VAR}") while the rest of the config routes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { parseConfig } from '../../src/core/config/load';
import { loadedKeys, scrubKeys } from '../../src/core/dashboard/scrub';
import { createRedactor } from '../../src/core/privacy';
import { redactUrl } from '../../src/core/config/secrets';
import { describeProviders } from '../../src/core/rulesView';
import { createDecider } from '../../src/core/rules';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { envOf, ROOT, SHIPPED } from './helpers/config';

const SECRETS = { GW_KEY: 'gwkey-TEST-q7Rk2Lx9Pz', PROXY_PASS: 'proxypass-TEST-m3Vn8Ty1', PATH_TOKEN: 'pathtok-TEST-w4Hs6Jd0', AN_KEY: 'sk-ant-TEST-url-0001' };
const work = mkdtempSync(join(tmpdir(), 'llmr-url-'));
let srv: FakeProvider;
let file = '';
before(async () => {
  srv = await startFakeProvider('all');
  const port = new URL(srv.url).port;
  file = join(work, 'keys.yaml');
  writeFileSync(
    file,
    [
      'providers:',
      '  local:',
      `    ollama: { base_url: "${srv.url}", default_model: "llama3.1:8b" }`,
      '  premium:',
      `    viaquery: { type: openai_compatible, base_url: "http://127.0.0.1:${port}/v1?key=\${GW_KEY}&team=core", api_key: "\${AN_KEY}", default_model: gpt-4o }`,
      `    viauser: { type: openai_compatible, base_url: "http://router:\${PROXY_PASS}@127.0.0.1:${port}/v1", api_key: "\${AN_KEY}", default_model: gpt-4o }`,
      `    viapath: { type: anthropic, base_url: "http://127.0.0.1:${port}/\${PATH_TOKEN}", api_key: "\${AN_KEY}", default_model: claude-sonnet-4-20250514 }`,
      'rules:',
      '  - { id: all, use: [viaquery, viauser, viapath, ollama], reason: "every provider" }',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await srv.close();
  rmSync(work, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const io = { out: (t: string) => void (text += t), err: (t: string) => void (text += t), signal: new AbortController().signal, env: { ...SECRETS }, cwd: work };
  const code = await run(argv, io);
  return { code, text };
}
const leaked = (text: string) => Object.entries(SECRETS).filter(([, v]) => text.includes(v)).map(([k]) => k);

describe('keys inside a base_url', () => {
  it('redactUrl masks userinfo and query values, and given keys anywhere', () => {
    assert.equal(redactUrl('https://u:p4ss@gw.example/v1?key=abc&x=1#f'), 'https://***@gw.example/v1?key=***&x=***#f');
    assert.equal(redactUrl('https://gw.example/v1/s3cretpathkey/x', ['s3cretpathkey']), 'https://gw.example/v1/[REDACTED:api_key]/x');
  });

  it('providers --json, rules --json, rules and config check never print them', async () => {
    for (const argv of [['providers', '--json'], ['providers'], ['rules', '--json'], ['rules'], ['config', 'check', file], ['route', '--task', 'chat', '--json']]) {
      const r = await cli(argv[0] === 'config' ? argv : [...argv, '--config', file]);
      assert.deepEqual(leaked(r.text), [], `${argv.join(' ')} printed: ${r.text}`);
    }
    const providers = JSON.parse((await cli(['providers', '--json', '--config', file])).text).providers;
    const url = (n: string) => providers.find((p: { name: string }) => p.name === n).baseUrl;
    assert.match(url('viaquery'), /\?key=\*\*\*&team=\*\*\*$/);
    assert.match(url('viauser'), /^http:\/\/\*\*\*@127\.0\.0\.1/);
    assert.match(url('viapath'), /\/\[REDACTED:api_key\]$/);
  });

  it('a config error shows the URL redacted', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'providers:\n  premium:\n    gw: { type: openai_compatible, base_url: "http//no-scheme.example/v1?key=${GW_KEY}", api_key: k }\n');
    const r = await cli(['config', 'check', bad]);
    assert.equal(r.code, 1);
    assert.match(r.text, /bad\.yaml:3:\d+: base_url "http\/\/no-scheme\.example\/v1\?key=\*\*\*" is not a URL/);
    assert.deepEqual(leaked(r.text), []);
  });

  it('the log redactor and the dashboard scrubber know them; the URL the SDK gets is the real one', () => {
    const cfg = parseConfig(readFileSync(file, 'utf8'), { file: 'keys.yaml', env: envOf(SECRETS) });
    const line = `request to ${cfg.providers.get('viapath')!.baseUrl}/v1/messages failed; body echoed ${SECRETS.GW_KEY} and http://router:${SECRETS.PROXY_PASS}@host/`;
    assert.deepEqual(leaked(createRedactor(cfg).redact(line)), []);
    assert.deepEqual(leaked(JSON.stringify(scrubKeys({ message: line, providers: describeProviders(cfg) }, loadedKeys(cfg)))), []);
    assert.deepEqual(leaked(JSON.stringify(cfg.providers.get('viaquery'))), [], 'a serialized ProviderInfo');
    assert.ok(cfg.providers.get('viaquery')!.baseUrl.includes(SECRETS.GW_KEY), 'the SDK still gets the key');
  });
});

describe('an unset variable in a base_url', () => {
  it('turns only its provider off, with the reason, and the rest of the config routes', () => {
    const text = readFileSync(SHIPPED, 'utf8').replace(/( {4}anthropic:[^\n]*\n)( {6}api_key:)/, '$1      base_url: "${ANTHROPIC_BASE_URL}"\n$2');
    assert.notEqual(text, readFileSync(SHIPPED, 'utf8'));
    const cfg = parseConfig(text, { file: join(ROOT, 'config', 'llm_routing.yaml'), env: envOf({ ANTHROPIC_API_KEY: 'sk-ant-TEST-0002', OPENAI_API_KEY: 'sk-TEST-0003' }) });
    assert.equal(cfg.providers.get('anthropic')!.disabled, 'base_url needs ${ANTHROPIC_BASE_URL}');
    const d = createDecider(cfg)({ taskType: 'code_generation', complexity: 'complex', contextTokens: 500 });
    assert.equal(d.chain.find((s) => s.provider === 'anthropic')!.skipped, 'base_url needs ${ANTHROPIC_BASE_URL}');
    assert.equal(d.chain.find((s) => !s.skipped)!.provider, 'openai');
  });
});
