// "LLM Router: Show Routing Decision": what would happen for the selection and action, without calling a model.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { actionMessages } from '../../core/actions/prompts';
import { editorActionRequest } from '../../core/editorRequest';
import { ACTIONS, type Action } from '../../core/types';
import { diagnosticsIn, targetOf } from '../editorTarget';
import type { MarkdownResults } from '../results/markdownResults';
import type { Services } from '../services';

const PICKABLE: Action[] = ['explain', 'refactor', 'tests', 'docs', 'summarize', 'ask'];

export async function showDecision(services: Services, results: MarkdownResults, actionArg?: Action, promptArg?: string) {
  const editor = vscode.window.activeTextEditor;
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
  const c = plan.classification;
  const rows = d.chain.map((s, i) => `| ${s.skipped ? '–' : i + 1} | \`${s.provider}:${s.model}\` | ${s.skipped ? `skipped: ${s.skipped}` : s.reason} |`);
  const body = [
    `# Routing decision: ${action} ${target.symbol?.name ?? fileName}`,
    '',
    `**${d.explanation}**`,
    '',
    `- Scope: ${target.scope}${target.symbol ? ` \`${target.symbol.name}\`` : ''}, ${plan.inputTokens} input tokens, up to ${plan.maxTokens} output tokens`,
    c ? `- Classification: ${c.taskType}, ${c.complexity} (confidence ${c.confidence.toFixed(2)}): ${c.reason}` : `- Classification: ${d.taskType}, ${d.complexity}`,
    `- Rule ${d.rule.index + 1} \`${d.rule.id}\`${d.rule.line ? `, line ${d.rule.line} of ${services.config.path}` : ''}`,
    `- Estimated cost (worst case): $${d.estimatedCostUsd.toFixed(4)}`,
    '',
    '| # | target | why |',
    '| - | - | - |',
    ...rows,
    '',
    '_No model was called._',
    '',
  ].join('\n');
  const doc = results.create(`Decision ${action}`, body);
  await vscode.window.showTextDocument(doc.uri, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  return { decision: d, classification: c, uri: doc.uri.toString() };
}
