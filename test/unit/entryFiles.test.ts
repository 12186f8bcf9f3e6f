// One privacy gate for every entry point: every request carries the files its text came from (the type
// requires them), fill-in-the-middle included (a private document keeps FIM local even with
// inline.allow_paid), and a vscode.lm request's files are found from what it names and what it carries.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/core/config/load';
import { contextFiles, documentsIn, namedFiles } from '../../src/core/privacy/contextFiles';
import { Router, type FimRequest, type RouterRequest } from '../../src/core/router';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { drain } from './routerFixture';

let srv: FakeProvider;
before(async () => (srv = await startFakeProvider('all')));
after(() => srv.close());
beforeEach(() => srv.reset());

/** A local FIM coder and a paid one (whose server honours `suffix`), with inline.allow_paid: the paid one is first, so only privacy keeps FIM local. */
function config() {
  const yaml = stringify({
    providers: {
      local: { ol: { type: 'ollama', base_url: srv.url, default_model: 'deepseek-coder:6.7b', fim: true } },
      fast_cloud: { pc: { type: 'openai_compatible', base_url: `${srv.url}/v1`, api_key: '${PC_KEY}', default_model: 'gpt-3.5-turbo-instruct', fim: true, fim_template: 'suffix' } },
    },
    rules: [{ id: 'code', when: { task: 'code_generation' }, use: ['pc', 'ol'], reason: 'paid coder first', fallback: false }],
    router: { retries: 0 },
    inline: { allow_paid: true },
  });
  return parseConfig(yaml, { file: 'inline.yaml', env: (n) => (n === 'PC_KEY' ? 'sk-test-pc-0001' : undefined) });
}
const cloud = () => srv.log.filter((e) => e.path === '/v1/completions').length;
const fim = async (req: FimRequest) => {
  const events = await drain(new Router({ config: config() }).fim(req));
  const decision = events.find((e) => e.type === 'decision');
  const done = events.find((e) => e.type === 'done');
  return { provider: done?.type === 'done' ? done.result.provider : undefined, explanation: decision?.type === 'decision' ? decision.decision.explanation : '' };
};

describe('every request says which files it carries', () => {
  it('the type requires `files` (a request without it does not compile)', () => {
    // @ts-expect-error files is required: an entry point cannot forget it
    const chat: RouterRequest = { messages: [{ role: 'user', content: 'hi' }] };
    // @ts-expect-error files is required for fill-in-the-middle too
    const inline: FimRequest = { prefix: 'a', suffix: 'b' };
    assert.ok(chat && inline);
  });

  it('FIM in a public file goes to the paid coder (inline.allow_paid), so the next tests can fail', async () => {
    const r = await fim({ prefix: 'const total = ', suffix: ';\n', files: ['/work/app/src/cart.ts'] });
    assert.equal(r.provider, 'pc');
    assert.equal(cloud(), 1);
  });

  it('FIM in a private file stays local, even with inline.allow_paid, and says why', async () => {
    const r = await fim({ prefix: 'DATABASE_URL=', suffix: '\n', files: ['/work/app/.env.production'] });
    assert.equal(r.provider, 'ol');
    assert.equal(cloud(), 0);
    assert.match(r.explanation, /stayed local: context from .*\.env\.production matches privacy\.local_only_paths/);
  });

  it('FIM in local-only mode, or with a secret around the cursor, stays local', async () => {
    assert.equal((await fim({ prefix: 'const total = ', suffix: ';\n', files: [], localOnly: true })).provider, 'ol');
    const key = 'AKIA' + 'Q3EGRT5ZK2MN7XWP';
    const r = await fim({ prefix: `const id = "${key}";\nconst total = `, suffix: ';\n', files: [] });
    assert.equal(r.provider, 'ol');
    assert.match(r.explanation, /stayed local: secret found: aws_access_key_id/);
    assert.equal(cloud(), 0);
  });
});

describe("a vscode.lm request's files", () => {
  it('the paths its messages name: filePath attributes, file:// URIs, #file references', () => {
    const texts = [
      '<attachment id="env" filePath="/home/u/app/.env">\nDB_PASSWORD=x\n</attachment>',
      'see file:///home/u/app/config/secrets.yaml and #file:id_rsa',
    ];
    assert.deepEqual(namedFiles(texts).sort(), ['/home/u/app/.env', '/home/u/app/config/secrets.yaml', 'id_rsa']);
  });

  it('the open documents whose text it carries (a line that says something, or a small file whole)', () => {
    const docs = [
      { path: '/home/u/app/.env', text: 'DATABASE_URL=postgres://app@db/app\nDEBUG=1\n' },
      { path: '/home/u/app/src/index.ts', text: 'export const port = 8080;\n}\n' },
      { path: '/home/u/app/tiny.txt', text: 'ok=1' },
    ];
    assert.deepEqual(documentsIn(['Why does this fail?\n\nDATABASE_URL=postgres://app@db/app\n'], docs), ['/home/u/app/.env']);
    assert.deepEqual(documentsIn(['}\n'], docs), [], 'a line that says nothing says nowhere');
    assert.deepEqual(documentsIn(['value: ok=1'], docs), ['/home/u/app/tiny.txt']);
    assert.deepEqual(contextFiles(['hi'], ['/given/by/caller.pem'], docs), ['/given/by/caller.pem']);
  });
});
