// Binary input is never sent: the core's checks, the router on every request (complete, stream, FIM), and
// the CLI on --file and stdin, against the fake servers (which must see no request).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { parseConfig } from '../../src/core/config/load';
import { editorActionRequest } from '../../src/core/editorRequest';
import { BINARY_REFUSAL, BinaryInputError, decodeText, isBinaryText } from '../../src/core/input';
import { Router, type StreamEvent } from '../../src/core/router';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';
import { configYaml, KEYS, PROMPT } from './routerFixture';

// A PNG header and some compressed-looking bytes.
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x9c, 0xed, 0xc1, 0x01]);
const NO_NUL_BINARY = Uint8Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x7f));

describe('what counts as binary', () => {
  it('NUL bytes, or invalid UTF-8 above a small share, are binary; text in any script is not', () => {
    assert.throws(() => decodeText(PNG, 'logo.png'), (e) => e instanceof BinaryInputError && e.message === `logo.png: ${BINARY_REFUSAL}`);
    assert.throws(() => decodeText(NO_NUL_BINARY), BinaryInputError);
    for (const text of ['def f():\n    return 1\n', 'héllo wörld — 你好 😀', '']) assert.equal(decodeText(new TextEncoder().encode(text)), text);
    // Latin-1 prose: a few undecodable bytes among many.
    const latin1 = Uint8Array.from(Buffer.from('Le café est très bon. Nous avons visité le musée hier, puis nous sommes rentrés. '.repeat(20), 'latin1'));
    assert.match(decodeText(latin1), /Le caf/);
    // A U+FFFD that is in the file is text.
    assert.equal(decodeText(new TextEncoder().encode('\uFFFD'.repeat(10))), '\uFFFD'.repeat(10));
  });

  it('UTF-16 with a BOM is decoded, not refused', () => {
    const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from('print("hi")\n', 'utf16le')]);
    assert.equal(decodeText(le), 'print("hi")\n');
  });

  it('text: a NUL character or many U+FFFD', () => {
    assert.equal(isBinaryText('abc\0def'), true);
    assert.equal(isBinaryText('\uFFFD'.repeat(20) + 'x'.repeat(80)), true);
    assert.equal(isBinaryText('one \uFFFD in a long enough line of text'), false);
  });
});

let srv: FakeProvider;
let dir: string;
before(async () => {
  srv = await startFakeProvider('all');
  dir = mkdtempSync(join(tmpdir(), 'llmr-binary-'));
  writeFileSync(join(dir, 'routing.yaml'), configYaml(srv.url, { use: ['ol', 'oa'], providers: { ol: { fim: true } } }));
  writeFileSync(join(dir, 'logo.png'), PNG);
  writeFileSync(join(dir, 'ok.py'), 'def add(a, b):\n    return a + b\n');
});
after(() => srv.close());
beforeEach(() => srv.reset());

const router = () => new Router({ config: parseConfig(configYaml(srv.url, { use: ['ol', 'oa'], providers: { ol: { fim: true } } }), { file: 't.yaml', env: (n) => KEYS[n as keyof typeof KEYS] }) });

async function drain(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('the router refuses binary data on every request', () => {
  it('stream/complete: a decision, then the refusal; nothing goes upstream', async () => {
    const ev = await drain(router().stream({ files: [], messages: [{ role: 'user', content: `explain\n${new TextDecoder().decode(PNG)}` }], taskType: 'chat', complexity: 'simple' }));
    assert.deepEqual(ev.map((e) => e.type), ['decision', 'error']);
    const err = (ev[1] as Extract<StreamEvent, { type: 'error' }>).error;
    assert.ok(err instanceof BinaryInputError);
    assert.equal(err.message, BINARY_REFUSAL);
    await assert.rejects(router().complete({ files: [], messages: [{ role: 'user', content: 'a\0b' }], taskType: 'chat', complexity: 'simple' }), BinaryInputError);
    assert.equal(srv.log.length, 0);
  });

  it('an editor action on a binary document names the file', async () => {
    const code = new TextDecoder().decode(PNG);
    const req = editorActionRequest({ action: 'explain', code, language: 'plaintext', fileName: 'logo.png', file: join(dir, 'logo.png') });
    await assert.rejects(router().complete(req), (e) => e instanceof BinaryInputError && e.message === `logo.png: ${BINARY_REFUSAL}`);
    // A binary message that is not the document's text is named by its place.
    const chat = { files: [join(dir, 'ok.py')], messages: [{ role: 'user' as const, content: 'hi' }, { role: 'user' as const, content: code }], taskType: 'chat' as const, complexity: 'simple' as const };
    await assert.rejects(router().complete(chat), (e) => e instanceof BinaryInputError && e.message === `message 2: ${BINARY_REFUSAL}`);
    assert.equal(srv.log.length, 0);
  });

  it('fill-in-the-middle too, naming the document', async () => {
    const ev = await drain(router().fim({ files: [join(dir, 'blob.bin')], prefix: 'x = 1\0', suffix: '' }));
    assert.ok(ev.some((e) => e.type === 'error' && e.error instanceof BinaryInputError && e.error.message === `blob.bin: ${BINARY_REFUSAL}`));
    assert.equal(srv.log.length, 0);
  });
});

describe('the CLI refuses binary files, by name', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t), signal: new AbortController().signal, env: { ...KEYS }, cwd: dir } };
  };

  it('complete --file and classify --file: exit 1 with "FILE: binary file: not sent", nothing sent', async () => {
    for (const argv of [
      ['complete', '--config', 'routing.yaml', '--action', 'explain', '--file', 'logo.png', PROMPT],
      ['classify', '--config', 'routing.yaml', '--action', 'explain', '--file', 'logo.png'],
    ]) {
      const { o, io: cio } = io();
      assert.equal(await run(argv, cio), 1, argv[0]);
      assert.match(o.err, /logo\.png: binary file: not sent/);
    }
    assert.equal(srv.log.length, 0);
    const { o, io: cio } = io();
    assert.equal(await run(['classify', '--config', 'routing.yaml', '--action', 'explain', '--file', 'ok.py'], cio), 0, o.err);
  });

  it('--file - reads stdin, and refuses binary stdin', () => {
    const cli = (input: Uint8Array | string) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'classify', '--config', join(dir, 'routing.yaml'), '--action', 'explain', '--file', '-'], { input, encoding: 'utf8', cwd: ROOT });
    const bad = cli(PNG);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /^-: binary file: not sent$/m);
    const good = cli('def add(a, b):\n    return a + b\n');
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /classification: /);
  });
});
