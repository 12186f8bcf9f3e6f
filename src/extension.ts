// Activation (dist/extension.js): the log, a stub for every command and the API, nothing else; the engine
// (src/vscode/engine.ts) loads right after. The time it took is logged: "activated in N ms".
import * as vscode from 'vscode';
import type { LlmRouterApi } from './vscode/api';
import { createLog } from './vscode/log';
import { createShell } from './vscode/shell';

export type { LlmRouterApi } from './vscode/api';

export function activate(context: vscode.ExtensionContext): LlmRouterApi {
  const t0 = performance.now();
  const log = createLog();
  context.subscriptions.push(log.channel);
  const { api, engine } = createShell(context, log);
  const ms = (t: number) => (performance.now() - t).toFixed(1);
  log.info(`activated in ${ms(t0)} ms`);
  const t1 = performance.now();
  void engine.then(() => log.info(`engine started and config loaded in ${ms(t1)} ms`));
  return api;
}

export function deactivate() {}
