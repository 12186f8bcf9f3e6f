// Proposed changes (Refactor, Write Docs): a diff of the whole file before and after, with Apply and Discard in
// the editor title. Apply is one WorkspaceEdit of every change (one undo); what the diff shows is what it applies.
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

/** One change of a proposal: `range` of the original replaced by `text` (an empty range inserts). */
export interface ProposedEdit {
  range: vscode.Range;
  text: string;
}

interface Proposal {
  origin?: ProposalOrigin;
  target: vscode.Uri;
  edits: readonly ProposedEdit[];
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

  /** Opens the diff: the whole document before, and after the proposed edits (which must not overlap). */
  async show(document: vscode.TextDocument, edits: readonly ProposedEdit[], title: string, origin?: ProposalOrigin): Promise<vscode.Uri> {
    const full = document.getText();
    let proposed = full;
    for (const e of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
      proposed = proposed.slice(0, document.offsetAt(e.range.start)) + e.text + proposed.slice(document.offsetAt(e.range.end));
    }
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++this.counter}${document.uri.path}` });
    this.proposals.set(uri.toString(), { origin, target: document.uri, edits, version: document.version, proposed, original: full });
    this.proposals.set(uri.with({ query: 'original' }).toString(), this.proposals.get(uri.toString())!);
    await vscode.commands.executeCommand('setContext', 'llmRouter.refactorPending', true);
    await vscode.commands.executeCommand('vscode.diff', uri.with({ query: 'original' }), uri, title, { preview: false });
    return uri;
  }

  latest(): vscode.Uri | undefined {
    const keys = [...this.proposals.keys()].filter((k) => !k.endsWith('?original'));
    return keys.length ? vscode.Uri.parse(keys[keys.length - 1]) : undefined;
  }

  /** Applies every edit of the proposal as one WorkspaceEdit: one undo step. */
  async apply(uri = this.latest()): Promise<boolean> {
    const p = uri && this.proposals.get(uri.toString());
    if (!p || !uri) return false;
    const doc = await vscode.workspace.openTextDocument(p.target);
    if (doc.version !== p.version) {
      void vscode.window.showWarningMessage('LLM Router: the file changed since this change was proposed; run the action again.');
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of p.edits) edit.replace(p.target, e.range, e.text);
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
