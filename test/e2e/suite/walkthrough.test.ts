// The getting-started walkthrough's commands in the extension host (the UI suite clicks through the steps).
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'llm-router.llm-router';
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const configUri = () => vscode.Uri.joinPath(folder(), '.vscode', 'llm_routing.yaml');
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

suiteSetup(async () => {
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
});

suite('Getting started', () => {
  test('Find Local Model Servers turns on what answers, in the config in use, and routing can fall back to it', async () => {
    const before = await readText(configUri());
    try {
      const r = (await vscode.commands.executeCommand('llmRouter.findLocalModels', { turnOn: 'all' })) as { found: string[]; turnedOn: string[]; configPath: string; changes: string[] };
      assert.deepStrictEqual(r.found, ['lmstudio'], 'the fake server answers as LM Studio (LLM_ROUTER_TEST_RUNTIMES)');
      assert.deepStrictEqual(r.turnedOn, ['lmstudio']);
      assert.strictEqual(r.configPath, configUri().fsPath, 'the workspace config is the one in use');
      const after = await readText(configUri());
      assert.match(after, /^ {4}lmstudio:\n {6}type: openai_compatible\n {6}base_url: "http:\/\/127\.0\.0\.1:\d+\/v1"\n {6}default_model: "gpt-4o"\n {6}local: true$/m);
      assert.match(after, /^fallback_chain: \[ollama, lmstudio, groq, anthropic\]$/m);
      assert.strictEqual(after.replace(/^ {4}lmstudio:\n( {6}.*\n)+/m, '').replace('ollama, lmstudio,', 'ollama,'), before, 'nothing else in the file changed');
      const again = (await vscode.commands.executeCommand('llmRouter.findLocalModels', { turnOn: 'all' })) as { turnedOn: string[] };
      assert.deepStrictEqual(again.turnedOn, [], 'already on: nothing to do');
    } finally {
      await vscode.workspace.fs.writeFile(configUri(), new TextEncoder().encode(before));
    }
  });

  test('Set Daily Budget writes llmRouter.dailyBudget, which the budget follows', async () => {
    const settings = () => vscode.workspace.getConfiguration('llmRouter');
    try {
      assert.strictEqual(await vscode.commands.executeCommand('llmRouter.setDailyBudget', 7.5), 7.5);
      assert.strictEqual(settings().get('dailyBudget'), 7.5);
    } finally {
      await settings().update('dailyBudget', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Pull the Default Coder Model goes through llmRouter.pullModel and reports its result', async () => {
    // The fake Ollama pulls any well-formed name: the default coder model of the first Ollama provider is ready.
    assert.strictEqual(await vscode.commands.executeCommand('llmRouter.pullDefaultModel'), true);
  });
});
