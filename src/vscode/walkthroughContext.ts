// The getting-started walkthrough's id and the context keys its steps complete on.
import * as vscode from 'vscode';

export const WALKTHROUGH = 'llmRouter.gettingStarted';
export const CONTEXT = {
  localModel: 'llmRouter.localModelReady',
  apiKey: 'llmRouter.apiKeyStored',
  coderModel: 'llmRouter.coderModelReady',
  explained: 'llmRouter.explainAnswered',
} as const;

export const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);

/** Opens beside the code when a file is open, so the steps that act on it (Explain) still see it. */
export function openWalkthrough(context: vscode.ExtensionContext) {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, !!vscode.window.activeTextEditor);
}
