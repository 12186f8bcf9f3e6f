// Explain, Summarize, Ask…: a read-only Markdown document, streamed live, opening with the decision line
// and ending with the actual tokens and cost.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { editorActionRequest } from '../../core/editorRequest';
import type { Action, Decision } from '../../core/types';
import { diagnosticsIn, targetOf } from '../editorTarget';
import type { LiveDocument, MarkdownResults } from '../results/markdownResults';
import type { Services } from '../services';
import { reportFailure, runRouted, usageLine } from './runRouted';

const TITLES: Partial<Record<Action, string>> = { explain: 'Explain', summarize: 'Summarize', ask: 'Ask' };

export function decisionHeader(d: Decision): string {
  return `> **LLM Router** · ${d.explanation}\n\n`;
}

export async function runTextAction(services: Services, results: MarkdownResults, action: 'explain' | 'summarize' | 'ask', promptArg?: string) {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return void vscode.window.showInformationMessage('LLM Router: open a file and select code first.');
  let prompt = promptArg;
  if (action === 'ask' && prompt === undefined) {
    prompt = await vscode.window.showInputBox({ title: 'LLM Router: Ask…', prompt: 'Your question about the selection (or the enclosing function, or the file)' });
    if (!prompt?.trim()) return;
  }
  const target = await targetOf(editor);
  const fileName = path.basename(target.document.fileName);
  const title = `${TITLES[action]} ${target.symbol?.name ?? fileName}`;
  let doc: LiveDocument | undefined;
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
      onDecision: async (decision) => {
        doc = results.create(title, decisionHeader(decision));
        await vscode.window.showTextDocument(doc.uri, { preview: false, viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      },
      onDelta: (text) => doc?.append(text),
    },
  );
  if (outcome.ok) doc?.setFooter(`\n\n---\n*${usageLine(outcome.result)}*\n`);
  else {
    doc?.setFooter(`\n\n---\n*Stopped: ${outcome.message}*\n`);
    await reportFailure(services, title, outcome);
  }
  return { uri: doc?.uri.toString(), text: doc?.text(), ok: outcome.ok };
}
