// The dashboard's implementation (dist/dashboard.js), loaded the first time a dashboard is shown or asked for:
// the hub that keeps the state, the live pages (the view and the panel) and the refresh timer.
import * as vscode from 'vscode';
import type { ToView } from '../../core/dashboard/protocol';
import { loadedKeys, scrubKeys } from '../../core/dashboard/scrub';
import type { Services } from '../services';
import { connect, type Connection } from './connection';
import { webviewOptions } from './html';
import { DashboardHub } from './hub';

const REFRESH_MS = 5000;

export type Dashboard = ReturnType<typeof createDashboard>;

export function createDashboard(context: vscode.ExtensionContext, services: Services, panelType: string) {
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

  // Cooldowns end and rate limits refill with time alone: refresh now and then while something shows.
  const tick = setInterval(() => {
    if (visibleCount > 0 || panel?.visible) hub.touch(0);
  }, REFRESH_MS);

  return {
    resolveView(view: vscode.WebviewView) {
      track(connect(view.webview, hub, 'view', () => view.visible), view);
      const count = () => (visibleCount += view.visible ? 1 : -1);
      if (view.visible) visibleCount++;
      view.onDidChangeVisibility(count);
      view.onDidDispose(() => view.visible && visibleCount--);
    },
    adoptPanel,
    openPanel() {
      if (panel) panel.reveal();
      else {
        adoptPanel(vscode.window.createWebviewPanel(panelType, 'LLM Router', vscode.ViewColumn.Active, { ...webviewOptions(context.extensionUri), retainContextWhenHidden: false }));
      }
      return panel;
    },
    async checkProviders() {
      const results = await hub.checkProviders();
      return { results, scrubbed: scrubKeys(results.map(({ models, ...r }) => ({ ...r, models: models?.length })), loadedKeys(services.config.current)) };
    },
    /** The state the dashboard last posted (for the end-to-end tests). */
    lastState(): ToView | undefined {
      for (const c of live) {
        const s = c.lastState();
        if (s) return s;
      }
      return { type: 'state', state: hub.state() };
    },
    dispose() {
      clearInterval(tick);
      live.forEach((c) => c.dispose());
      hub.dispose();
    },
  };
}
