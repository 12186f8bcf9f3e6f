// Once per window, after the config loads: if no provider can answer (no cloud key, no local server
// running), say exactly what to do instead of failing on the first request.
import * as vscode from 'vscode';
import { checkProvider } from '../core/providers/health';
import { ProviderRegistry } from '../core/providers/registry';
import type { Services } from './services';

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
    services.log.warn(`no provider is usable: no cloud provider has a key, and no local server answered (${tried})`);
    const choice = await vscode.window.showWarningMessage(
      `LLM Router: no model is reachable. Start Ollama (\`ollama serve\`; tried ${tried}), or set an API key for a cloud provider.`,
      'Set API Key',
      'Open Config',
    );
    if (choice === 'Set API Key') void vscode.commands.executeCommand('llmRouter.setApiKey');
    else if (choice === 'Open Config') void vscode.commands.executeCommand('llmRouter.openConfig');
  };
  context.subscriptions.push(services.config.onDidChange(() => void check()));
  void check();
}
