// `llm-router scan-secrets`: findings with positions and masked previews, private paths, redaction, stdin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { GENERATORS, prng } from '../fixtures/secrets-corpus/generate';
import { ROOT } from './helpers/config';

async function cli(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), signal: new AbortController().signal, env: {}, cwd });
  return { code, out, err };
}

describe('llm-router scan-secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  const rng = prng(21);
  const gh = GENERATORS.ghp(rng);
  const aws = GENERATORS.aws_access_key_id(rng);
  writeFileSync(join(dir, 'app.ts'), `const a = 1;\nconst token = "${gh}";\n// ${aws}\n`);
  writeFileSync(join(dir, '.env'), 'NAME=value\n');

  it('lists kind, FILE:LINE:COL and a masked preview; never the secret', async () => {
    const r = await cli(['scan-secrets', 'app.ts'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^app\.ts:2:16 +github_token +ghp_…\napp\.ts:3:4 +aws_access_key_id +AKIA…|ASIA…/);
    assert.match(r.out, /2 secrets found \(github_token at line 2, aws_access_key_id at line 3\): this request stays on local models/);
    assert.ok(!r.out.includes(gh) && !r.out.includes(aws));
  });

  it('--json, --policy and a private path', async () => {
    const r = JSON.parse((await cli(['scan-secrets', '.env', '--json', '--policy', 'block'], dir)).out);
    assert.deepEqual(r.localOnlyPath, { path: '.env', pattern: '**/.env*' });
    assert.equal(r.localOnly, true);
    assert.deepEqual(r.findings, []);
    const text = (await cli(['scan-secrets', '.env'], dir)).out;
    assert.match(text, /\.env: no secrets found\n\.env matches privacy\.local_only_paths \(\*\*\/\.env\*\): requests with it stay local/);
    const blocked = JSON.parse((await cli(['scan-secrets', 'app.ts', '--json', '--policy', 'block'], dir)).out);
    assert.equal(blocked.blocked, true);
  });

  it('--redacted prints the text as it would be sent', async () => {
    const r = await cli(['scan-secrets', 'app.ts', '--redacted'], dir);
    assert.equal(r.out, 'const a = 1;\nconst token = "[REDACTED:github_token]";\n// [REDACTED:aws_access_key_id]\n');
    assert.match(r.err, /^redacted 2 secrets before sending/);
  });

  it('user errors: no file, a missing file, a bad policy', async () => {
    assert.equal((await cli(['scan-secrets'], dir)).code, 1);
    const missing = await cli(['scan-secrets', 'nope.txt'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read nope\.txt: ENOENT/);
    assert.match((await cli(['scan-secrets', 'app.ts', '--policy', 'shred'], dir)).err, /--policy must be one of route_local, redact, block/);
  });

  it('reads stdin with -', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'scan-secrets', '-'], {
      cwd: ROOT,
      input: `x\npassword = "${GENERATORS.password(rng)}"\n`,
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, NODE_NO_WARNINGS: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^<stdin>:2:13 +secret_assignment/);
  });
});
