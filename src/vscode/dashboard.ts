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
  const shown = { views: 0 };

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
    if (shown.views > 0 || panel?.visible) hub.touch(0);
  }, REFRESH_MS);

  context.subscriptions.push(
    hub,
    { dispose: () => clearInterval(tick) },
    { dispose: () => live.forEach((c) => c.dispose()) },
    // State survives hiding through the page's own getState/setState, not a live hidden page.
    vscode.window.registerWebviewViewProvider(VIEW_ID, viewProvider(hub, track, shown), { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      async deserializeWebviewPanel(p) {
        adoptPanel(p);
      },
    }),
    vscode.commands.registerCommand('llmRouter.openDashboard', () => void openPanel()),
    vscode.commands.registerCommand('llmRouter.checkProviders', () => checkProviders(hub)),
    // For the end-to-end tests: the state the dashboard last posted.
    vscode.commands.registerCommand('llmRouter._dashboardState', () => lastPosted(live, hub)),
  );
}

/** The side view: bound to the hub while it exists; `shown.views` counts the visible ones. */
function viewProvider(hub: DashboardHub, track: (c: Connection, owner: vscode.WebviewView) => void, shown: { views: number }): vscode.WebviewViewProvider {
  return {
    resolveWebviewView(view) {
      track(connect(view.webview, hub, 'view', () => view.visible), view);
      if (view.visible) shown.views++;
      view.onDidChangeVisibility(() => (shown.views += view.visible ? 1 : -1));
      view.onDidDispose(() => view.visible && shown.views--);
    },
  };
}

/** "LLM Router: Check Providers": every provider's reachability, logged; a warning names those that are down. */
async function checkProviders(hub: DashboardHub) {
  const { services } = hub;
  const results = await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Checking providers' }, () => hub.checkProviders());
  const down = results.filter((r) => r.status === 'unreachable');
  const summary = results.map((r) => `${r.name}: ${r.status}${r.latencyMs !== undefined ? ` ${r.latencyMs} ms` : ''}`).join(', ');
  services.log.info(`providers checked: ${summary}`);
  if (down.length) void vscode.window.showWarningMessage(`LLM Router: unreachable: ${down.map((r) => r.name).join(', ')}. See the dashboard.`);
  return scrubKeys(
    results.map(({ models, ...r }) => ({ ...r, models: models?.length })),
    loadedKeys(services.config.current),
  );
}

/** For the end-to-end tests: the state the dashboard last posted. */
function lastPosted(live: ReadonlySet<Connection>, hub: DashboardHub): ToView {
  for (const c of live) {
    const s = c.lastState();
    if (s) return s;
  }
  return { type: 'state', state: hub.state() };
}
