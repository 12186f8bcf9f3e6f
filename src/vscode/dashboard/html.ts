// The dashboard's page: a strict CSP (nothing but this extension's media and page script; scripts only with
// the nonce), the style, and the page script built from src/webview (it validates what it gets with the same
// zod schema the host validates with).
import * as vscode from 'vscode';
import { newNonce, strictCsp } from '../webviewCsp';

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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('vendor', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${media('dashboard.css')}">
<title>LLM Router</title>
</head>
<body class="mode-${mode}" data-mode="${mode}">
<div id="app" role="main" aria-busy="true"><p class="muted">Loading the routing dashboard…</p></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
