// Today's spend against the budget in the status bar, coloured at the warning threshold and when exhausted.
// Follows settles from every window and the CLI through the budget's ledger watch.
import * as vscode from 'vscode';
import type { BudgetEvent, BudgetStatus } from '../core/spend/budget';
import { spendFacts, statusText } from './spendText';
import type { Services } from './services';

/** Once a day each, across windows: the warning threshold, an exhausted budget, a provider at its limit. */
function notify(e: BudgetEvent) {
  const show = e.kind === 'warning' || e.kind === 'provider_limit' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(`LLM Router: ${e.message}`, 'Show Spend').then((c) => c && vscode.commands.executeCommand('llmRouter.showSpend'));
}

export function registerStatusBar(context: vscode.ExtensionContext, services: Services) {
  const item = vscode.window.createStatusBarItem('llmRouter.spend', vscode.StatusBarAlignment.Right, 100);
  item.name = 'LLM Router spend';
  item.command = 'llmRouter.showSpend';
  let following = false;
  const render = () => {
    let s: BudgetStatus;
    try {
      if (!following && services.config.current) {
        following = true;
        context.subscriptions.push(services.budget.onDidChange(render), services.budget.onEvent(notify));
      }
      s = services.budget.status();
    } catch (err) {
      item.text = '$(pulse) LLM Router';
      item.tooltip = `LLM Router: ${services.config.current ? (err as Error).message : 'no routing config loaded'}`;
      item.show();
      return;
    }
    item.text = statusText(s);
    item.backgroundColor =
      s.state === 'exhausted' ? new vscode.ThemeColor('statusBarItem.errorBackground') : s.state === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const last = services.recent[0];
    const tooltip = new vscode.MarkdownString(
      ['**LLM Router**', ...spendFacts(s), ...(last ? ['', `Last: ${last.decision.explanation}`] : []), '', s.state === 'exhausted' ? '_Budget exhausted: local models only._' : '']
        .join('\n\n')
        .trim(),
    );
    item.tooltip = tooltip;
    item.show();
  };
  render();
  context.subscriptions.push(
    item,
    services.onDidDecide(render),
    services.config.onDidChange(render),
    vscode.commands.registerCommand('llmRouter.showSpend', async () => {
      const s = services.budget.status();
      const items = spendFacts(s).map((label) => ({ label }));
      for (const e of services.recent.slice(0, 10)) items.push({ label: `$(history) ${e.decision.explanation}` });
      items.push({ label: `$(folder) Ledger: ${services.stateDir} (pass it to the CLI as --state-dir to share this budget)` });
      await vscode.window.showQuickPick(items, { title: `LLM Router: ${statusText(s).replace(/^\$\(\w+\) /, '')}`, canPickMany: false });
      return { text: item.text, facts: spendFacts(s) };
    }),
    vscode.commands.registerCommand('llmRouter._statusBarText', () => item.text),
  );
  return { render };
}
