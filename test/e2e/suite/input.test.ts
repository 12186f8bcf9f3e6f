// Binary input is never sent, in the real editor: a binary #file in chat, a binary document's text through the
// API (what an editor action or Generate Code Here sends), and large input analyzed off the extension host's
// event loop. Against the fake providers, which must receive nothing for a refused request.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import type { ChatMeta } from '../../../src/vscode/chat/handler';
import { fakeLog as fullLog, fakeReset } from './helpers/fake';

const EXTENSION_ID = 'llm-router.llm-router';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x9c, 0xed, 0xc1, 0x01]);
/** The fake's log without inline (fill-in-the-middle) requests, which the editor may trigger on its own. */
const fakeLog = async () => (await fullLog()).filter((e) => e.path !== '/api/generate');
let api: LlmRouterApi;

suiteSetup(async () => {
  api = (await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate())!;
  await api.ready;
});

suite('Input policy', () => {
  setup(async function () {
    if (process.env.LLM_ROUTER_E2E_WORKSPACE_TRUST === '1') this.skip();
    await fakeReset();
  });

  test('a binary #file in chat: the turn is refused, naming the file, and nothing is sent', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'logo.png');
    await vscode.workspace.fs.writeFile(uri, PNG);
    const chat = (await vscode.commands.executeCommand('llmRouter._test.chat')) as { handler: vscode.ChatRequestHandler };
    let markdown = '';
    const stream = { markdown: (v: string | vscode.MarkdownString) => (markdown += typeof v === 'string' ? v : v.value), progress: () => undefined, reference: () => undefined, button: () => undefined, anchor: () => undefined, filetree: () => undefined, push: () => undefined } as unknown as vscode.ChatResponseStream;
    const reference = { id: 'vscode.file', name: 'file:logo.png', value: uri } as vscode.ChatPromptReference;
    const request = { prompt: 'what is in this image?', command: undefined, references: [reference], toolReferences: [], toolInvocationToken: undefined as never, model: undefined as never } as vscode.ChatRequest;
    const result = (await chat.handler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult & { metadata: ChatMeta };
    assert.strictEqual(result.metadata.kind, 'notice');
    assert.match(markdown, /`logo\.png`: binary file: not sent/);
    assert.deepStrictEqual(await fakeLog(), []);
  });

  test("a binary document's text (as an editor action or Generate Code Here sends it) is refused by the router", async () => {
    const doc = await vscode.workspace.openTextDocument({ content: `header\u0000\u0000\u0000${'\uFFFD'.repeat(40)}body\n`, language: 'plaintext' });
    await assert.rejects(
      api.complete({ files: [], messages: [{ role: 'user', content: `Explain this file:\n${doc.getText()}` }], action: 'explain', subject: doc.getText() }),
      (err: Error) => err.name === 'BinaryInputError' && /binary file: not sent/.test(err.message),
    );
    assert.deepStrictEqual(await fakeLog(), []);
  });

  test('a large request (over 64 KB) is analyzed on the analysis thread and answered', async () => {
    const unit = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    const code = unit.repeat(Math.ceil((256 * 1024) / unit.length));
    const r = await api.complete({ files: [], messages: [{ role: 'user', content: `Summarize:\n${code}` }], action: 'summarize', subject: code, maxTokens: 16 });
    assert.ok(r.text.length > 0, 'an answer came back');
    assert.strictEqual(r.decision.taskType, 'summarization');
  });
});
