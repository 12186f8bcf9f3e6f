// The router as a language model for other extensions: vscode.lm.selectChatModels({ vendor: 'llm-router' }),
// sendRequest, countTokens and cancellation, against the fake providers.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import { countTokens } from '../../../src/core/tokens';
import { fakeLog as fullLog, fakeReset, fakeScript, until } from './helpers/fake';


/** The fake's log without inline (fill-in-the-middle) requests, which the editor may trigger on its own. */
const fakeLog = async () => (await fullLog()).filter((e) => e.path !== '/api/generate');
const EXTENSION_ID = 'llm-router.llm-router';

async function models() {
  return until('the router models', async () => {
    const m = await vscode.lm.selectChatModels({ vendor: 'llm-router' });
    return m.length ? m : undefined;
  });
}
const byId = async (id: string) => (await models()).find((m) => m.id === id)!;

async function text(model: vscode.LanguageModelChat, prompt: string, token?: vscode.CancellationToken) {
  const res = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], {}, token);
  let out = '';
  for await (const t of res.text) out += t;
  return out;
}

suiteSetup(async () => {
  await (await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate()).ready;
});
setup(() => fakeReset());

suite('Language model provider', () => {
  test('offers Router (auto), Router (local only) and Router (premium)', async () => {
    const m = await models();
    assert.deepEqual(m.map((x) => x.name).sort(), ['Router (auto)', 'Router (local only)', 'Router (premium)']);
    assert.ok(m.every((x) => x.vendor === 'llm-router' && x.family === 'llm-router' && x.maxInputTokens > 0));
  });

  test('Router (auto): a round trip through sendRequest, routed by classification', async () => {
    const out = await text(await byId('auto'), 'hello there');
    assert.match(out, /^echo:[0-9a-f]{8}/);
    const log = await fakeLog();
    assert.deepEqual(log.map((e) => [e.path, e.model]), [['/api/chat', 'llama3.1:8b']]);
    assert.match(JSON.stringify(log[0].body), /hello there/);
  });

  test('Router (auto) sends complex reasoning to the premium rule; Router (local only) keeps it local', async () => {
    const q = 'design a distributed lock service with fencing tokens and explain the trade-offs in depth';
    await text(await byId('auto'), q);
    await text(await byId('local'), q);
    const log = await fakeLog();
    assert.deepEqual(log.map((e) => e.path), ['/v1/messages', '/api/chat']);
  });

  test('private context stays local: a request carrying an open .env file, or naming it in modelOptions.files, never reaches the cloud', async () => {
    const env = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.env.lm');
    const content = 'FEATURE_FLAGS=checkout-v2,dark-mode\nROLLOUT_PERCENT=25\n';
    await vscode.workspace.fs.writeFile(env, new TextEncoder().encode(content));
    await vscode.window.showTextDocument(env);
    const q = 'design a distributed lock service with fencing tokens and explain the trade-offs in depth';
    const cloud = async () => (await fakeLog()).filter((e) => e.flavor !== 'ollama');
    const auto = await byId('auto');
    await text(auto, q);
    assert.deepEqual((await fakeLog()).map((e) => e.path), ['/v1/messages'], 'without the file: the premium rule');
    await fakeReset();
    await text(auto, `${q}\n\n${content}`);
    const named = await auto.sendRequest([vscode.LanguageModelChatMessage.User(q)], { modelOptions: { files: [env.fsPath] } });
    for await (const _ of named.text) void _;
    assert.deepEqual((await fakeLog()).map((e) => e.path), ['/api/chat', '/api/chat']);
    assert.deepEqual(await cloud(), []);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Router (premium) prefers the premium tier even for a simple question', async () => {
    await text(await byId('premium'), 'hello there');
    assert.deepEqual((await fakeLog()).map((e) => e.path), ['/v1/messages']);
  });

  test('countTokens is the real tokenizer count', async () => {
    const m = await byId('auto');
    const s = 'function add(a: number, b: number) { return a + b; }';
    assert.strictEqual(await m.countTokens(s), countTokens(s));
    assert.strictEqual(await m.countTokens(vscode.LanguageModelChatMessage.User(s)), countTokens(s) + 4);
  });

  test('cancelling the request aborts upstream', async () => {
    await fakeScript([{ chunks: 40, chunkDelayMs: 100 }], { path: '/api/chat' });
    const cts = new vscode.CancellationTokenSource();
    const res = await (await byId('auto')).sendRequest([vscode.LanguageModelChatMessage.User('hello there')], {}, cts.token);
    const reading = (async () => {
      for await (const _ of res.text) cts.cancel();
    })();
    await reading.catch(() => undefined);
    const entry = await until('the close', async () => (await fakeLog()).find((e) => e.closedAt));
    assert.strictEqual(entry.outcome, 'client_aborted');
    assert.ok(entry.chunksSent < 40);
  });
});
