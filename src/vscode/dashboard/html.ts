// The dashboard's page: a strict CSP (nothing but this extension's media and page script; scripts only with
// the nonce), the style, and the page script built from src/webview (it validates what it gets with the same
// zod schema the host validates with).
import * as vscode from 'vscode';
import { newNonce, strictCsp, webviewPage } from '../webviewCsp';

const mediaRoot = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, 'media');
/** Where esbuild writes the page script (dist/webview/dashboard.js). */
const scriptRoot = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, 'dist', 'webview');

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot(extensionUri), scriptRoot(extensionUri)] };
}

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'view' | 'panel'): string {
  const nonce = newNonce();
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), ...p)).toString();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(scriptRoot(extensionUri), 'dashboard.js')).toString();
  const csp = strictCsp(nonce, { img: `${webview.cspSource} data:`, style: webview.cspSource, font: webview.cspSource });
  return webviewPage({
    nonce,
    csp,
    styles: [media('vendor', 'codicons', 'codicon.css'), media('dashboard.css')],
    bodyAttrs: `class="mode-${mode}" data-mode="${mode}"`,
    body: '<div id="app" role="main" aria-busy="true"><p class="muted">Loading the routing dashboard…</p></div>',
    script,
  });
}
