// The cache in the editor: llmRouter.cache.enabled turns it on over the workspace config (which keeps it off
// for the other suites); a repeated request is served without reaching the fake server; Clear Cache empties it;
// Write Docs on a whole file goes through router.batch.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import { fakeLog, fakeReset } from './helpers/fake';

const EXTENSION_ID = 'llm-router.llm-router';
let api: LlmRouterApi;
const settings = () => vscode.workspace.getConfiguration('llmRouter');
const question = { messages: [{ role: 'user' as const, content: 'cache suite: what is a monad?' }], taskType: 'chat' as const, complexity: 'simple' as const, files: [] };

suite('Cache', () => {
  suiteSetup(async () => {
    api = (await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate())!;
    await api.ready;
    await settings().update('cache.enabled', true, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await settings().update('cache.enabled', undefined, vscode.ConfigurationTarget.Global);
  });
  setup(() => fakeReset());

  test('a repeated request is a cache hit: nothing upstream, $0, marked cached; Clear Cache empties it', async () => {
    await vscode.commands.executeCommand('llmRouter.clearCache');
    const first = await api.complete(question);
    assert.strictEqual(first.cached, false);
    const second = await api.complete(question);
    assert.strictEqual(second.cached, true);
    assert.strictEqual(second.costUsd, 0);
    assert.strictEqual(second.text, first.text);
    assert.match(second.decision.explanation, / · cached$/);
    assert.strictEqual((await fakeLog()).filter((e) => e.path === '/api/chat').length, 1);
    const cleared = (await vscode.commands.executeCommand('llmRouter.clearCache')) as { responses: number };
    assert.strictEqual(cleared.responses, 1);
    assert.strictEqual((await api.complete(question)).cached, false);
    assert.strictEqual((await fakeLog()).filter((e) => e.path === '/api/chat').length, 2);
  });

  test('Write Docs on a whole file: one batched call; what did not parse is asked one by one', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'math.ts'));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const before = doc.getText();
    const r = (await vscode.commands.executeCommand('llmRouter.writeDocs', { preview: false })) as { inserted: string[]; applied: boolean };
    try {
      assert.strictEqual(r.applied, true);
      assert.strictEqual(r.inserted.length, 2, 'add and mean');
      const calls = (await fakeLog()).filter((e) => e.path === '/api/chat' || e.path === '/v1/messages');
      const bodies = calls.map((c) => JSON.stringify(c.body));
      assert.ok(bodies[0].includes('### item \\"add\\"') && bodies[0].includes('### item \\"mean\\"'), 'the first call carries both functions');
      // The fake model answers with an echo, not JSON: each function is then asked alone.
      assert.strictEqual(calls.length, 3);
    } finally {
      await vscode.commands.executeCommand('undo');
      if (doc.getText() !== before) await vscode.commands.executeCommand('undo');
      await doc.save();
    }
  });
});
