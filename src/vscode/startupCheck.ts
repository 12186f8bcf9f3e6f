// Once per window, after the config loads: if no model can answer at all (no cloud key, no local server
// running), the getting-started walkthrough opens instead of the first request failing.
import * as vscode from 'vscode';
import { errorText } from '../core/providers/errors';
import { checkProvider } from '../core/providers/health';
import { ProviderRegistry } from '../core/providers/registry';
import type { Services } from './services';
import { openWalkthrough } from './walkthroughContext';

const PROBE_MS = 2000;

export function registerStartupCheck(context: vscode.ExtensionContext, services: Services) {
  let done = false;
  const check = async () => {
    const cfg = services.config.current;
    if (done || !cfg) return;
    done = true;
    const providers = [...cfg.providers.values()];
    if (providers.some((p) => !p.local && !p.disabled)) return;
    const controller = new AbortController();
    context.subscriptions.push({ dispose: () => controller.abort() });
    const registry = new ProviderRegistry();
    const local = await Promise.all(providers.filter((p) => p.local && !p.disabled).map((p) => checkProvider(p, registry, PROBE_MS, controller.signal)));
    if (local.some((h) => h.status === 'ok')) return;
    const tried = local.map((h) => `${h.name} at ${h.baseUrl}`).join(', ') || 'none configured';
    services.log.warn(`no provider is usable: no cloud provider has a key, and no local server answered (${tried}); opening the getting-started walkthrough`);
    await openWalkthrough(context);
  };
  const checkQuietly = () => check().catch((err: unknown) => services.log.warn(`startup check: ${errorText(err)}`));
  context.subscriptions.push(services.config.onDidChange(() => void checkQuietly()));
  void checkQuietly();
}
