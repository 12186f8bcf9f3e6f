// Inline completions on real documents (fill-in-the-middle on the fake Ollama), the status bar item, and
// "Generate Code Here" (streamed in at the cursor, one undo step).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import type { InlineEngine } from '../../../src/core/inline/engine';
import { fakeLog, fakeReset, fakeScript, until } from './helpers/fake';

const EXTENSION_ID = 'llm-router.llm-router';

interface InlineHooks {
  provider: vscode.InlineCompletionItemProvider;
  engine: InlineEngine;
  statusText(): string;
}
let hooks: InlineHooks;

const SAMPLE = 'export function add(a: number, b: number): number {\n  \n}\n';
const AT_BODY = new vscode.Position(1, 2);

async function open(content = SAMPLE) {
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  return vscode.window.showTextDocument(doc, { preview: false });
}

function complete(doc: vscode.TextDocument, pos: vscode.Position, token = new vscode.CancellationTokenSource().token, trigger = vscode.InlineCompletionTriggerKind.Invoke) {
  return Promise.resolve(hooks.provider.provideInlineCompletionItems(doc, pos, { triggerKind: trigger, selectedCompletionInfo: undefined }, token)) as Promise<vscode.InlineCompletionItem[] | undefined>;
}

const fimLog = async () => (await fakeLog()).filter((e) => e.path === '/api/generate');
const settings = () => vscode.workspace.getConfiguration('llmRouter.inline');

/** Closes every editor without a save prompt (the untitled test documents are dirty). */
async function closeEditors() {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suiteSetup(async () => {
  await (await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate()).ready;
  hooks = (await vscode.commands.executeCommand('llmRouter._test.inline')) as InlineHooks;
  assert.ok(hooks?.provider);
  await settings().update('debounceMs', 60, vscode.ConfigurationTarget.Global);
});

suiteTeardown(async () => {
  await settings().update('debounceMs', undefined, vscode.ConfigurationTarget.Global);
  await settings().update('enabled', undefined, vscode.ConfigurationTarget.Global);
});

setup(async () => {
  await fakeReset();
  hooks.engine.cache.clear();
  await closeEditors();
});

suite('Inline completions', () => {
  test('fill-in-the-middle on the local coder model, trimmed to the block', async () => {
    await fakeScript([{ text: 'return a + b;\n}\n\nexport function sub() {}\n', chunks: 4 }], { path: '/api/generate' });
    const editor = await open();
    const items = await complete(editor.document, AT_BODY);
    assert.strictEqual(items?.[0]?.insertText, 'return a + b;');
    const [req] = await fimLog();
    assert.strictEqual(req.model, 'deepseek-coder:6.7b');
    const body = req.body as { prompt: string; suffix: string };
    assert.strictEqual(body.prompt, 'export function add(a: number, b: number): number {\n  ');
    assert.strictEqual(body.suffix, '\n}\n');
    assert.strictEqual(hooks.statusText(), '$(sparkle) Inline');
  });

  test('the same spot again comes from the prefix cache, with no upstream call', async () => {
    await fakeScript([{ text: 'return a + b;' }], { path: '/api/generate' });
    const editor = await open();
    assert.strictEqual((await complete(editor.document, AT_BODY))?.[0]?.insertText, 'return a + b;');
    assert.strictEqual((await complete(editor.document, AT_BODY))?.[0]?.insertText, 'return a + b;');
    assert.strictEqual((await fimLog()).length, 1);
  });

  test('a superseded request is cancelled upstream (the fake server logs client_aborted)', async () => {
    // The first answer stops after one chunk and stays open: only the supersede can end it.
    await fakeScript([{ text: 'const x = 1;\n  const y = 2;\n  const z = 3;\n  return x;', chunks: 30, hangAfter: 1 }, { text: 'return a - b;' }], { path: '/api/generate' });
    const editor = await open();
    const auto = vscode.InlineCompletionTriggerKind.Automatic;
    const first = complete(editor.document, AT_BODY, undefined, auto);
    const started = await until('the first request upstream', async () => (await fimLog())[0]);
    await editor.edit((b) => b.insert(AT_BODY, 'r'));
    const second = complete(editor.document, AT_BODY.translate(0, 1), undefined, auto);
    assert.strictEqual(await first, undefined, 'the superseded request shows nothing');
    assert.ok((await second)?.length);
    const aborted = await until('the first request to close', async () => (await fimLog()).find((e) => e.id === started.id && e.closedAt));
    assert.strictEqual(aborted.outcome, 'client_aborted');
    assert.ok(aborted.chunksSent <= 1);
    assert.strictEqual((await fimLog()).length, 2);
  });

  test("VS Code's cancellation (the token) aborts upstream", async () => {
    await fakeScript([{ chunks: 30, hangAfter: 1 }], { path: '/api/generate' });
    const editor = await open();
    const cts = new vscode.CancellationTokenSource();
    const pending = complete(editor.document, AT_BODY, cts.token);
    await until('the first chunk upstream', async () => (await fimLog()).find((e) => e.chunksSent === 1));
    cts.cancel();
    assert.strictEqual(await pending, undefined);
    const entry = await until('the close', async () => (await fimLog()).find((e) => e.closedAt));
    assert.strictEqual(entry.outcome, 'client_aborted');
  });

  test('debounced: a burst of keystrokes makes one upstream request', async () => {
    await fakeScript([{ text: '1;' }], { path: '/api/generate' });
    const editor = await open('const value = abcdefgh\n');
    const auto = vscode.InlineCompletionTriggerKind.Automatic;
    const invoke = vscode.InlineCompletionTriggerKind.Invoke;
    const results: Promise<unknown>[] = [];
    // The cursor moving right one character at a time, with a debounce of 10 minutes: each automatic request is
    // superseded by the next one whatever the machine's speed; the last is invoked (no debounce) and answers.
    await settings().update('debounceMs', 600_000, vscode.ConfigurationTarget.Global);
    try {
      await until('the long debounce', () => settings().get('debounceMs') === 600_000);
      for (let col = 15; col < 22; col++) results.push(complete(editor.document, new vscode.Position(0, col), undefined, auto));
      results.push(complete(editor.document, new vscode.Position(0, 22), undefined, invoke));
      const items = (await Promise.all(results)) as (vscode.InlineCompletionItem[] | undefined)[];
      assert.deepEqual(items.map((i) => i?.length ?? 0), [0, 0, 0, 0, 0, 0, 0, 1], 'only the last one shows');
      assert.strictEqual((await fimLog()).length, 1);
    } finally {
      await settings().update('debounceMs', 60, vscode.ConfigurationTarget.Global);
    }
  });

  test('off when llmRouter.inline.enabled is false or editor.inlineSuggest.enabled is false; the status bar says so', async () => {
    const editor = await open();
    try {
      assert.strictEqual(await vscode.commands.executeCommand('llmRouter.toggleInline'), false);
      await until('the status bar to show off', () => hooks.statusText() === '$(circle-slash) Inline');
      assert.strictEqual(await complete(editor.document, AT_BODY), undefined);
      assert.strictEqual(await vscode.commands.executeCommand('llmRouter.toggleInline'), true);
      await until('the status bar to show on', () => hooks.statusText() === '$(sparkle) Inline');
      await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', false, vscode.ConfigurationTarget.Global);
      assert.strictEqual(await complete(editor.document, AT_BODY), undefined);
      assert.strictEqual((await fimLog()).length, 0, 'nothing went upstream');
    } finally {
      await vscode.workspace.getConfiguration('editor').update('inlineSuggest.enabled', undefined, vscode.ConfigurationTarget.Global);
      await settings().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('in the real editor: typing triggers the provider, and accepting inserts the completion', async () => {
    // The editor may ask more than once (an explicit trigger, then on its own): every answer is the same.
    await fakeScript(Array.from({ length: 5 }, () => ({ text: 'return a * b;\n}' })), { path: '/api/generate' });
    const editor = await open();
    editor.selection = new vscode.Selection(AT_BODY, AT_BODY);
    // On a busy machine the first trigger can come before the editor is ready: trigger again until it asks.
    await until(
      'the request upstream',
      async () => {
        if ((await fimLog())[0]) return true;
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        return false;
      },
    );
    // Commit acts on the focused editor's visible suggestion: if something took the focus or hid the
    // suggestion meanwhile (a busy full run), bring the editor back and ask again.
    await until('the suggestion to be accepted', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      if (editor.document.lineAt(1).text === '  return a * b;') return true;
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      return false;
    });
  });
});

suite('Generate Code Here', () => {
  test('private context stays local: Generate Code Here in a .env file never reaches the cloud; in a public file it does', async () => {
    const instruction = 'a thread-safe lock-free ring buffer with atomics, memory ordering and a proof that it is linearizable under concurrent producers';
    const cloud = async () => (await fakeLog()).filter((e) => e.flavor !== 'ollama');
    await fakeReset();
    const pub = await open('// settings\n');
    pub.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('llmRouter.generateHere', instruction);
    assert.ok((await cloud()).length > 0, 'a public file: the premium rule');
    await closeEditors();
    await fakeReset();
    const env = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.env.generate');
    await vscode.workspace.fs.writeFile(env, new TextEncoder().encode('LOG_LEVEL=debug\n'));
    const editor = await vscode.window.showTextDocument(env);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const r = (await vscode.commands.executeCommand('llmRouter.generateHere', instruction)) as { ok: boolean };
    assert.ok(r.ok);
    assert.ok((await fakeLog()).some((e) => e.path === '/api/chat'), 'answered locally');
    assert.deepStrictEqual(await cloud(), []);
    await closeEditors();
  });

  test('streams the code in at the cursor, indented, and one undo removes it all', async () => {
    const code = 'export function median(values: number[]): number {\n  const s = [...values].sort((a, b) => a - b);\n  return s[Math.floor(s.length / 2)];\n}';
    await fakeScript([{ text: '```ts\n' + code + '\n```\n', chunks: 10, chunkDelayMs: 40 }], { path: '/api/chat' });
    const editor = await open('class Stats {\n  \n}\n');
    const at = new vscode.Position(1, 2);
    editor.selection = new vscode.Selection(at, at);
    const before = editor.document.getText();
    let changes = 0;
    const sub = vscode.workspace.onDidChangeTextDocument((e) => e.document === editor.document && e.contentChanges.length && changes++);
    const r = (await vscode.commands.executeCommand('llmRouter.generateHere', 'the median of a list')) as { ok: boolean; inserted: string; edits: number };
    sub.dispose();
    assert.ok(r.ok);
    assert.ok(r.edits >= 3 && changes >= 3, `streamed in ${r.edits} edits (${changes} document changes)`);
    const indented = code.split('\n').join('\n  ');
    assert.strictEqual(editor.document.getText(), `class Stats {\n  ${indented}\n}\n`);
    const [req] = (await fakeLog()).filter((e) => e.path === '/api/chat');
    assert.match(JSON.stringify(req.body), /the median of a list/);
    assert.match(JSON.stringify(req.body), /<<CURSOR>>/);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before, 'one undo removes everything that streamed in');
  });
});
