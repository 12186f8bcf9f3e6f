// One webview (the side view or the editor panel) bound to the hub: every message it sends is validated
// before anything happens, and every message it gets is validated and cleaned of keys before it is posted.
import * as vscode from 'vscode';
import { checkToView, parseFromView, type FromView, type ToView } from '../../core/dashboard/protocol';
import { loadedKeys, scrubKeys } from '../../core/dashboard/scrub';
import { simulate, WhatIfError } from '../../core/dashboard/whatIf';
import { dashboardHtml, webviewOptions } from './html';
import type { DashboardHub } from './hub';
import { openConfigAt, saveRuleChain } from './configFile';

export interface Connection extends vscode.Disposable {
  /** The last message posted (tests read it through a command). */
  readonly lastState: () => ToView | undefined;
}

export function connect(webview: vscode.Webview, hub: DashboardHub, mode: 'view' | 'panel', isVisible: () => boolean): Connection {
  const { services } = hub;
  const extensionUri = services.context.extensionUri;
  webview.options = webviewOptions(extensionUri);
  webview.html = dashboardHtml(webview, extensionUri, mode);
  let ready = false;
  let last: ToView | undefined;
  const reported = new Set<string>();

  const post = (message: ToView) => {
    let clean: ToView;
    try {
      clean = checkToView(scrubKeys(message, loadedKeys(services.config.current)));
    } catch (err) {
      // A bug here, not in the page: say so (once per fault), rather than leave the page showing an old state without a word.
      const why = `dashboard: a ${message.type} message does not fit the schema, not posted: ${(err as Error).message}`;
      if (!reported.has(why)) services.log.error(why);
      reported.add(why);
      return;
    }
    if (clean.type === 'state') last = clean;
    void webview.postMessage(clean);
  };
  const pushState = () => {
    if (ready && isVisible()) post({ type: 'state', state: hub.state() });
  };

  const peer: Peer = {
    hub,
    mode,
    post,
    pushState,
    ready: () => {
      ready = true;
    },
  };
  const handle = (m: FromView) => handleMessage(peer, m);

  const subs = [
    webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseFromView(raw);
      if (!parsed.ok) {
        services.log.warn(`dashboard: ignored an invalid message from the webview (${parsed.error})`);
        return;
      }
      handle(parsed.message).catch((err) => services.log.error(`dashboard: ${parsed.message.type} failed: ${(err as Error)?.stack ?? String(err)}`));
    }),
    hub.onDidChange(pushState),
  ];
  return {
    lastState: () => last,
    dispose: () => subs.forEach((s) => s.dispose()),
  };
}

/** What a message from the page may act on. */
interface Peer {
  hub: DashboardHub;
  mode: 'view' | 'panel';
  post(message: ToView): void;
  pushState(): void;
  ready(): void;
}

async function handleMessage({ hub, mode, post, pushState, ready }: Peer, m: FromView): Promise<void> {
  const { services } = hub;
  const cfg = services.config.current;
  switch (m.type) {
    case 'ready':
      ready();
      post({ type: 'state', state: hub.state() });
      if (hub.busyChecking) post({ type: 'checking', busy: true });
      return;
    case 'openRule': {
      const rule = cfg?.rules[m.index];
      if (rule) await openConfigAt(services.config.rulesFile, rule.line, mode);
      return;
    }
    case 'openProvider': {
      const p = cfg?.providers.get(m.name);
      if (p) await openConfigAt(services.config.rulesFile, p.line, mode);
      return;
    }
    case 'checkProviders':
      post({ type: 'checking', busy: true });
      try {
        await hub.checkProviders();
      } finally {
        post({ type: 'checking', busy: false });
        pushState();
      }
      return;
    case 'pullModel':
      await vscode.commands.executeCommand('llmRouter.pullModel', { provider: m.provider, model: m.model });
      pushState();
      return;
    case 'openPanel':
      await vscode.commands.executeCommand('llmRouter.openDashboard');
      return;
    case 'whatIf':
      if (!cfg) return;
      try {
        post({ type: 'whatIf', result: simulate(cfg, hub.recent, m.rule, m.chain, m.last) });
      } catch (err) {
        if (!(err instanceof WhatIfError)) throw err;
        post({ type: 'whatIfError', rule: m.rule, message: err.message });
      }
      return;
    case 'save':
      post({ type: 'saved', ...(await saveRuleChain(hub, m.rule, m.chain)) });
      return;
  }
}
