// The Content-Security-Policy and the HTML shell of this extension's webview pages: nothing loads but the sources given, scripts only
// with the page's nonce, and no connection, form, frame, plugin or base change.
import { randomBytes } from 'node:crypto';

export const newNonce = () => randomBytes(16).toString('base64');

export function strictCsp(nonce: string, sources: { style: string; img?: string; font?: string }): string {
  return [
    "default-src 'none'",
    `img-src ${sources.img ?? "'none'"}`,
    `style-src ${sources.style}`,
    ...(sources.font ? [`font-src ${sources.font}`] : []),
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** A webview page: the CSP, the style sheets, the body, then the one script, which runs with the nonce. */
export function webviewPage(p: { nonce: string; csp: string; styles: string[]; bodyAttrs?: string; body: string; script: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${p.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
<title>LLM Router</title>
</head>
<body${p.bodyAttrs ? ' ' + p.bodyAttrs : ''}>
${p.body}
<script nonce="${p.nonce}" src="${p.script}"></script>
</body>
</html>`;
}
