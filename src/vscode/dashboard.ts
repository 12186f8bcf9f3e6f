// The routing dashboard: a webview view in the "LLM Router" activity-bar container, and the same page as an
// editor panel ("LLM Router: Open Dashboard"). Rules, live decisions, spend, provider health and a what-if
// editor; see core/dashboard for the data and src/webview for the page.
import * as vscode from 'vscode';
import type { ToView } from '../core/dashboard/protocol';
import { loadedKeys, scrubKeys } from '../core/dashboard/scrub';
import { connect, type Connection } from './dashboard/connection';
import { webviewOptions } from './dashboard/html';
import { DashboardHub } from './dashboard/hub';
import type { Services } from './services';

export const VIEW_ID = 'llmRouter.dashboard';
const PANEL_TYPE = 'llmRouter.dashboardPanel';
const REFRESH_MS = 5000;

export function registerDashboard(context: vscode.ExtensionContext, services: Services) {
  const hub = new DashboardHub(services);
  const live = new Set<Connection>();
  let panel: vscode.WebviewPanel | undefined;
  let visibleCount = 0;

  const track = (c: Connection, owner: { onDidDispose: vscode.Event<void> }) => {
    live.add(c);
    owner.onDidDispose(() => {
      c.dispose();
      live.delete(c);
    });
  };

  const adoptPanel = (p: vscode.WebviewPanel) => {
    panel = p;
    p.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'llm-router.svg');
    track(connect(p.webview, hub, 'panel', () => p.visible), p);
    p.onDidDispose(() => {
      if (panel === p) panel = undefined;
    });
  };

  const openPanel = () => {
    if (panel) panel.reveal();
    else {
      adoptPanel(
        vscode.window.createWebviewPanel(PANEL_TYPE, 'LLM Router', vscode.ViewColumn.Active, {
          ...webviewOptions(context.extensionUri),
          retainContextWhenHidden: false,
        }),
      );
    }
    return panel;
  };

  // Cooldowns end and rate limits refill with time alone: refresh now and then while something shows.
  const tick = setInterval(() => {
    if (visibleCount > 0 || panel?.visible) hub.touch(0);
  }, REFRESH_MS);

  context.subscriptions.push(
    hub,
    { dispose: () => clearInterval(tick) },
    { dispose: () => live.forEach((c) => c.dispose()) },
    vscode.window.registerWebviewViewProvider(
      VIEW_ID,
      {
        resolveWebviewView(view) {
          track(connect(view.webview, hub, 'view', () => view.visible), view);
          const count = () => (visibleCount += view.visible ? 1 : -1);
          if (view.visible) visibleCount++;
          view.onDidChangeVisibility(count);
          view.onDidDispose(() => view.visible && visibleCount--);
        },
      },
      // State survives hiding through the page's own getState/setState, not a live hidden page.
      { webviewOptions: { retainContextWhenHidden: false } },
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      async deserializeWebviewPanel(p) {
        adoptPanel(p);
      },
    }),
    vscode.commands.registerCommand('llmRouter.openDashboard', () => void openPanel()),
    vscode.commands.registerCommand('llmRouter.checkProviders', async () => {
      const results = await vscode.window.withProgress(
        { location: { viewId: VIEW_ID }, title: 'Checking providers' },
        () => hub.checkProviders(),
      );
      const down = results.filter((r) => r.status === 'unreachable');
      const summary = results.map((r) => `${r.name}: ${r.status}${r.latencyMs !== undefined ? ` ${r.latencyMs} ms` : ''}`).join(', ');
      services.log.info(`providers checked: ${summary}`);
      if (down.length) void vscode.window.showWarningMessage(`LLM Router: unreachable: ${down.map((r) => r.name).join(', ')}. See the dashboard.`);
      return scrubKeys(
        results.map(({ models, ...r }) => ({ ...r, models: models?.length })),
        loadedKeys(services.config.current),
      );
    }),
    // For the end-to-end tests: the state the dashboard last posted.
    vscode.commands.registerCommand('llmRouter._dashboardState', (): ToView | undefined => {
      for (const c of live) {
        const s = c.lastState();
        if (s) return s;
      }
      return { type: 'state', state: hub.state() };
    }),
  );
}
