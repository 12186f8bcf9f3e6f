// Nothing leaves the machine that shouldn't: local-only mode, private paths, untrusted workspaces, and keys
// that never reach the log or the ledger.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import { defaultUserConfigFile } from '../../../src/core/stateDir';
import { fakeLog, fakeReset, until } from './helpers/fake';

const EXTENSION_ID = 'llm-router.llm-router';
const TEST_KEYS = ['sk-ant-e2e-test-key-0001', 'gsk_e2e_test_key_0002', 'sk-e2e-stored-key-123456'];
const untrusted = process.env.LLM_ROUTER_E2E_WORKSPACE_TRUST === '1';
let api: LlmRouterApi;

interface Diagnostics {
  configPath: string;
  ignoringWorkspaceConfig: boolean;
  logDir: string;
  stateDir: string;
}
const diagnostics = () => vscode.commands.executeCommand<Diagnostics>('llmRouter._diagnostics');
const cloud = async () => (await fakeLog()).filter((e) => e.flavor !== 'ollama');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

suiteSetup(async () => {
  api = await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate();
  await api.ready;
});

suite('Privacy', () => {
  setup(async function () {
    if (untrusted) this.skip();
    await fakeReset();
  });

  test('local-only mode: the fake cloud servers receive zero requests', async () => {
    try {
      assert.strictEqual(await vscode.commands.executeCommand('llmRouter.toggleLocalOnly', true), true);
      const r = await api.complete({ messages: [{ role: 'user', content: 'Why does this deadlock?' }], taskType: 'reasoning', complexity: 'complex', files: [] });
      assert.strictEqual(r.provider, 'ollama');
      assert.ok(r.decision.chain.some((s) => s.skipped === 'local-only'));
      assert.deepStrictEqual(await cloud(), []);
    } finally {
      await vscode.commands.executeCommand('llmRouter.toggleLocalOnly', false);
    }
    const r = await api.complete({ messages: [{ role: 'user', content: 'Why does this deadlock?' }], taskType: 'reasoning', complexity: 'complex', files: [] });
    assert.strictEqual(r.provider, 'anthropic', 'off again, the premium route is back');
  });

  test('context from a private path (.env) stays local, with a "stayed local" note', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.env.local');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('DATABASE_URL=postgres://app:hunter2hunter2@db/app\n'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 0, 0, 10);
    const r = (await vscode.commands.executeCommand('llmRouter.ask', 'Why is this design racy and insecure? Explain the architecture in depth.')) as { text: string; ok: boolean };
    assert.ok(r.ok);
    assert.match(r.text, /stayed local: context from .*\.env\.local matches privacy\.local_only_paths/);
    assert.deepStrictEqual(await cloud(), []);
  });

  test('keys never appear in the log, the ledger or the state dir', async () => {
    // Make sure something was logged and settled with keys loaded.
    await api.complete({ messages: [{ role: 'user', content: 'design review please' }], taskType: 'reasoning', complexity: 'complex', files: [] });
    const d = await diagnostics();
    const logs = filesUnder(path.dirname(d.logDir)).filter((f) => /LLM Router/.test(path.basename(f)));
    assert.ok(logs.length > 0, `no LLM Router log under ${path.dirname(d.logDir)}`);
    const logText = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(logText, /decision /, 'the log has decision lines');
    const state = filesUnder(d.stateDir);
    assert.ok(state.some((f) => f.endsWith('.jsonl')), 'the ledger exists');
    for (const [where, text] of [['log', logText], ...state.map((f) => [f, fs.readFileSync(f, 'utf8')])]) {
      for (const key of TEST_KEYS) assert.ok(!text.includes(key), `${key.slice(0, 8)}… found in ${where}`);
    }
  });
});

suite('Workspace trust', () => {
  test('[untrusted] the workspace config cannot redirect requests: only the user config applies', async function () {
    if (!untrusted) this.skip();
    assert.strictEqual(vscode.workspace.isTrusted, false);
    const d = await diagnostics();
    assert.strictEqual(d.ignoringWorkspaceConfig, true);
    assert.ok(!d.configPath.includes('.vscode'), `using ${d.configPath}`);
    const decision = api.route({ messages: [{ role: 'user', content: 'hi' }], taskType: 'chat', complexity: 'simple', files: [] });
    // The shipped config's chain, not the workspace's (which points every provider at the fake server).
    assert.ok(decision.chain.length > 0);
    const before = (await fakeLog()).length;
    assert.strictEqual((await fakeLog()).length, before);
  });

  test("[untrusted] the user's own config applies: creating it switches to it, requests follow it, deleting it switches back", async function () {
    if (!untrusted) this.skip();
    // ~/.config/llm-router/llm_routing.yaml (here under the run's own XDG_CONFIG_HOME), where Find Local Model
    // Servers writes; its folder does not exist yet, as on a fresh machine.
    const userFile = defaultUserConfigFile();
    assert.ok(!fs.existsSync(path.dirname(userFile)), `${path.dirname(userFile)} exists before the test`);
    const before = (await diagnostics()).configPath;
    assert.notStrictEqual(before, userFile);
    const workspaceFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'llm_routing.yaml');
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    // The workspace's config (every provider on the fake server) as the user's own: trusted wherever it is.
    fs.writeFileSync(userFile, fs.readFileSync(workspaceFile, 'utf8'));
    try {
      await until('the user config in use', async () => (await diagnostics()).configPath === userFile || undefined);
      assert.strictEqual((await diagnostics()).ignoringWorkspaceConfig, true, 'the workspace file is still ignored');
      await fakeReset();
      const r = await api.complete({ messages: [{ role: 'user', content: 'hi' }], taskType: 'chat', complexity: 'simple', files: [] });
      assert.strictEqual(r.provider, 'ollama');
      assert.ok((await fakeLog()).some((e) => e.flavor === 'ollama'), 'the request reached the server the user config names');
    } finally {
      fs.rmSync(userFile, { force: true });
    }
    await until('the earlier config in use again', async () => (await diagnostics()).configPath === before || undefined);
    fs.rmSync(path.dirname(userFile), { recursive: true, force: true });
  });

  test('[untrusted] llmRouter.configPath from the workspace is not honoured', async function () {
    if (!untrusted) this.skip();
    const pj = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepStrictEqual(pj.capabilities.untrustedWorkspaces.restrictedConfigurations, ['llmRouter.configPath', 'llmRouter.localOnly', 'llmRouter.dailyBudget']);
    await vscode.workspace.getConfiguration('llmRouter').update('configPath', '.vscode/llm_routing.yaml', vscode.ConfigurationTarget.Workspace).then(
      () => undefined,
      () => undefined,
    );
    const d = await diagnostics();
    assert.ok(!d.configPath.includes('.vscode'));
  });

  test('[untrusted] the workspace cannot turn local-only off or raise the daily budget', async function () {
    if (!untrusted) this.skip();
    const settings = () => vscode.workspace.getConfiguration('llmRouter');
    const ignore = () => undefined;
    await settings().update('localOnly', true, vscode.ConfigurationTarget.Global);
    await settings().update('dailyBudget', 1, vscode.ConfigurationTarget.Global);
    try {
      await settings().update('localOnly', false, vscode.ConfigurationTarget.Workspace).then(ignore, ignore);
      await settings().update('dailyBudget', 1000, vscode.ConfigurationTarget.Workspace).then(ignore, ignore);
      assert.strictEqual(settings().get('localOnly'), true, 'the user\'s local-only holds');
      assert.strictEqual(settings().get('dailyBudget'), 1, 'the user\'s budget holds');
    } finally {
      for (const key of ['localOnly', 'dailyBudget']) {
        await settings().update(key, undefined, vscode.ConfigurationTarget.Workspace).then(ignore, ignore);
        await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
    }
  });
});
