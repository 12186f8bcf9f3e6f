// The Content-Security-Policy of this extension's webview pages: nothing loads but the sources given, scripts only
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
