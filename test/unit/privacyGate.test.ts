// The privacy gate: local-only mode, privacy.local_only_paths, and the secret policy, before the rules run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPathMatcher, createPrivacyGate, globToRegExp, isLocalProvider, STAYED_LOCAL, type PrivacySettings } from '../../src/core/privacy';
import { GENERATORS, prng } from '../fixtures/secrets-corpus/generate';
import { fromYaml, shipped } from './helpers/config';

const DEFAULT_PATHS = shipped().raw.privacy.local_only_paths;
const settings = (over: Partial<PrivacySettings> = {}): PrivacySettings => ({
  local_only: false,
  local_only_paths: DEFAULT_PATHS,
  secrets: 'route_local',
  ...over,
});

describe('globs', () => {
  const m = (glob: string, path: string, caseInsensitive = true) => globToRegExp(glob, { caseInsensitive }).test(path);

  it('** spans zero or more segments, dot segments included; * and ? stay within one', () => {
    assert.ok(m('**/.env*', '.env'));
    assert.ok(m('**/.env*', 'apps/web/.env.local'));
    assert.ok(m('**/id_rsa*', '/home/u/.ssh/id_rsa'));
    assert.ok(m('src/**', 'src/a/b.ts'));
    assert.ok(!m('*.pem', 'certs/a.pem'));
    assert.ok(m('?.key', 'a.key') && !m('?.key', 'ab.key'));
  });

  it('classes, braces, case', () => {
    assert.ok(m('**/*.{pem,key}', 'x/tls.key') && m('**/*.{pem,key}', 'tls.pem') && !m('**/*.{pem,key}', 'tls.crt'));
    assert.ok(m('**/secrets.[jy]*', 'secrets.yaml') && !m('**/secrets.[!jy]*', 'secrets.yaml'));
    assert.ok(m('**/*.pem', 'CERTS/SERVER.PEM'));
    assert.ok(!m('**/*.pem', 'CERTS/SERVER.PEM', false));
    assert.ok(m('a.b', 'a.b') && !m('a.b', 'axb'), 'regex characters are literal');
  });
});

describe('privacy.local_only_paths', () => {
  const matcher = createPathMatcher(DEFAULT_PATHS, { workspaceRoots: ['/work/proj', 'C:\\Users\\me\\app'] });
  const hit = (p: string) => matcher.match(p)?.pattern;

  it('the defaults catch the issue list, absolute or relative, on any platform', () => {
    for (const p of [
      '.env',
      '/work/proj/.env.production',
      'packages/api/.env.local',
      '/work/proj/certs/server.pem',
      'C:\\Users\\me\\app\\tls\\server.key',
      '/home/me/.ssh/id_rsa',
      '/home/me/.ssh/id_rsa.pub',
      'config/secrets.yaml',
      '/home/me/.aws/credentials',
      'credentials.json',
      'DEPLOY/Secrets.YML',
    ])
      assert.ok(hit(p), p);
    for (const p of ['src/env.ts', 'README.md', '/work/proj/src/secretsManager.ts', 'docs/keys.md', 'src/pem.ts', 'public.keys']) assert.equal(hit(p), undefined, p);
  });

  it('shows the workspace-relative path and the deciding pattern', () => {
    assert.deepEqual(matcher.match('/work/proj/apps/.env'), { path: 'apps/.env', pattern: '**/.env*' });
    assert.deepEqual(matcher.match('C:\\Users\\me\\app\\a.pem'), { path: 'a.pem', pattern: '**/*.pem' });
  });

  it('! re-includes, the last match wins; patterns without a slash match the base name', () => {
    const m = createPathMatcher(['**/.env*', '!**/.env.example', 'private.txt']);
    assert.ok(m.match('a/.env'));
    assert.equal(m.match('a/.env.example'), undefined);
    assert.ok(m.match('deep/dir/private.txt'));
    assert.equal(createPathMatcher([]).match('.env'), undefined);
  });
});

describe('privacy gate', () => {
  const gh = GENERATORS.ghp(prng(3));

  it('nothing private: cloud allowed, no badge, text unchanged', () => {
    const v = createPrivacyGate(settings()).check({ filePaths: ['src/app.ts'], text: 'explain this function' });
    assert.deepEqual(v, { localOnly: false, reasons: [], text: 'explain this function', findings: [] });
  });

  it('local-only mode from the request or the config', () => {
    const a = createPrivacyGate(settings()).check({ localOnly: true, text: 'x' });
    const b = createPrivacyGate(settings({ local_only: true })).check({ text: 'x' });
    for (const v of [a, b]) {
      assert.equal(v.localOnly, true);
      assert.deepEqual(v.reasons, ['local-only mode is on']);
      assert.equal(v.badge, STAYED_LOCAL);
    }
  });

  it('context from a private file routes local with a reason naming the file and pattern; no scan needed', () => {
    const gate = createPrivacyGate(settings({ secrets: 'block' }), { workspaceRoots: ['/work/proj'] });
    const v = gate.check({ filePaths: ['/work/proj/src/a.ts', '/work/proj/.env'], text: `TOKEN=${gh}` });
    assert.equal(v.localOnly, true);
    assert.equal(v.badge, 'stayed local');
    assert.deepEqual(v.reasons, ['context from .env matches privacy.local_only_paths (**/.env*)']);
    assert.equal(v.blocked, undefined, 'text that stays local is never blocked');
    assert.equal(v.text, `TOKEN=${gh}`);
  });

  it('privacy.secrets: route_local, redact and block', () => {
    const text = `fix this:\nconst t = "${gh}";`;
    const local = createPrivacyGate(settings()).check({ text });
    assert.equal(local.localOnly, true);
    assert.equal(local.badge, STAYED_LOCAL);
    assert.deepEqual(local.reasons, ['secret found: github_token at line 2']);

    const red = createPrivacyGate(settings({ secrets: 'redact' })).check({ text });
    assert.equal(red.localOnly, false);
    assert.equal(red.badge, undefined);
    assert.equal(red.text, 'fix this:\nconst t = "[REDACTED:github_token]";');
    assert.match(red.message!, /^redacted 1 secret before sending: github_token at line 2$/);

    const block = createPrivacyGate(settings({ secrets: 'block' })).check({ text });
    assert.equal(block.blocked, true);
    assert.match(block.message!, /github_token at line 2/);
    assert.ok(!block.message!.includes(gh));
  });

  it('reads the privacy section of a loaded config', () => {
    const cfg = fromYaml('providers:\n  local:\n    ollama: {}\nprivacy:\n  local_only_paths: ["**/*.secret"]\n  secrets: redact\n');
    const gate = createPrivacyGate(cfg);
    assert.equal(gate.settings.secrets, 'redact');
    assert.ok(gate.matchPath('a/b.secret'));
    assert.equal(gate.matchPath('.env'), undefined);
  });

  it('isLocalProvider follows the loaded config: the tier and an explicit local, never a loopback URL alone', () => {
    const cfg = fromYaml(
      'providers:\n  local:\n    ollama: {}\n  fast_cloud:\n    box: { type: openai_compatible, base_url: "http://127.0.0.1:9000/v1", api_key: k }\n' +
        '    lan: { type: openai_compatible, base_url: "http://gpu.lan:8000/v1", api_key: k, local: true }\n' +
        '    far: { type: openai_compatible, base_url: "https://llm.example.net/v1", api_key: k }\n',
    );
    const local = [...cfg.providers.values()].filter(isLocalProvider).map((p) => p.name);
    assert.deepEqual(local, ['ollama', 'lan']);
  });
});
