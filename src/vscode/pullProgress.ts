// A model pull under a cancellable progress notification: the percent and MB as the server reports them.
import * as vscode from 'vscode';
import { describePull, pullModel, type PullTarget } from '../core/catalogue/pull';
import { CancelledError } from '../core/errors';
import type { ProviderRegistry } from '../core/providers/registry';
import { signalOf } from './api';
import type { RouterLog } from './log';

export function pullWithProgress(registry: ProviderRegistry, target: PullTarget, log: RouterLog): Thenable<boolean> {
  const { provider, model } = target;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `LLM Router: pulling ${model} into ${provider.name}`, cancellable: true },
    async (progress, token) => {
      let shown = 0;
      log.info(`pull ${model} from ${provider.name} (${provider.baseUrl})`);
      try {
        const end = await pullModel(registry, target, signalOf(token), (s) => {
          const percent = s.percent ?? 0;
          progress.report({ message: describePull(s), increment: Math.max(0, percent - shown) });
          shown = Math.max(shown, percent);
        });
        log.info(`pulled ${model}: ${describePull(end)}`);
        void vscode.window.showInformationMessage(`LLM Router: ${model} is ready in ${provider.name}.`);
        return true;
      } catch (err) {
        if (err instanceof CancelledError || token.isCancellationRequested) {
          log.info(`pull of ${model} cancelled`);
          return false;
        }
        log.warn(`pull of ${model} failed: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(`LLM Router: cannot pull ${model}: ${(err as Error).message}`);
        return false;
      }
    },
  );
}
