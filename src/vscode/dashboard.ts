// The routing dashboard: a webview view in the "LLM Router" activity-bar container, and the same page as an
// editor panel ("LLM Router: Open Dashboard"). Rules, live decisions, spend, provider health and a what-if
// editor; see core/dashboard for the data and src/webview for the page.
import * as vscode from 'vscode';
import type * as Impl from './dashboard/impl';
import type { Services } from './services';
import { loadStage } from './stages';

export const VIEW_ID = 'llmRouter.dashboard';
const PANEL_TYPE = 'llmRouter.dashboardPanel';

/** Registers the view, the panel and the commands; the implementation (dist/dashboard.js) loads when first needed. */
export function registerDashboard(context: vscode.ExtensionContext, services: Services) {
  let impl: Impl.Dashboard | undefined;
  const dashboard = () => (impl ??= loadStage<typeof Impl>('dashboard').createDashboard(context, services, PANEL_TYPE));

  context.subscriptions.push(
    { dispose: () => impl?.dispose() },
    vscode.window.registerWebviewViewProvider(
      VIEW_ID,
      { resolveWebviewView: (view) => dashboard().resolveView(view) },
      // State survives hiding through the page's own getState/setState, not a live hidden page.
      { webviewOptions: { retainContextWhenHidden: false } },
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      async deserializeWebviewPanel(p) {
        dashboard().adoptPanel(p);
      },
    }),
    vscode.commands.registerCommand('llmRouter.openDashboard', () => void dashboard().openPanel()),
    vscode.commands.registerCommand('llmRouter.checkProviders', async () => {
      const { results, scrubbed } = await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Checking providers' }, () => dashboard().checkProviders());
      const down = results.filter((r) => r.status === 'unreachable');
      const summary = results.map((r) => `${r.name}: ${r.status}${r.latencyMs !== undefined ? ` ${r.latencyMs} ms` : ''}`).join(', ');
      services.log.info(`providers checked: ${summary}`);
      if (down.length) void vscode.window.showWarningMessage(`LLM Router: unreachable: ${down.map((r) => r.name).join(', ')}. See the dashboard.`);
      return scrubbed;
    }),
    // For the end-to-end tests: the state the dashboard last posted.
    vscode.commands.registerCommand('llmRouter._dashboardState', () => dashboard().lastState()),
  );
}
