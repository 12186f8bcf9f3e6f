// The editor actions: command palette, editor context menu and keybindings. Each returns what it produced,
// so other extensions and the end-to-end suite can check it.
import * as vscode from 'vscode';
import type { Action } from '../core/types';
import { runGenerateTests, runRefactor, runWriteDocs } from './actions/codeActions';
import { showDecision } from './actions/showDecision';
import { runTextAction } from './actions/textActions';
import { ResultPanels } from './results/resultPanels';
import { PROPOSAL_SCHEME, RefactorProposals } from './results/refactorProposal';
import type { Services } from './services';

export function registerCommands(context: vscode.ExtensionContext, services: Services) {
  const results = new ResultPanels(context.extensionUri);
  const proposals = new RefactorProposals((origin) => {
    if (!origin.provider || !origin.model) return;
    try {
      services.budget.appendFeedback({ signal: 'undo_after_apply', provider: origin.provider, model: origin.model, taskType: origin.taskType, complexity: origin.complexity, ruleId: origin.ruleId });
      services.log.info(`feedback: undo right after applying ${origin.provider}:${origin.model} (rule ${origin.ruleId})`);
    } catch (err) {
      services.log.warn(`could not record feedback: ${(err as Error).message}`);
    }
  });
  // A command run while the window starts waits for the first load of the config (not an error: it is loading).
  const ready = async () => {
    await services.config.firstLoad;
    return services.config.current !== undefined || (void vscode.window.showErrorMessage('LLM Router: the routing config has errors; see Problems.'), false);
  };
  const guarded =
    <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
    async (...args: A) =>
      (await ready()) ? fn(...args) : undefined;

  context.subscriptions.push(
    results,
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.commands.registerCommand('llmRouter.explain', guarded(() => runTextAction(services, results, 'explain'))),
    vscode.commands.registerCommand('llmRouter.summarize', guarded(() => runTextAction(services, results, 'summarize'))),
    vscode.commands.registerCommand('llmRouter.ask', guarded((prompt?: string) => runTextAction(services, results, 'ask', prompt))),
    vscode.commands.registerCommand('llmRouter.refactor', guarded((prompt?: string) => runRefactor(services, proposals, prompt))),
    vscode.commands.registerCommand('llmRouter.generateTests', guarded((opts?: { ifExists?: 'Overwrite' | 'Keep Both' }) => runGenerateTests(services, opts))),
    vscode.commands.registerCommand('llmRouter.writeDocs', guarded((opts?: { preview?: boolean }) => runWriteDocs(services, proposals, opts))),
    vscode.commands.registerCommand('llmRouter.showDecision', guarded((action?: Action, prompt?: string) => showDecision(services, results, action, prompt))),
    vscode.commands.registerCommand('llmRouter.applyRefactor', (uri?: vscode.Uri) => proposals.apply(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('llmRouter.discardRefactor', (uri?: vscode.Uri) => proposals.discard(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('llmRouter.showLog', () => services.log.channel.show()),
    // For the end-to-end suite: where the config and the log are (no key, no prompt).
    vscode.commands.registerCommand('llmRouter._diagnostics', () => ({
      configPath: services.config.path,
      ignoringWorkspaceConfig: services.config.ignoringWorkspaceConfig,
      logDir: context.logUri.fsPath,
      stateDir: services.stateDir,
    })),
  );
}
