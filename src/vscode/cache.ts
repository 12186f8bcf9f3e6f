// "LLM Router: Clear Cache": every stored answer and embedding, in memory and in the state dir.
import * as vscode from 'vscode';
import type { Services } from './services';

export function registerCache(context: vscode.ExtensionContext, services: Services) {
  context.subscriptions.push(
    vscode.commands.registerCommand('llmRouter.clearCache', () => {
      const cleared = services.cache.clear();
      services.log.info(`cache cleared: ${cleared.responses} answers, ${cleared.embeddings} embeddings`);
      void vscode.window.showInformationMessage(`LLM Router: cache cleared (${cleared.responses} answers, ${cleared.embeddings} embeddings).`);
      return cleared;
    }),
  );
}
