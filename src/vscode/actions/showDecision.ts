// "LLM Router: Show Routing Decision": what would happen for the selection and action, without calling a model:
// the decision's one line, and everything behind it (classification, rule, the chain with each step's reason) folded below.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { actionMessages } from '../../core/actions/prompts';
import { editorActionRequest } from '../../core/editorRequest';
import { ACTIONS, type Action } from '../../core/types';
import { diagnosticsIn, targetOf, workingEditor } from '../editorTarget';
import { decisionView } from '../results/decisionView';
import type { ResultPanels } from '../results/resultPanels';
import type { Services } from '../services';

const PICKABLE: Action[] = ['explain', 'refactor', 'tests', 'docs', 'summarize', 'ask'];

export async function showDecision(services: Services, results: ResultPanels, actionArg?: Action, promptArg?: string) {
  const editor = workingEditor();
  if (!editor) return void vscode.window.showInformationMessage('LLM Router: open a file first.');
  const action =
    actionArg && ACTIONS.includes(actionArg)
      ? actionArg
      : ((await vscode.window.showQuickPick(PICKABLE, { title: 'LLM Router: Show Routing Decision', placeHolder: 'For which action?' })) as Action | undefined);
  if (!action) return;
  const target = await targetOf(editor);
  const fileName = path.basename(target.document.fileName);
  const request =
    action === 'chat' || action === 'generate' || action === 'inline'
      ? { messages: actionMessages({ action, code: target.text, language: target.language, fileName, prompt: promptArg }), action, prompt: promptArg, subject: target.text, language: target.language, files: [target.document.uri.fsPath] }
      : editorActionRequest({
          action,
          code: target.text,
          language: target.language,
          fileName,
          symbol: target.symbol?.name,
          prompt: promptArg,
          file: target.document.uri.fsPath,
          diagnostics: diagnosticsIn(target.document, target.range),
        });
  const plan = services.router.plan({ ...request, maxTokens: services.maxOutputTokens(), localOnly: services.localOnlySetting() });
  const d = plan.decision;
  const view = decisionView(d, {
    classification: plan.classification,
    isLocal: (p) => !!services.config.current?.providers.get(p)?.local,
    configPath: services.config.rulesFile,
    inputTokens: plan.inputTokens,
    maxTokens: plan.maxTokens,
  });
  const page = results.create(`Decision: ${action} ${target.symbol?.name ?? fileName}`);
  page.setDecision(view, d.explanation);
  const scope = `${target.scope}${target.symbol ? ` \`${target.symbol.name}\`` : ''}`;
  page.append(`Routing decision for **${action}** on the ${scope} of \`${fileName}\`: the chain, each step's reason, the rule and the classification are in the details above.\n`);
  page.finish('No model was called.', 'done');
  return { decision: d, classification: plan.classification, panel: page.id, view };
}
