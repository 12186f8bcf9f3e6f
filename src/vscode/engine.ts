// Composition root, loaded right after activation (src/extension.ts): builds the core, wires the VS Code
// adapters, owns every disposable. Each feature registers itself; one that fails to start leaves the others
// running, and the user is told.
import * as vscode from 'vscode';
import { createApi, type LlmRouterApi } from './api';
import { registerCache } from './cache';
import { registerChat } from './chat';
import { registerCommands } from './commands';
import { ConfigState, registerConfig } from './configState';
import { registerDashboard } from './dashboard';
import { registerGenerateHere } from './generateHere';
import { registerInline } from './inline';
import { registerLmProvider } from './lmProvider';
import { registerModels } from './models';
import { KeyStore, registerSecrets } from './secrets';
import { Services } from './services';
import { registerStatusBar } from './statusBar';
import { registerLocalOnly } from './localOnly';
import type { Shell } from './shell';
import { registerStartupCheck } from './startupCheck';
import { registerWalkthrough } from './walkthrough';

/** Registers every feature (the shell's command stubs give way to the real commands), then loads the config. */
export async function start(context: vscode.ExtensionContext, shell: Shell): Promise<LlmRouterApi> {
  const log = shell.log;
  const keys = new KeyStore(context.secrets);
  const config = new ConfigState(context.extensionPath, keys, log);
  const services = new Services(context, log, config);
  context.subscriptions.push(services, services.onDidDecide((e) => shell.decided.fire(e)));

  const failed: string[] = [];
  const features: [string, () => unknown][] = [
    ['config', () => registerConfig(context, config, keys)],
    ['API keys', () => registerSecrets(context, keys, config)],
    ['editor actions', () => registerCommands(context, services)],
    ['status bar', () => registerStatusBar(context, services)],
    ['local-only mode', () => registerLocalOnly(context, services)],
    ['getting started', () => registerWalkthrough(context, services, keys)],
    ['startup check', () => registerStartupCheck(context, services)],
    ['model check', () => registerModels(context, services)],
    ['chat participant', () => registerChat(context, services)],
    ['inline completions', () => registerInline(context, services)],
    ['generate code here', () => registerGenerateHere(context, services)],
    ['language model provider', () => registerLmProvider(context, services)],
    ['dashboard', () => registerDashboard(context, services)],
    ['cache', () => registerCache(context, services)],
  ];
  const pending: Promise<unknown>[] = [];
  shell.releaseCommands();
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
