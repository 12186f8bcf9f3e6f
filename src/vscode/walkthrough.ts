// "Get started with LLM Router" (contributes.walkthroughs): each step has its own command, and each completes
// on the real event: a local model server is on, a key is stored, the coder model is pulled, a budget is set,
// Explain answered. The steps' context keys are set here, from what actually happened.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { turnOnLocalServers } from '../core/config/turnOn';
import { findLocalRuntimes, LOCAL_RUNTIMES, type FoundRuntime, type RuntimeSpec } from '../core/runtimes/detect';
import { defaultUserConfigFile } from '../core/stateDir';
import type { KeyStore } from './secrets';
import type { Services } from './services';

export const WALKTHROUGH = 'llmRouter.gettingStarted';
export const CONTEXT = {
  localModel: 'llmRouter.localModelReady',
  apiKey: 'llmRouter.apiKeyStored',
  coderModel: 'llmRouter.coderModelReady',
  explained: 'llmRouter.explainAnswered',
} as const;

export const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

/** The runtimes to look for: the shipped table, or a test's (LLM_ROUTER_TEST_RUNTIMES, a JSON list). */
function runtimeTable(): RuntimeSpec[] {
  const test = process.env.LLM_ROUTER_TEST_RUNTIMES;
  return test ? (JSON.parse(test) as RuntimeSpec[]) : LOCAL_RUNTIMES;
}

/** Opens beside the code when a file is open, so the steps that act on it (Explain) still see it. */
export function openWalkthrough(context: vscode.ExtensionContext) {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, !!vscode.window.activeTextEditor);
}

// VS Code marks an onContext step as seen, without ticking it, when its key is already true as the walkthrough
// registers; so each key turns true only on the event itself, never from a state found at startup.
export function registerWalkthrough(context: vscode.ExtensionContext, services: Services, keys: KeyStore) {
  let keyChanged = false;
  const keyStored = () => {
    if (!keyChanged) return;
    keyChanged = false;
    const cfg = services.config.current;
    if ([...(cfg?.providers.values() ?? [])].some((p) => p.keyVars.some((v) => keys.has(v) === 'secret'))) void setContext(CONTEXT.apiKey, true);
  };

  /** A config the user may edit: the one in use, or a new user config copied from the shipped default. */
  const editableConfig = async (): Promise<{ file: string; created: boolean }> => {
    if (services.config.path && services.config.path !== services.config.shippedPath()) return { file: services.config.path, created: false };
    const file = defaultUserConfigFile();
    const created = !existsSync(file);
    if (created) await services.config.copyShippedTo(file);
    await vscode.workspace.getConfiguration('llmRouter').update('configPath', file, vscode.ConfigurationTarget.Global);
    return { file, created };
  };

  const isOn = (f: FoundRuntime) => {
    const p = services.config.current?.providers.get(f.spec.provider);
    return !!p && !p.disabled && (!f.models.length || !p.defaultModel || f.models.includes(p.defaultModel));
  };

  const findLocalModels = async (opts: { turnOn?: 'all' | 'none' } = {}) => {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'LLM Router: looking for local model servers on 127.0.0.1…' },
      () => findLocalRuntimes(runtimeTable()),
    );
    const where = (s: RuntimeSpec) => `${s.label} (${new URL(s.base_url).port})`;
    if (!found.length) {
      const choice = await vscode.window.showInformationMessage(
        `LLM Router: no local model server answered on 127.0.0.1: ${runtimeTable().map(where).join(', ')}. Start one (for example \`ollama serve\`), or set an API key for a cloud provider.`,
        'Set API Key',
      );
      if (choice) void vscode.commands.executeCommand('llmRouter.setApiKey');
      return { found: [], turnedOn: [] as string[] };
    }
    const off = found.filter((f) => !isOn(f));
    let picked = off;
    if (off.length && opts.turnOn !== 'all') {
      const items = off.map((f) => ({ label: f.spec.label, description: new URL(f.spec.base_url).host, detail: f.models.length ? `serves ${f.models.slice(0, 4).join(', ')}${f.models.length > 4 ? ', …' : ''}` : 'no model listed', picked: true, found: f }));
      picked = opts.turnOn === 'none' ? [] : ((await vscode.window.showQuickPick(items, { title: 'LLM Router: turn on these local model servers in your routing config?', canPickMany: true }))?.map((i) => i.found) ?? []);
    }
    const alreadyOn = found.filter(isOn).map((f) => f.spec.label);
    if (!picked.length) {
      if (alreadyOn.length) await setContext(CONTEXT.localModel, true);
      void vscode.window.showInformationMessage(`LLM Router: found ${found.map((f) => f.spec.label).join(', ')}${alreadyOn.length ? `; ${alreadyOn.join(', ')} already on` : ''}.`);
      return { found: found.map((f) => f.spec.provider), turnedOn: [] as string[] };
    }
    const { file, created } = await editableConfig();
    const uri = vscode.Uri.file(file);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const local = (name: string) => !!services.config.current?.providers.get(name)?.local || LOCAL_RUNTIMES.some((r) => r.provider === name);
    const servers = picked.map((f) => ({ provider: f.spec.provider, label: f.spec.label, type: f.spec.type, base_url: f.spec.base_url, models: f.models }));
    const result = turnOnLocalServers(text, servers, local);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
    await services.config.reload();
    await setContext(CONTEXT.localModel, true);
    for (const c of result.changes) services.log.info(`walkthrough: ${c} in ${file}`);
    const names = picked.map((f) => f.spec.label).join(', ');
    void vscode.window
      .showInformationMessage(`LLM Router: turned on ${names} in your routing config ${file}${created ? ' (created from the shipped default)' : ''}.`, 'Open Config')
      .then((c) => c && vscode.window.showTextDocument(uri));
    return { found: found.map((f) => f.spec.provider), turnedOn: picked.map((f) => f.spec.provider), configPath: file, changes: result.changes };
  };

  const setDailyBudget = async (amount?: number) => {
    const settings = vscode.workspace.getConfiguration('llmRouter');
    const current = settings.get<number | null>('dailyBudget') ?? services.config.current?.raw.cost_limits.daily_budget;
    const value =
      amount ??
      Number(
        await vscode.window.showInputBox({
          title: 'LLM Router: daily budget',
          prompt: 'USD per day, from local midnight to local midnight. Past it, only local models answer.',
          value: current === undefined ? '' : String(current),
          validateInput: (v) => (/^\s*\d+(\.\d+)?\s*$/.test(v) ? undefined : 'A number of dollars, for example 5 or 2.50'),
        }),
      );
    if (!Number.isFinite(value) || value < 0) return undefined;
    await settings.update('dailyBudget', value, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`LLM Router: daily budget $${value.toFixed(2)}.`);
    return value;
  };

  const pullDefaultModel = async () => {
    if (!(await vscode.commands.getCommands(true)).includes('llmRouter.pullModel')) {
      void vscode.window.showWarningMessage('LLM Router: pulling models needs a newer LLM Router (llmRouter.pullModel). Run `ollama pull` in a terminal instead.');
      return false;
    }
    const ok = (await vscode.commands.executeCommand<boolean>('llmRouter.pullModel')) === true;
    if (ok) await setContext(CONTEXT.coderModel, true);
    return ok;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('llmRouter.getStarted', () => openWalkthrough(context)),
    vscode.commands.registerCommand('llmRouter.findLocalModels', findLocalModels),
    vscode.commands.registerCommand('llmRouter.setDailyBudget', setDailyBudget),
    vscode.commands.registerCommand('llmRouter.pullDefaultModel', pullDefaultModel),
    keys.onDidChange(() => (keyChanged = true)),
    services.config.onDidChange(keyStored), // a stored key reloads the config, with the key

    services.onDidDecide((e) => {
      if (e.action === 'explain' && e.outcome === 'ok') void setContext(CONTEXT.explained, true);
    }),
  );
}
