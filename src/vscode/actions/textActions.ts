// Explain, Summarize, Ask…: a formatted page beside the code, filled in while the answer streams. It opens with
// the decision's one line (details folded below) and ends with the actual tokens and cost.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { editorActionRequest } from '../../core/editorRequest';
import type { Action } from '../../core/types';
import { diagnosticsIn, targetOf, workingEditor } from '../editorTarget';
import { decisionView } from '../results/decisionView';
import type { LiveResult, ResultPanels } from '../results/resultPanels';
import type { Services } from '../services';
import { reportFailure, runRouted, usageLine } from './runRouted';

const TITLES: Partial<Record<Action, string>> = { explain: 'Explain', summarize: 'Summarize', ask: 'Ask' };

export async function runTextAction(services: Services, results: ResultPanels, action: 'explain' | 'summarize' | 'ask', promptArg?: string) {
  const editor = workingEditor();
  if (!editor) return void vscode.window.showInformationMessage('LLM Router: open a file and select code first.');
  let prompt = promptArg;
  if (action === 'ask' && prompt === undefined) {
    prompt = await vscode.window.showInputBox({ title: 'LLM Router: Ask…', prompt: 'Your question about the selection (or the enclosing function, or the file)' });
    if (!prompt?.trim()) return;
  }
  const target = await targetOf(editor);
  const fileName = path.basename(target.document.fileName);
  const title = `${TITLES[action]} ${target.symbol?.name ?? fileName}`;
  let page: LiveResult | undefined;
  const outcome = await runRouted(
    services,
    title,
    editorActionRequest({
      action,
      code: target.text,
      language: target.language,
      fileName,
      symbol: target.symbol?.name,
      prompt,
      file: target.document.uri.fsPath,
      diagnostics: diagnosticsIn(target.document, target.range),
      maxTokens: services.maxOutputTokens(),
    }),
    {
      onDecision: (decision, classification) => {
        page = results.create(title);
        page.setDecision(decisionView(decision, { classification, isLocal: (p) => !!services.config.current?.providers.get(p)?.local, configPath: services.config.rulesFile }), decision.explanation);
      },
      onDelta: (text) => page?.append(text),
    },
  );
  if (outcome.ok) page?.finish(usageLine(outcome.result), 'done');
  else {
    page?.finish(`Stopped: ${outcome.message}`, 'stopped');
    await reportFailure(services, title, outcome);
  }
  return { panel: page?.id, text: page?.text(), ok: outcome.ok };
}
