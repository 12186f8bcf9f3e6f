// Composition root: builds the core, wires the VS Code adapters, owns every disposable.
// Each feature registers itself; one that fails at activation leaves the others running, and the user is told.
import * as vscode from 'vscode';
import { createApi, type LlmRouterApi } from './vscode/api';
import { registerCache } from './vscode/cache';
import { registerChat } from './vscode/chat';
import { registerCommands } from './vscode/commands';
import { ConfigState, registerConfig } from './vscode/configState';
import { registerDashboard } from './vscode/dashboard';
import { registerGenerateHere } from './vscode/generateHere';
import { registerInline } from './vscode/inline';
import { registerLmProvider } from './vscode/lmProvider';
import { createLog } from './vscode/log';
import { KeyStore, registerSecrets } from './vscode/secrets';
import { Services } from './vscode/services';
import { registerStatusBar } from './vscode/statusBar';
import { registerLocalOnly } from './vscode/localOnly';
import { registerStartupCheck } from './vscode/startupCheck';

export type { LlmRouterApi } from './vscode/api';

export async function activate(context: vscode.ExtensionContext): Promise<LlmRouterApi> {
  const log = createLog();
  const keys = new KeyStore(context.secrets);
  const config = new ConfigState(context.extensionPath, keys, log);
  const services = new Services(context, log, config);
  context.subscriptions.push(log.channel, services);

  const failed: string[] = [];
  const features: [string, () => unknown][] = [
    ['config', () => registerConfig(context, config, keys)],
    ['API keys', () => registerSecrets(context, keys, config)],
    ['editor actions', () => registerCommands(context, services)],
    ['status bar', () => registerStatusBar(context, services)],
    ['local-only mode', () => registerLocalOnly(context, services)],
    ['startup check', () => registerStartupCheck(context, services)],
    ['chat participant', () => registerChat(context, services)],
    ['inline completions', () => registerInline(context, services)],
    ['generate code here', () => registerGenerateHere(context, services)],
    ['language model provider', () => registerLmProvider(context, services)],
    ['dashboard', () => registerDashboard(context, services)],
    ['cache', () => registerCache(context, services)],
  ];
  const pending: Promise<unknown>[] = [];
  for (const [name, register] of features) {
    try {
      const r = register();
      if (r instanceof Promise) pending.push(r.catch((err) => fail(name, err)));
    } catch (err) {
      fail(name, err);
    }
  }
  function fail(name: string, err: unknown) {
    failed.push(name);
    log.error(`${name} failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  await Promise.all(pending);
  if (failed.length) {
    void vscode.window.showErrorMessage(`LLM Router: ${failed.join(', ')} failed to start; the rest works. See the log.`, 'Show Log').then((c) => c && log.channel.show());
  }
  return createApi(services);
}

export function deactivate() {}
