// "Get started with LLM Router" (contributes.walkthroughs): each step has its own command, and each completes
// on the real event: a local model server is on, a key is stored, the coder model is pulled, a budget is set,
// Explain answered. VS Code marks an onContext step as seen, without ticking it, when its key is already true as
// the walkthrough registers; so each key turns true only on the event itself, never from a state found at startup.
import * as vscode from 'vscode';
import { findLocalModels } from './findLocalModels';
import type { KeyStore } from './secrets';
import type { Services } from './services';
import { CONTEXT, openWalkthrough, setContext } from './walkthroughContext';

/** "LLM Router: Set Daily Budget": the llmRouter.dailyBudget setting (its step completes when it changes). */
async function setDailyBudget(services: Services, amount?: number) {
  const settings = vscode.workspace.getConfiguration('llmRouter');
  const current = settings.get<number | null>('dailyBudget') ?? services.config.current?.raw.cost_limits.daily_budget;
  const typed =
    amount ??
    (await vscode.window.showInputBox({
      title: 'LLM Router: daily budget',
      prompt: 'USD per day, from local midnight to local midnight. Past it, only local models answer.',
      value: current === undefined ? '' : String(current),
      validateInput: (v) => (/^\s*\d+(\.\d+)?\s*$/.test(v) ? undefined : 'A number of dollars, for example 5 or 2.50'),
      ignoreFocusOut: true, // the walkthrough's page re-renders and takes the focus back
    }));
  const value = Number(typed);
  if (typed === undefined || !Number.isFinite(value) || value < 0) return undefined;
  await settings.update('dailyBudget', value, vscode.ConfigurationTarget.Global);
  const inspected = settings.inspect<number>('dailyBudget');
  // A workspace's own value wins where the workspace is trusted (restricted mode ignores it).
  const overridden = vscode.workspace.isTrusted ? (inspected?.workspaceFolderValue ?? inspected?.workspaceValue) : undefined;
  void vscode.window.showInformationMessage(
    overridden === undefined || overridden === null
      ? `LLM Router: daily budget $${value.toFixed(2)}.`
      : `LLM Router: daily budget $${value.toFixed(2)} in your user settings, but this workspace sets $${Number(overridden).toFixed(2)}, which applies here.`,
  );
  return value;
}

/** "Pull the Default Coder Model": llmRouter.pullModel with its progress; the step completes on success. */
async function pullDefaultModel() {
  const ok = (await vscode.commands.executeCommand<boolean>('llmRouter.pullModel')) === true;
  if (ok) await setContext(CONTEXT.coderModel, true);
  return ok;
}

export function registerWalkthrough(context: vscode.ExtensionContext, services: Services, keys: KeyStore) {
  let keyChanged = false;
  // A stored key reloads the config, with the key: then the step is done if a key is in SecretStorage.
  const keyStored = () => {
    if (!keyChanged) return;
    keyChanged = false;
    const providers = [...(services.config.current?.providers.values() ?? [])];
    if (providers.some((p) => p.keyVars.some((v) => keys.has(v) === 'secret'))) void setContext(CONTEXT.apiKey, true);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('llmRouter.getStarted', () => openWalkthrough(context)),
    vscode.commands.registerCommand('llmRouter.findLocalModels', (opts?: { turnOn?: 'all' | 'none' }) => findLocalModels(services, opts)),
    vscode.commands.registerCommand('llmRouter.setDailyBudget', (amount?: number) => setDailyBudget(services, amount)),
    vscode.commands.registerCommand('llmRouter.pullDefaultModel', pullDefaultModel),
    keys.onDidChange(() => (keyChanged = true)),
    services.config.onDidChange(keyStored),
    services.onDidDecide((e) => {
      if (e.action === 'explain' && e.outcome === 'ok') void setContext(CONTEXT.explained, true);
    }),
  );
}
