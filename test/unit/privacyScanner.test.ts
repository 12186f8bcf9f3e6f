// The secret scanner, detector by detector, and the three policies.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  applySecretPolicy,
  maskPreview,
  redactFindings,
  scanSecrets,
  SecretBlockedError,
  type SecretKind,
} from '../../src/core/privacy';
import { classifyName } from '../../src/core/privacy/assign';
import { isPlaceholder, shannonEntropy } from '../../src/core/privacy/entropy';
import { GENERATORS, prng } from '../fixtures/secrets-corpus/generate';

const r = prng(7);
const gen = (name: string) => GENERATORS[name](r);
const kinds = (text: string) => scanSecrets(text).map((f) => f.kind);
const only = (text: string, kind: SecretKind) => assert.deepEqual(kinds(text), [kind], text.slice(0, 120));
const none = (text: string) => assert.deepEqual(kinds(text), [], text.slice(0, 120));

describe('secret scanner: detectors', () => {
  it('real private keys from node:crypto, in every PEM flavour', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    only(rsa.export({ type: 'pkcs1', format: 'pem' }) as string, 'private_key');
    only(rsa.export({ type: 'pkcs8', format: 'pem' }) as string, 'private_key');
    only(rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string, 'private_key');
    only(ec.export({ type: 'sec1', format: 'pem' }) as string, 'private_key');
    only(ed.export({ type: 'pkcs8', format: 'pem' }) as string, 'private_key');
  });

  it('a private key finding spans the whole block; public keys and bare headers are not findings', () => {
    const key = gen('rsa_pkcs1');
    const text = `before\n${key}\nafter`;
    const [f] = scanSecrets(text);
    assert.equal(text.slice(f.start, f.end), key);
    assert.equal(f.line, 2);
    none(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string);
    none("if (pem.includes('-----BEGIN RSA PRIVATE KEY-----')) convert(pem);");
  });

  it('token shapes: AWS, GitHub, Slack, Stripe, OpenAI, Anthropic', () => {
    only(`id=${gen('aws_access_key_id')}`, 'aws_access_key_id');
    none('id=AKIAIOSFODNN7EXAMPLE');
    for (const g of ['ghp', 'gho', 'ghu', 'ghs', 'ghr', 'github_pat']) only(`x ${gen(g)} y`, 'github_token');
    none('ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
    for (const g of ['xoxb', 'xoxp', 'xoxa', 'xapp']) only(`t: ${gen(g)}`, 'slack_token');
    none('xoxb-your-bot-token-here');
    only(`url=${gen('slack_webhook')}`, 'slack_webhook');
    none('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX');
    for (const g of ['sk_live', 'sk_live_long', 'rk_live', 'sk_test']) only(`k ${gen(g)}`, 'stripe_key');
    none("Stripe('pk_live_TYooMQauvdEDq54NiTphI7jx')");
    for (const g of ['openai_legacy', 'openai_proj', 'openai_svcacct']) only(`k ${gen(g)}`, 'openai_api_key');
    none('pip install sk-learn-compat-shim-for-legacy-projects');
    for (const g of ['anthropic', 'anthropic_admin']) only(`k ${gen(g)}`, 'anthropic_api_key');
  });

  it("the issue's misses: a bare Google AIza key, an Azure AccountKey=, a Twilio key passed positionally, vault login hvs.", () => {
    only(`maps key ${gen('google_api_key')}`, 'google_api_key');
    none('maps key AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
    only(`"Blobs": "DefaultEndpointsProtocol=https;AccountName=invoices;AccountKey=${gen('azure_account_key')};EndpointSuffix=core.windows.net"`, 'azure_secret');
    none('"Blobs": "DefaultEndpointsProtocol=https;AccountName=invoices;AccountKey=<your-account-key>;EndpointSuffix=core.windows.net"');
    only(`const client = require('twilio')('${gen('twilio_sid')}', '${gen('hex32')}');`, 'twilio_key');
    none(`const client = require('twilio')('${gen('twilio_sid')}', process.env.TWILIO_AUTH_TOKEN);`);
    only(`$ vault login ${gen('vault_hvs')}`, 'vault_token');
    none('$ vault login -method=oidc');
  });

  it('Basic credentials wherever they sit, only when the base64 decodes to user:password', () => {
    const basic = Buffer.from('deploy:Vq7#rT2mX9pL4wZs').toString('base64');
    only(`"header": [{ "key": "Authorization", "value": "Basic ${basic}" }]`, 'auth_header'); // a Postman export
    only(`2026-12-03T10:00:00Z GET /v2/orders 401 creds=Basic ${basic}`, 'auth_header'); // a log line
    none(`"value": "Basic ${Buffer.from('just some text without a colon').toString('base64')}"`);
    none(`"value": "Basic ${Buffer.from('user:pw').toString('base64')}"`); // a password too short to be one
    none(`useBasic ${basic}`); // "Basic" inside a longer name
    none('"value": "Basic authentication is required for this endpoint"');
  });

  it('keys handed to an SDK client by position, never names, account SIDs or non-client calls', () => {
    const key = gen('b62_40');
    only(`co = cohere.ClientV2("${key}")`, 'vendor_token');
    only(`var sg = new SendGridClient("${gen('b62_40')}");`, 'vendor_token');
    only(`const client = algoliasearch('H7K2LQ9X0P', '${gen('hex32')}');`, 'vendor_token');
    none(`client = Client("AC${gen('hex32')}")`); // an account SID names the account, it is not its secret
    none(`row = cache.lookup("${key}")`); // not a client
    none(`hash = computeDigest("${key}")`);
    none('const qc = new QueryClient(); const c = createClient("https://xyzcompany.supabase.co");');
    none('c = new SearchClient(endpoint, "my_index_name_for_products_v2")'); // an index name
    none('client = Client(api_key_env="OPENAI_API_KEY_PRODUCTION_2024")'); // the name of a variable
  });

  it('OpenRouter sk-or-v1- keys are vendor tokens (not OpenAI keys); zeros, repeats and templates are not', () => {
    only(`--oauth2-bearer ${gen('openrouter_key')}`, 'vendor_token');
    only(`OPENROUTER_API_KEY=${gen('openrouter_key')}`, 'vendor_token');
    none(`k sk-or-v1-${'0'.repeat(64)}`);
    none(`k sk-or-v1-${'a1b2'.repeat(16)}`);
    none('OPENROUTER_API_KEY=sk-or-v1-your-openrouter-key-goes-here');
  });

  it('Supabase sb_secret_ keys; publishable keys and templates are not', () => {
    only(`createClient(url, "${gen('supabase_secret')}")`, 'vendor_token');
    only(`SUPABASE_SECRET_KEY=${gen('supabase_secret')}`, 'vendor_token');
    none(`const supabase = createClient(url, "sb_publishable_${gen('b62_40').slice(0, 31)}")`); // public by design
    none('SUPABASE_SECRET_KEY=sb_secret_your-supabase-secret-key-here-xx');
    none(`k sb_secret_${'x'.repeat(31)}`);
  });

  it('JWTs need a header that decodes to JSON with alg', () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = enc({ sub: '1' });
    const sig = createHmac('sha256', 'k').update('x').digest('base64url');
    only(`Bearer ${enc({ alg: 'HS256' })}.${body}.${sig}`, 'jwt');
    none(`state=${enc({ typ: 'JWT' })}.${body}.${sig}`);
    none(`${enc({ alg: 'HS256' })}.${body}.aaaaaaaaaaaaaaaaaaaaaaaa`);
  });

  it('connection strings: the password is the finding; no password or a reference is none', () => {
    const text = 'DATABASE_URL=postgres://app:Xk8#pL2qR9@db:5432/app';
    const [f] = scanSecrets(text);
    assert.equal(f.kind, 'connection_string');
    assert.equal(text.slice(f.start, f.end), 'Xk8#pL2qR9');
    only('redis://:T0pS3cr3tRedis@cache:6379', 'connection_string');
    only('Server=db;Database=x;User Id=sa;Password=Wq9!xZ2#rT5v;', 'connection_string');
    none('postgres://app@db:5432/app');
    none('postgres://app:${DB_PASSWORD}@db:5432/app');
    none('Server=db;Database=x;Trusted_Connection=True;');
    none('PASSWORD=${DB_PASSWORD}');
  });

  it('assignments: secret names with random values; placeholders, code and plain words are not', () => {
    only(`API_KEY=${gen('b62_32')}`, 'secret_assignment');
    only(`"client_secret": "${gen('b64url_43')}"`, 'secret_assignment');
    only(`password: "${gen('password')}"`, 'secret_assignment');
    only(`Authorization: Bearer ${gen('b64url_43')}`, 'auth_header');
    only(`aws_secret_access_key = ${gen('aws_secret')}`, 'aws_secret_access_key');
    for (const text of [
      'password: ${DB_PASSWORD}',
      'API_KEY=your-api-key-here',
      'const apiKey = process.env.API_KEY;',
      'max_tokens: 1024',
      'token_type = "Bearer"',
      'grant_type: authorization_code_with_pkce',
      'apiKey: string;',
      'secret = get_secret("prod/api")',
      'password: "Enter your password"',
      `password_hash = "${gen('hex64')}"`,
      `commit: ${gen('hex40')}`,
    ])
      none(text);
  });

  it('names: which identifiers say secret', () => {
    assert.equal(classifyName('DB_PASSWORD'), 'password');
    assert.equal(classifyName('apiKey'), 'secret');
    assert.equal(classifyName('x-api-key'), 'secret');
    assert.equal(classifyName('AWS_SECRET_ACCESS_KEY'), 'secret');
    assert.equal(classifyName('key'), 'key');
    for (const n of ['keyboard', 'monkey', 'max_tokens', 'token_url', 'password_min_length', 'showPassword', 'secret_name', 'primary']) {
      assert.equal(classifyName(n), undefined, n);
    }
  });

  it('heuristics: entropy and placeholders', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    for (const p of ['changeme', '${X}', '<your-key>', 'xxxxxxxx', 'process.env.KEY', '{{ token }}', 'EXAMPLEKEY123', '']) assert.ok(isPlaceholder(p), p);
    assert.ok(!isPlaceholder('Xk8pL2qR9vT5'));
  });

  it('positions are 1-based line and column; overlapping findings keep the specific kind', () => {
    const gh = gen('ghp');
    const text = `a\nb\n  token = "${gh}"`;
    assert.deepEqual(
      scanSecrets(text).map(({ kind, line, col }) => ({ kind, line, col })),
      [{ kind: 'github_token', line: 3, col: 12 }],
    );
  });

  it('previews show at most 4 characters, fewer for short secrets', () => {
    assert.equal(maskPreview('ghp_abcdefghijklmnop'), 'ghp_…');
    assert.equal(maskPreview('Xk8#pL2qR9'), 'Xk…');
    assert.equal(maskPreview('abc'), '…');
  });

  it('generated secrets in typical contexts: ≥ 99% found as their kind, over many seeds', () => {
    const cases: [string, SecretKind, (v: string) => string][] = [
      ['aws_access_key_id', 'aws_access_key_id', (v) => `AWS_ACCESS_KEY_ID=${v}`],
      ['aws_secret', 'aws_secret_access_key', (v) => `"SecretAccessKey": "${v}"`],
      ['password', 'connection_string', (v) => `postgres://u:${v}@h:5432/db`],
      ['password', 'connection_string', (v) => `Server=h;Database=d;User Id=u;Password=${v};`],
      ['password', 'secret_assignment', (v) => `DB_PASSWORD=${v}`],
      ['hex32', 'secret_assignment', (v) => `API_KEY=${v}`],
      ['b64_32', 'secret_assignment', (v) => `secret_key = '${v}'`],
      ['b62_32', 'secret_assignment', (v) => `"apiKey": "${v}"`],
      ['ghp', 'github_token', (v) => v],
      ['github_pat', 'github_token', (v) => v],
      ['xoxb', 'slack_token', (v) => v],
      ['slack_webhook', 'slack_webhook', (v) => v],
      ['sk_live_long', 'stripe_key', (v) => v],
      ['openai_proj', 'openai_api_key', (v) => v],
      ['anthropic', 'anthropic_api_key', (v) => v],
      ['jwt_rs256', 'jwt', (v) => v],
      ['openssh', 'private_key', (v) => v],
    ];
    const N = 300;
    for (const [g, kind, wrap] of cases) {
      const rng = prng(1000 + g.length);
      let found = 0;
      for (let i = 0; i < N; i++) {
        const v = GENERATORS[g](rng);
        const text = `x\n${wrap(v)}\n`;
        const f = scanSecrets(text);
        if (f.length === 1 && f[0].kind === kind && text.slice(f[0].start, f[0].end).length >= Math.min(v.length, 8)) found++;
      }
      assert.ok(found / N >= 0.99, `${g} as ${kind}: ${found}/${N}`);
    }
  });

  it('random data with no secret name finds nothing (base64, base64url, hex blobs)', () => {
    const rng = prng(99);
    for (let i = 0; i < 200; i++) {
      const bytes = rng.bytes(3000);
      const blob = [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')][i % 3];
      assert.deepEqual(kinds(`data = "${blob}"\nid: ${blob.slice(0, 40)}\n`), [], blob.slice(0, 60));
    }
  });

  // A backtracking pattern would take minutes here: the test's limit (about 100× a normal run) stops it.
  it('scans a 1 MB text with no secret, with no pathological slow path', { timeout: 60_000 }, () => {
    const chunk = 'const value = computeSomething(alpha, beta) + "a literal string"; // key token secret\n';
    const big = chunk.repeat(Math.ceil(1_000_000 / chunk.length)) + 'x'.repeat(200_000);
    assert.deepEqual(scanSecrets(big), []);
  });
});

describe('secret policies', () => {
  const aws = gen('aws_access_key_id');
  const gh = gen('ghp');
  const text = `line one\nAWS_ACCESS_KEY_ID=${aws}\nGITHUB_TOKEN=${gh}\n`;

  it('nothing found: the text passes unchanged, no message', () => {
    for (const p of ['route_local', 'redact', 'block'] as const) {
      assert.deepEqual(applySecretPolicy('hello', p), { text: 'hello', localOnly: false, findings: [], reasons: [], message: '' });
    }
  });

  it('route_local: local only, one reason per finding, naming kind and line', () => {
    const r = applySecretPolicy(text, 'route_local');
    assert.equal(r.localOnly, true);
    assert.equal(r.text, text);
    assert.deepEqual(r.reasons, ['secret found: aws_access_key_id at line 2', 'secret found: github_token at line 3']);
    assert.match(r.message, /2 secrets found .*: this request stays on local models/);
  });

  it('redact: placeholders in the text, a message for the user, still cloud-eligible', () => {
    const r = applySecretPolicy(text, 'redact');
    assert.equal(r.localOnly, false);
    assert.equal(r.text, 'line one\nAWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\nGITHUB_TOKEN=[REDACTED:github_token]\n');
    assert.equal(r.message, 'redacted 2 secrets before sending: aws_access_key_id at line 2, github_token at line 3');
    assert.deepEqual(scanSecrets(r.text), [], 'placeholders are not secrets themselves');
  });

  it('block: refused with kinds and lines, never the value', () => {
    const r = applySecretPolicy(text, 'block');
    assert.equal(r.blocked, true);
    assert.equal(r.text, text);
    const err = new SecretBlockedError(r.findings);
    assert.equal(err.message, r.message);
    assert.match(err.message, /^not sent: the request contains 2 secrets \(aws_access_key_id at line 2, github_token at line 3\) and privacy.secrets is "block"/);
    assert.deepEqual(err.kinds, ['aws_access_key_id', 'github_token']);
    assert.ok(!err.message.includes(aws) && !err.message.includes(gh));
  });

  it('several texts (chat messages): findings carry the part, redaction keeps the shape', () => {
    const r = applySecretPolicy(['hi', `key: ${gh}`], 'redact');
    assert.deepEqual(r.text, ['hi', 'key: [REDACTED:github_token]']);
    assert.equal(r.findings[0].part, 1);
    assert.match(r.message, /github_token at message 2 line 1/);
  });

  it('redactFindings ignores overlapping or out-of-order findings safely', () => {
    const [f] = scanSecrets(`x ${gh}`);
    assert.equal(redactFindings(`x ${gh}`, [f, f]), 'x [REDACTED:github_token]');
  });
});
