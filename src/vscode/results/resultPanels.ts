// Explain, Summarize, Ask and Show Routing Decision open as a formatted page beside the code, filled in while
// the answer streams: the decision's one line with its details folded below, the answer, then the tokens and
// cost. A webview in the theme's colours with a strict CSP (nothing but its own script and style, scripts
// only with the page's nonce); the page builds the answer from a tree of allowed elements, never from HTML.
import * as vscode from 'vscode';
import { newNonce, strictCsp, webviewPage } from '../webviewCsp';
import type { DecisionView } from './decisionView';
import { markdownTree, type MdNode } from './markdownTree';

export const RESULT_VIEW = 'llmRouter.result';
const FLUSH_MS = 50;

export interface ResultState {
  title: string;
  decision?: DecisionView;
  body: MdNode[];
  footer?: string;
  state: 'waiting' | 'streaming' | 'done' | 'stopped';
}

export interface LiveResult {
  readonly id: string;
  setDecision(view: DecisionView, sourceLine: string): void;
  append(text: string): void;
  finish(footer: string, state: 'done' | 'stopped'): void;
  /** The Markdown source of what the page shows (decision line, answer, footer). */
  text(): string;
}

export class ResultPanels implements vscode.Disposable {
  private readonly panels = new Set<vscode.WebviewPanel>();
  private counter = 0;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Opens a page beside the code, without taking the focus. */
  create(title: string, markdown = ''): LiveResult {
    const id = `${RESULT_VIEW}.${++this.counter}`;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(RESULT_VIEW, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    panel.webview.html = pageHtml(panel.webview, media);
    this.panels.add(panel);
    let header = '';
    let body = markdown;
    let footer = '';
    const state: ResultState = { title, body: [], state: 'waiting' };
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      state.body = markdownTree(body);
      void panel.webview.postMessage({ type: 'render', result: state });
    };
    const schedule = () => (timer ??= setTimeout(flush, FLUSH_MS));
    const flushNow = () => {
      if (timer) clearTimeout(timer);
      flush();
    };
    panel.webview.onDidReceiveMessage((m: { type?: string }) => m?.type === 'ready' && flushNow());
    panel.onDidDispose(() => {
      if (timer) clearTimeout(timer);
      this.panels.delete(panel);
    });
    flushNow();
    return {
      id,
      setDecision: (view, sourceLine) => {
        state.decision = view;
        header = `> **LLM Router** · ${sourceLine}\n\n`;
        flushNow();
      },
      append: (t) => {
        body += t;
        state.state = 'streaming';
        schedule();
      },
      finish: (text, end) => {
        footer = text;
        state.footer = text;
        state.state = end;
        flushNow();
      },
      text: () => `${header}${body}${footer ? `\n\n---\n*${footer}*\n` : ''}`,
    };
  }

  dispose() {
    for (const p of this.panels) p.dispose();
    this.panels.clear();
  }
}

function pageHtml(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = newNonce();
  const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, f)).toString();
  const csp = strictCsp(nonce, { style: webview.cspSource });
  return webviewPage({
    nonce,
    csp,
    styles: [uri('results.css')],
    body: ['<header id="decision" aria-live="polite"></header>', '<main id="answer" aria-busy="true"><p class="muted">Routing…</p></main>', '<footer id="usage"></footer>'].join('\n'),
    script: uri('results.js'),
  });
}
