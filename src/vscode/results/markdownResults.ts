// Read-only Markdown documents that fill in live as an answer streams (Explain, Summarize, Ask…).
import * as vscode from 'vscode';

export const RESULT_SCHEME = 'llm-router-result';

export interface LiveDocument {
  readonly uri: vscode.Uri;
  append(text: string): void;
  /** Replaces the text shown after the streamed body (the footer). */
  setFooter(text: string): void;
  text(): string;
}

export class MarkdownResults implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, { header: string; body: string[]; footer: string }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    const d = this.docs.get(uri.toString());
    return d ? d.header + d.body.join('') + d.footer : '';
  }

  create(title: string, header: string): LiveDocument {
    const slug = title.replace(/[^\w.-]+/g, '-').slice(0, 60);
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${++this.counter}/${slug}.md` });
    const key = uri.toString();
    const state = { header, body: [] as string[], footer: '' };
    this.docs.set(key, state);
    return {
      uri,
      append: (t) => {
        state.body.push(t);
        this.schedule(key);
      },
      setFooter: (t) => {
        state.footer = t;
        this.flushNow(key);
      },
      text: () => this.provideTextDocumentContent(uri),
    };
  }

  /** Coalesces updates: at most one refresh per document every 50 ms while streaming. */
  private schedule(key: string) {
    this.pending.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const k of this.pending) this.changed.fire(vscode.Uri.parse(k));
      this.pending.clear();
    }, 50);
  }

  private flushNow(key: string) {
    this.pending.delete(key);
    this.changed.fire(vscode.Uri.parse(key));
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.docs.clear();
  }
}
