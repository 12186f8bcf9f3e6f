// The configured models against the fake Ollama's list, in the real editor: a model it has not pulled is a
// Problems warning at its line in the routing config, with a "Pull …" quick fix; llmRouter.pullModel pulls it
// (the fake server's scripted /api/pull stream) and the warning goes away.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { FAKE_URL, fakeLog, fakeReset, until } from './helpers/fake';

const CONFIG = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode', 'llm_routing.yaml');
/** The SDK sends the model as `name` (Ollama accepts `name` and `model`). */
const pulled = (body: unknown) => (body as { model?: string; name?: string }).model ?? (body as { name?: string }).name;
const modelWarnings = () => vscode.languages.getDiagnostics(CONFIG()).filter((d) => d.source === 'LLM Router models');

async function setFake(defaults: Record<string, unknown>) {
  const r = await fetch(`${FAKE_URL}/__fake/defaults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(defaults) });
  assert.ok(r.ok);
}

suite('Models: the catalogue check and pulls', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('llm-router.llm-router')!.activate();
  });
  setup(fakeReset);
  teardown(fakeReset);

  test('a model Ollama has not pulled is a warning at its line; the quick fix pulls it; the warning goes away', async () => {
    await setFake({ models: { ollama: ['llama3.1:8b', 'llama3.1:70b', 'deepseek-coder:33b', 'nomic-embed-text'] } });
    await vscode.commands.executeCommand('llmRouter.checkProviders');
    const warnings = await until('the not-pulled warnings', () => {
      const w = modelWarnings().filter((d) => d.message.includes('"deepseek-coder:6.7b" is not pulled'));
      return w.length ? w : undefined;
    }, 15_000);
    const text = (await vscode.workspace.openTextDocument(CONFIG())).getText().split('\n');
    const ruleLine = text.findIndex((l) => l.includes('use: ["ollama:deepseek-coder:6.7b", "groq"]'));
    const onRule = warnings.find((d) => d.range.start.line === ruleLine);
    assert.ok(onRule, `a warning on line ${ruleLine + 1}: ${warnings.map((d) => d.range.start.line + 1).join(', ')}`);
    assert.strictEqual(onRule.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(text[ruleLine].slice(onRule.range.start.character, onRule.range.end.character), '"ollama:deepseek-coder:6.7b"');

    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', CONFIG(), onRule.range)) as vscode.CodeAction[];
    const pull = actions.find((a) => a.title === 'Pull deepseek-coder:6.7b');
    assert.ok(pull?.command, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    const ok = await vscode.commands.executeCommand(pull.command.command, ...(pull.command.arguments ?? []));
    assert.strictEqual(ok, true);
    const pulls = (await fakeLog()).filter((e) => e.path === '/api/pull');
    assert.strictEqual(pulls.length, 1);
    assert.strictEqual(pulled(pulls[0].body), 'deepseek-coder:6.7b');
    await until('the warning to go', () => !modelWarnings().some((d) => d.message.includes('"deepseek-coder:6.7b"')), 15_000);
  });

  test('llmRouter.pullModel without an argument pulls the coder model of the first Ollama provider, and resolves true', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('llmRouter.pullModel'), true);
    const pulls = (await fakeLog()).filter((e) => e.path === '/api/pull');
    assert.strictEqual(pulled(pulls.at(-1)!.body), 'deepseek-coder:6.7b');
  });

  test('a model the registry does not have: resolves false, nothing is marked pulled', async () => {
    await setFake({ pullRegistry: ['llama3.1:8b'] });
    assert.strictEqual(await vscode.commands.executeCommand('llmRouter.pullModel', { provider: 'ollama', model: 'tiny-llama' }), false);
    const tags = (await (await fetch(`${FAKE_URL}/api/tags`)).json()) as { models: { name: string }[] };
    assert.ok(!tags.models.some((m) => m.name === 'tiny-llama'));
  });
});
