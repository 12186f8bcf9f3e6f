// Refactor results: a diff of the proposed change with Apply and Discard. Apply is one WorkspaceEdit (one undo).
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'llm-router-proposal';

/** What the feedback record needs about the answer behind a proposal. */
export interface ProposalOrigin {
  provider?: string;
  model?: string;
  taskType?: string;
  complexity?: string;
  ruleId?: string;
}

interface Proposal {
  origin?: ProposalOrigin;
  target: vscode.Uri;
  range: vscode.Range;
  version: number;
  proposed: string;
  original: string;
}

export class RefactorProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private counter = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private watchingUndo: vscode.Disposable | undefined;

  /** `onUndoneAfterApply` hears of an undo that comes right after an Apply (feedback: the answer was not good). */
  constructor(private readonly onUndoneAfterApply?: (origin: ProposalOrigin) => void) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const p = this.proposals.get(uri.toString());
    if (!p) return '';
    return uri.query === 'original' ? p.original : p.proposed;
  }

  /** Opens the diff: the whole document before, and after the proposed replacement of `range`. */
  async show(document: vscode.TextDocument, range: vscode.Range, replacement: string, title: string, origin?: ProposalOrigin): Promise<vscode.Uri> {
    const full = document.getText();
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++this.counter}${document.uri.path}` });
    this.proposals.set(uri.toString(), {
      origin,
      target: document.uri,
      range,
      version: document.version,
      proposed: full.slice(0, start) + replacement + full.slice(end),
      original: full,
    });
    this.proposals.set(uri.with({ query: 'original' }).toString(), this.proposals.get(uri.toString())!);
    await vscode.commands.executeCommand('setContext', 'llmRouter.refactorPending', true);
    await vscode.commands.executeCommand('vscode.diff', uri.with({ query: 'original' }), uri, title, { preview: false });
    return uri;
  }

  latest(): vscode.Uri | undefined {
    const keys = [...this.proposals.keys()].filter((k) => !k.endsWith('?original'));
    return keys.length ? vscode.Uri.parse(keys[keys.length - 1]) : undefined;
  }

  /** Applies the proposal as a single edit of the original range. */
  async apply(uri = this.latest()): Promise<boolean> {
    const p = uri && this.proposals.get(uri.toString());
    if (!p || !uri) return false;
    const doc = await vscode.workspace.openTextDocument(p.target);
    if (doc.version !== p.version) {
      void vscode.window.showWarningMessage('LLM Router: the file changed since the refactor was proposed; run Refactor again.');
      return false;
    }
    const start = doc.offsetAt(p.range.start);
    const replacement = p.proposed.slice(start, p.proposed.length - (p.original.length - doc.offsetAt(p.range.end)));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(p.target, p.range, replacement);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) {
      this.watchForUndo(p);
      await this.discard(uri);
    }
    return ok;
  }

  async discard(uri = this.latest()): Promise<void> {
    if (!uri) return;
    this.proposals.delete(uri.toString());
    this.proposals.delete(uri.with({ query: 'original' }).toString());
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff && input.modified.toString() === uri.toString()) await vscode.window.tabGroups.close(tab);
    }
    await vscode.commands.executeCommand('setContext', 'llmRouter.refactorPending', !!this.latest());
  }

  /** The next change to the file decides: an undo is feedback, anything else ends the watch. */
  private watchForUndo(p: Proposal) {
    this.watchingUndo?.dispose();
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== p.target.toString() || !e.contentChanges.length) return;
      sub.dispose();
      if (e.reason === vscode.TextDocumentChangeReason.Undo && p.origin) this.onUndoneAfterApply?.(p.origin);
    });
    this.watchingUndo = sub;
  }

  dispose() {
    this.watchingUndo?.dispose();
    this.changed.dispose();
    this.proposals.clear();
  }
}
