// "LLM Router: Generate Code Here": an instruction, then the code streams in at the cursor (replacing the
// selection, if any). All the edits form one undo step: the first opens it, the last closes it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CodeStream } from '../core/inline/codeStream';
import { generateRequest } from '../core/editorRequest';
import { reportFailure, runRouted } from './actions/runRouted';
import type { Services } from './services';

const CONTEXT_LINES_BEFORE = 60;
const CONTEXT_LINES_AFTER = 20;

export function registerGenerateHere(context: vscode.ExtensionContext, services: Services) {
  context.subscriptions.push(vscode.commands.registerCommand('llmRouter.generateHere', (instruction?: string) => generateHere(services, instruction)));
}

export interface GenerateResult {
  ok: boolean;
  inserted: string;
  /** How many edits streamed the code in. */
  edits: number;
}

async function generateHere(services: Services, arg?: string): Promise<GenerateResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return void vscode.window.showInformationMessage('LLM Router: put the cursor where the code should go first.');
  await services.config.firstLoad;
  if (!services.config.current) return void vscode.window.showErrorMessage('LLM Router: the routing config has errors; see Problems.');
  const instruction =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({ title: 'LLM Router: Generate Code Here', prompt: 'What should the code do?', placeHolder: 'e.g. a function that parses ISO 8601 dates' });
  if (!instruction?.trim()) return undefined;

  const { document, selection } = editor;
  const lineStart = document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  const indent = /^\s*$/.test(lineStart) ? lineStart : /^\s*/.exec(lineStart)![0];
  const before = document.getText(new vscode.Range(Math.max(0, selection.start.line - CONTEXT_LINES_BEFORE), 0, selection.start.line, selection.start.character));
  const lastLine = Math.min(document.lineCount - 1, selection.end.line + CONTEXT_LINES_AFTER);
  const after = document.getText(new vscode.Range(selection.end, document.lineAt(lastLine).range.end));
  const code = new CodeStream(indent);
  const inserter = new StreamInserter(editor, selection);
  const outcome = await runRouted(
    services,
    'Generate Code Here',
    generateRequest({
      instruction,
      language: document.languageId,
      fileName: path.basename(document.fileName),
      before,
      after,
      selection: selection.isEmpty ? undefined : document.getText(selection),
      document: document.getText(),
      file: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
      maxTokens: services.maxOutputTokens(),
    }),
    { onDelta: (t) => inserter.push(code.push(t)) },
  );
  if (outcome.ok) inserter.push(code.end());
  await inserter.finish();
  if (!outcome.ok) await reportFailure(services, 'Generate Code Here', outcome);
  return { ok: outcome.ok, inserted: inserter.inserted, edits: inserter.edits };
}

/**
 * Applies streamed text at one place, one edit at a time (the next waits for the one before). The last
 * character waits for finish(), so the closing edit always has text and can set the undo stop after it.
 */
class StreamInserter {
  inserted = '';
  edits = 0;
  private pending = '';
  private busy?: Promise<void>;
  private startOffset: number;
  private replace?: vscode.Range;

  constructor(
    private readonly editor: vscode.TextEditor,
    selection: vscode.Selection,
  ) {
    this.startOffset = editor.document.offsetAt(selection.start);
    this.replace = selection.isEmpty ? undefined : new vscode.Range(selection.start, selection.end);
  }

  push(text: string) {
    if (!text) return;
    this.pending += text;
    this.busy ??= this.pump();
  }

  async finish() {
    while (this.busy) await this.busy;
    if (this.pending) await this.apply(this.pending, true);
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.length > 1) {
        const text = this.pending.slice(0, -1);
        this.pending = this.pending.slice(-1);
        await this.apply(text, false);
      }
    } finally {
      this.busy = undefined;
    }
  }

  private async apply(text: string, last: boolean) {
    const first = this.edits === 0;
    const doc = this.editor.document;
    const at = doc.positionAt(this.startOffset + this.inserted.length);
    const options = { undoStopBefore: first, undoStopAfter: last };
    const ok = await this.editor
      .edit((b) => {
        if (first && this.replace) b.replace(this.replace, text);
        else b.insert(at, text);
      }, options)
      .then(
        (r) => r,
        () => false,
      );
    if (!ok) {
      // The editor went away (closed, another tab): the document still gets the code.
      const edit = new vscode.WorkspaceEdit();
      if (first && this.replace) edit.replace(doc.uri, this.replace, text);
      else edit.insert(doc.uri, at, text);
      await vscode.workspace.applyEdit(edit);
    }
    this.inserted += text;
    this.edits++;
  }
}
