// Activation (dist/extension.js): a stub for every command and the API, nothing else; the log and the engine
// (src/vscode/engine.ts) come right after. The time activate() took is the log's first line: "activated in N ms".
import type * as vscode from 'vscode';
import type { LlmRouterApi } from './vscode/api';
import { createShell } from './vscode/shell';

export type { LlmRouterApi } from './vscode/api';

export function activate(context: vscode.ExtensionContext): LlmRouterApi {
  const t0 = performance.now();
  let activatedMs = 0;
  const { api, engine } = createShell(context, (log) => {
    log.info(`activated in ${activatedMs.toFixed(1)} ms`);
    const t1 = performance.now();
    void engine.then(
      () => log.info(`engine started and config loaded in ${(performance.now() - t1).toFixed(1)} ms`),
      () => undefined,
    );
  });
  activatedMs = performance.now() - t0;
  return api;
}

export function deactivate() {}
