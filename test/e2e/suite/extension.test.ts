// The extension in a real VS Code against the fake providers: every editor action, cancellation, keys,
// config diagnostics and the status bar. Runs through test/e2e/run.mjs (code-server) or test-desktop.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import { fakeLog, fakeReset, fakeScript, until } from './helpers/fake';

const EXTENSION_ID = 'llm-router.llm-router';
let api: LlmRouterApi;

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

async function openMath(select?: [number, number]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'src', 'math.ts'));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (select) editor.selection = new vscode.Selection(select[0], 0, select[1], doc.lineAt(select[1]).text.length);
  else editor.selection = new vscode.Selection(0, 0, 0, 0);
  return editor;
}

const configUri = () => vscode.Uri.joinPath(folder(), '.vscode', 'llm_routing.yaml');
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

suiteSetup(async () => {
  const ext = vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID);
  assert.ok(ext);
  api = await ext.activate();
  await api.ready;
  await vscode.workspace.getConfiguration('llmRouter').update('previewEdits', false, vscode.ConfigurationTarget.Global);
});

setup(async () => {
  await fakeReset();
});

suite('Editor actions', () => {
  test('Explain streams into a formatted page beside the code: decision line, answer, tokens and cost', async () => {
    await openMath([2, 4]);
    const r = (await vscode.commands.executeCommand('llmRouter.explain')) as { panel: string; text: string; ok: boolean };
    assert.ok(r?.ok, JSON.stringify(r));
    assert.match(r.text, /^> \*\*LLM Router\*\* · \w+ reasoning → ollama:llama3\.1:8b \(rule \d+ "default"/);
    assert.match(r.text, /echo:[0-9a-f]{8}/, 'the fake answer is in the document');
    assert.match(r.text, /ollama:llama3\.1:8b · \d+ in \/ \d+ out tokens · no charge/);
    const pages = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('llmRouter.result'));
    assert.ok(pages.some((t) => /^Explain /.test(t.label)), `the result page is open: ${pages.map((t) => t.label).join(', ')}`);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.languageId === 'markdown' && d.uri.scheme.startsWith('llm-router')), 'no raw Markdown document');
    const log = await fakeLog();
    assert.strictEqual(log.filter((e) => e.path === '/api/chat').length, 1);
  });

  test('Summarize and Ask… produce their own documents', async () => {
    await openMath();
    const s = (await vscode.commands.executeCommand('llmRouter.summarize')) as { text: string; ok: boolean };
    assert.ok(s.ok);
    const a = (await vscode.commands.executeCommand('llmRouter.ask', 'what does mean() do with an empty list?')) as { text: string; ok: boolean };
    assert.ok(a.ok);
    const asked = (await fakeLog()).at(-1)!;
    assert.match(JSON.stringify(asked.body), /what does mean\(\) do with an empty list\?/);
  });

  test('Refactor shows a diff; Apply is one edit, undone in one step', async () => {
    const editor = await openMath([2, 4]);
    const before = editor.document.getText();
    const r = (await vscode.commands.executeCommand('llmRouter.refactor')) as { proposal: string; code: string };
    assert.ok(r?.proposal);
    await until('the diff to open', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === r.proposal));
    assert.strictEqual(editor.document.getText(), before, 'nothing changes before Apply');
    assert.strictEqual(await vscode.commands.executeCommand('llmRouter.applyRefactor'), true);
    const after = editor.document.getText();
    assert.notStrictEqual(after, before);
    assert.ok(after.includes(r.code.trim().split('\n')[0]));
    assert.ok(after.includes('export function mean'), 'only the selected function was replaced');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before, 'one undo restores the file');
    await editor.document.save();
    // An undo right after an apply is feedback: the ledger records it for `llm-router eval --feedback`.
    const stateDir = process.env.LLM_ROUTER_STATE_DIR;
    if (stateDir) {
      const ledgerDir = vscode.Uri.file(path.join(stateDir, 'ledger'));
      await until('the feedback line', async () => {
        for (const [name] of await vscode.workspace.fs.readDirectory(ledgerDir)) {
          if (name.endsWith('.jsonl') && (await readText(vscode.Uri.joinPath(ledgerDir, name))).includes('"signal":"undo_after_apply"')) return true;
        }
        return false;
      });
    }
  });

  test('Discard closes the proposal without touching the file', async () => {
    const editor = await openMath([2, 4]);
    const before = editor.document.getText();
    const r = (await vscode.commands.executeCommand('llmRouter.refactor')) as { proposal: string };
    await vscode.commands.executeCommand('llmRouter.discardRefactor');
    assert.strictEqual(editor.document.getText(), before);
    const still = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === r.proposal);
    assert.strictEqual(still, false);
  });

  test('Generate Tests creates math.test.ts beside the source and opens it', async () => {
    await openMath();
    const r = (await vscode.commands.executeCommand('llmRouter.generateTests', { ifExists: 'Overwrite' })) as { file: string; text: string };
    assert.strictEqual(path.basename(r.file), 'math.test.ts');
    const created = vscode.Uri.joinPath(folder(), 'src', 'math.test.ts');
    assert.strictEqual(await readText(created), r.text);
    assert.match(r.text, /echo:/);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, created.fsPath);
    // Testing routes to the premium tier first (the seed's table): the fake Anthropic served it.
    assert.ok((await fakeLog()).some((e) => e.path === '/v1/messages'));
  });

  test('Write Docs shows the comments in a diff; Apply inserts all of them, undone in one step', async () => {
    const editor = await openMath();
    const before = editor.document.getText();
    // The whole file: both functions, in one proposal.
    // (suiteSetup turns llmRouter.previewEdits off for the other tests; the UI suite runs with the default, on.)
    const r = (await vscode.commands.executeCommand('llmRouter.writeDocs', { preview: true })) as { inserted: string[]; proposal: string };
    assert.strictEqual(r.inserted.length, 2, JSON.stringify(r.inserted));
    await until('the diff to open', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === r.proposal));
    const shown = (await vscode.workspace.openTextDocument(vscode.Uri.parse(r.proposal))).getText();
    for (const c of r.inserted) assert.ok(shown.includes(c), 'the diff shows every comment');
    assert.strictEqual(editor.document.getText(), before, 'nothing changes before Apply');
    assert.strictEqual(await vscode.commands.executeCommand('llmRouter.applyRefactor'), true);
    assert.strictEqual(editor.document.getText(), shown, 'Apply writes exactly what the diff showed');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before, 'one undo removes every comment');
    await editor.document.save();
  });

  test('Write Docs with previewEdits off inserts a doc comment above the target function at once', async () => {
    const editor = await openMath([6, 11]);
    // No argument: the setting alone (off since suiteSetup) decides.
    assert.strictEqual(vscode.workspace.getConfiguration('llmRouter').get('previewEdits'), false);
    const diffs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff).length;
    const diffsBefore = diffs();
    const r = (await vscode.commands.executeCommand('llmRouter.writeDocs')) as { inserted: string[]; applied: boolean };
    assert.strictEqual(r.applied, true);
    assert.strictEqual(diffs(), diffsBefore, 'no diff opened');
    const lines = editor.document.getText().split('\n');
    const at = lines.findIndex((l) => l.startsWith('export function mean'));
    assert.strictEqual(lines[at - 1], ' */');
    assert.match(lines.slice(0, at).join('\n'), /\/\*\*\n \* echo:[0-9a-f]{8}/);
    await vscode.commands.executeCommand('undo');
    await editor.document.save();
  });

  test('Show Routing Decision explains the route without calling any model', async () => {
    await openMath([2, 4]);
    const before = (await fakeLog()).length;
    const r = (await vscode.commands.executeCommand('llmRouter.showDecision', 'tests')) as { decision: { rule: { id: string }; chain: { provider: string }[]; explanation: string } };
    assert.strictEqual(r.decision.rule.id, 'testing');
    assert.strictEqual(r.decision.chain[0].provider, 'anthropic');
    assert.strictEqual((await fakeLog()).length, before, 'no upstream request');
  });

  test('errors VS Code reports in the selection feed the classifier', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function shout(n: number) {\n  return n.toUpperCase();\n}\n' });
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    await until('the type error in Problems', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) || undefined);
    const r = (await vscode.commands.executeCommand('llmRouter.showDecision', 'explain')) as { classification: { signals: { features: Record<string, number> }; reason: string } };
    assert.ok(r.classification.signals.features['editor.diagnostics'] > 0, JSON.stringify(r.classification.signals.features));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

suite('Cancellation', () => {
  test('cancelling mid-stream closes the upstream connection, with no fallback', async () => {
    // The server holds the stream open after two chunks: its log can only say client_aborted if the
    // extension closed the connection, and nothing more is sent after the cancel because nothing is due.
    await fakeScript([{ hangAfter: 2 }], { path: '/api/chat' });
    const cts = new vscode.CancellationTokenSource();
    let deltas = 0;
    let last: { type: string; error?: { name: string } } | undefined;
    for await (const ev of api.stream({ messages: [{ role: 'user', content: 'hello there' }], taskType: 'chat', complexity: 'simple', files: [] }, cts.token)) {
      if (ev.type === 'delta' && ++deltas === 2) cts.cancel();
      last = ev as typeof last;
    }
    assert.strictEqual(last?.type, 'error');
    assert.strictEqual(last?.error?.name, 'CancelledError');
    const entries = await until('the fake server to see the close', async () => {
      const closed = (await fakeLog()).filter((e) => e.closedAt);
      return closed.length ? closed : undefined;
    });
    assert.strictEqual(entries.length, 1, 'one upstream request, no fallback');
    assert.strictEqual(entries[0].outcome, 'client_aborted');
    assert.strictEqual(entries[0].chunksSent, 2);
  });
});

suite('Keys and config', () => {
  test('a missing key turns only that provider off; Set API Key stores it in SecretStorage and turns it on', async () => {
    const premium = { messages: [{ role: 'user' as const, content: 'design a cache' }], taskType: 'reasoning' as const, complexity: 'complex' as const, files: [] };
    const before = api.route(premium);
    assert.strictEqual(before.chain.find((s) => s.provider === 'openai')?.skipped, 'no key: OPENAI_API_KEY is not set');
    await vscode.commands.executeCommand('llmRouter.setApiKey', 'openai', 'sk-e2e-stored-key-123456');
    await until('the config to reload with the key', () => !api.route(premium).chain.find((s) => s.provider === 'openai')?.skipped);
    await vscode.commands.executeCommand('llmRouter.clearApiKey', 'openai');
    await until('the key to be gone again', () => api.route(premium).chain.find((s) => s.provider === 'openai')?.skipped);
  });

  test('a bad config shows a Problems diagnostic at the exact position and keeps the last good config', async () => {
    const uri = configUri();
    const good = await readText(uri);
    const bad = good.replace('fallback_chain: [ollama, groq, anthropic]', 'fallback_chain: [ollama, grok, anthropic]');
    assert.notStrictEqual(bad, good);
    const line = bad.split('\n').findIndex((l) => l.startsWith('fallback_chain'));
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(bad));
      const diags = await until('a diagnostic', () => {
        const d = vscode.languages.getDiagnostics(uri);
        return d.length ? d : undefined;
      });
      assert.strictEqual(diags[0].range.start.line, line);
      assert.strictEqual(diags[0].range.start.character, 'fallback_chain: [ollama, '.length);
      assert.match(diags[0].message, /unknown provider "grok".*did you mean "groq"/);
      const d = api.route({ messages: [{ role: 'user', content: 'hi' }], taskType: 'chat', complexity: 'simple', files: [] });
      assert.ok(d.chain.length > 0, 'the last good config still routes');
    } finally {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(good));
    }
    await until('the diagnostic to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
  });
});

suite('Status bar', () => {
  test('shows spend against the budget after a paid request, and follows the CLI', async () => {
    const text = () => vscode.commands.executeCommand<string>('llmRouter._statusBarText');
    const dollars = (t: string) => Number(/^\$\(pulse\) \$(\d+\.\d+) \/ \$10\.00$/.exec(t)?.[1] ?? NaN);
    const before = dollars(await text());
    assert.ok(before >= 0, await text());
    const r = await api.complete({ messages: [{ role: 'user', content: 'Why is this design racy?' }], taskType: 'reasoning', complexity: 'complex', files: [] });
    assert.strictEqual(r.provider, 'anthropic');
    assert.ok(r.costUsd > 0);
    await until('the status bar to show the spend', async () => dollars(await text()) > before);
    assert.ok(Math.abs(dollars(await text()) - (before + r.costUsd)) < 0.0001, `${await text()} after ${before} + ${r.costUsd}`);
    const stateDir = process.env.LLM_ROUTER_STATE_DIR;
    if (!stateDir) return;
    const shown = await text();
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    execFileSync(process.execPath, [cli, 'complete', '--config', configUri().fsPath, '--state-dir', stateDir, '--task', 'reasoning', '--complexity', 'complex', 'why?'], { env: process.env, stdio: 'ignore' });
    await until('the status bar to follow the CLI', async () => (await text()) !== shown);
  });

  test('turns to warning and error colours at the threshold and past the budget', async () => {
    const cfg = vscode.workspace.getConfiguration('llmRouter');
    try {
      await cfg.update('dailyBudget', 0.0001, vscode.ConfigurationTarget.Global);
      await until('the exhausted state', async () => (await vscode.commands.executeCommand<string>('llmRouter._statusBarText')).startsWith('$(error)'));
      const d = api.route({ messages: [{ role: 'user', content: 'why?' }], taskType: 'reasoning', complexity: 'complex', files: [] });
      assert.strictEqual(d.rule.id, 'budget-exhausted');
    } finally {
      await cfg.update('dailyBudget', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the normal state', async () => (await vscode.commands.executeCommand<string>('llmRouter._statusBarText')).startsWith('$(pulse)'));
  });
});

suite('Local first, with verification', () => {
  const ask = (language: string) => ({
    messages: [{ role: 'user' as const, content: 'a constant for five' }],
    taskType: 'code_generation' as const,
    complexity: 'simple' as const,
    requireCheap: true,
    language,
    files: [],
  });

  test('a local answer that passes the check is used', async () => {
    await fakeScript([{ text: 'export const five = 5;\n' }], { path: '/api/chat' });
    const r = await api.complete(ask('typescript'));
    assert.strictEqual(r.provider, 'ollama');
    assert.strictEqual(r.decision.rule.id, 'verified-code');
  });

  test('a local answer that only a real parser rejects escalates too, in the background: no editor, nothing in Problems', async () => {
    // Balanced brackets, so bracket counting passes it; TypeScript's parser does not.
    await fakeScript([{ text: 'export const = 5;\n' }], { path: '/api/chat' });
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    const before = tabs();
    const opened: string[] = [];
    const sub = vscode.workspace.onDidOpenTextDocument((d) => d.uri.scheme === 'file' && opened.push(d.uri.fsPath));
    try {
      const r = await api.complete(ask('typescript'));
      assert.strictEqual(r.provider, 'groq');
      assert.match(r.decision.explanation, /local answer failed verification: \d+ syntax errors? \(typescript: .+ at 1:\d+\) → groq:/);
    } finally {
      sub.dispose();
    }
    assert.deepStrictEqual(tabs(), before, 'no editor opened');
    assert.deepStrictEqual(opened, [], 'no document opened');
    // The check used to open a scratch copy in a temp folder; no file outside the workspace has diagnostics now.
    const outside = vscode.languages.getDiagnostics().filter(([uri, d]) => d.length && !uri.fsPath.startsWith(folder().fsPath));
    assert.deepStrictEqual(outside.map(([uri]) => uri.fsPath), [], 'nothing added to Problems');
  });

  test('a local answer with a syntax error escalates, and the decision says why', async () => {
    await fakeScript([{ text: 'export function five( {\n  return 5;\n' }], { path: '/api/chat' });
    const r = await api.complete(ask('typescript'));
    assert.strictEqual(r.provider, 'groq');
    assert.match(r.decision.explanation, /local answer failed verification: \d+ syntax errors? \(typescript: .+\) → groq:/);
    assert.ok(r.attempts.some((a) => a.outcome.startsWith('skipped: local answer failed verification')));
  });
});
