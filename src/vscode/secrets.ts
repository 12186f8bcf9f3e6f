// API keys in SecretStorage, keyed by the variable the config names (${ANTHROPIC_API_KEY} -> "ANTHROPIC_API_KEY").
// The environment is the fallback. Keys never go to settings, logs, the ledger or the webview.
import * as vscode from 'vscode';
import type { LoadedConfig } from '../core/config/model';

const PREFIX = 'llmRouter.key.';

export class KeyStore {
  private cache = new Map<string, string>();
  constructor(private readonly storage: vscode.SecretStorage) {}

  /** Loads the named variables from SecretStorage so config interpolation can stay synchronous. */
  async prefetch(names: Iterable<string>): Promise<void> {
    const next = new Map<string, string>();
    for (const name of new Set(names)) {
      const v = await this.storage.get(PREFIX + name);
      if (v) next.set(name, v);
    }
    this.cache = next;
  }

  /** SecretStorage first, then the environment. */
  lookup = (name: string): string | undefined => this.cache.get(name) ?? process.env[name];

  has(name: string): 'secret' | 'env' | undefined {
    return this.cache.has(name) ? 'secret' : process.env[name] ? 'env' : undefined;
  }

  store(name: string, value: string) {
    return this.storage.store(PREFIX + name, value);
  }

  delete(name: string) {
    return this.storage.delete(PREFIX + name);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.storage.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) listener();
    });
  }
}

/** The config in force (ConfigState), without importing it: ConfigState itself reads keys from the KeyStore. */
interface CurrentConfig {
  readonly current: LoadedConfig | undefined;
}

export function registerSecrets(context: vscode.ExtensionContext, keys: KeyStore, config: CurrentConfig) {
  const pickProvider = async (title: string, onlyWithSecret: boolean) => {
    const cfg = config.current;
    const items = [...(cfg?.providers.values() ?? [])]
      .filter((p) => p.keyVars.length && (!onlyWithSecret || keys.has(p.keyVars[0]) === 'secret'))
      .map((p) => ({
        label: p.name,
        description: p.keyVars[0],
        detail: p.disabled ? `off: ${p.disabled}` : `key from ${keys.has(p.keyVars[0]) === 'secret' ? 'SecretStorage' : 'the environment'}`,
        variable: p.keyVars[0],
      }));
    if (!items.length) {
      void vscode.window.showInformationMessage(onlyWithSecret ? 'LLM Router: no API key is stored.' : 'LLM Router: no provider in the config takes an API key.');
      return undefined;
    }
    // ignoreFocusOut: opened from the walkthrough, whose page re-renders and takes the focus back.
    return vscode.window.showQuickPick(items, { title, placeHolder: 'Provider', ignoreFocusOut: true });
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('llmRouter.setApiKey', async (providerArg?: string, valueArg?: string) => {
      const cfg = config.current;
      const named = providerArg ? cfg?.providers.get(providerArg) : undefined;
      const pick = named?.keyVars.length ? { label: named.name, variable: named.keyVars[0] } : await pickProvider('LLM Router: Set API Key', false);
      if (!pick) return;
      const value =
        valueArg ??
        (await vscode.window.showInputBox({
          title: `API key for ${pick.label}`,
          prompt: `Stored in VS Code's SecretStorage as ${pick.variable}; never in settings or logs.`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The key is empty'),
        }));
      if (!value?.trim()) return;
      await keys.store(pick.variable, value.trim());
      void vscode.window.showInformationMessage(`LLM Router: key for ${pick.label} stored.`);
    }),
    vscode.commands.registerCommand('llmRouter.clearApiKey', async (providerArg?: string) => {
      const named = providerArg ? config.current?.providers.get(providerArg) : undefined;
      const pick = named?.keyVars.length ? { label: named.name, variable: named.keyVars[0] } : await pickProvider('LLM Router: Clear API Key', true);
      if (!pick) return;
      await keys.delete(pick.variable);
      void vscode.window.showInformationMessage(`LLM Router: key for ${pick.label} removed from SecretStorage.`);
    }),
  );
}
