// The dashboard's page: a strict CSP (nothing but this webview's own media; scripts only with the nonce),
// the view's script and style, and the schema of the messages it accepts (from the same zod schema the host
// validates with).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { z } from 'zod';
import { ToView } from '../../core/dashboard/protocol';

let schemaJson: string | undefined;
/** JSON that is safe inside a <script> element. */
const schemaText = () => (schemaJson ??= JSON.stringify(z.toJSONSchema(ToView, { io: 'output' })).replace(/</g, '\\u003c'));

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot(extensionUri)] };
}

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'view' | 'panel'): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join('; ');
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
<script type="application/json" id="to-view-schema" nonce="${nonce}">${schemaText()}</script>
<script nonce="${nonce}" src="${media('check.js')}"></script>
<script nonce="${nonce}" src="${media('dashboard.js')}"></script>
</body>
</html>`;
}
