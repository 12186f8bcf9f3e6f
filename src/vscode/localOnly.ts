// Local-only mode: a setting and a status-bar toggle. While on, nothing goes to a provider that is not local.
import * as vscode from 'vscode';
import type { Services } from './services';

export function registerLocalOnly(context: vscode.ExtensionContext, services: Services) {
  const item = vscode.window.createStatusBarItem('llmRouter.localOnly', vscode.StatusBarAlignment.Right, 99);
  item.name = 'LLM Router local-only mode';
  item.command = 'llmRouter.toggleLocalOnly';
  const render = () => {
    const on = services.localOnlySetting();
    item.text = on ? '$(lock) Local only' : '$(unlock)';
    item.tooltip = on
      ? 'LLM Router: local-only mode is ON — requests go to local models only. Click to allow cloud providers.'
      : 'LLM Router: cloud providers allowed. Click for local-only mode.';
    item.backgroundColor = on ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  render();
  context.subscriptions.push(
    item,
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('llmRouter.localOnly') && render()),
    vscode.commands.registerCommand('llmRouter.toggleLocalOnly', async (value?: boolean) => {
      const cfg = vscode.workspace.getConfiguration('llmRouter');
      const next = typeof value === 'boolean' ? value : !services.localOnlySetting();
      const where = cfg.inspect<boolean>('localOnly')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await cfg.update('localOnly', next, where);
      render();
      return next;
    }),
  );
}
