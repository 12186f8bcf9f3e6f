// Verification in the editor: after the core's checks, the language's own diagnostics on a scratch copy of
// the code. Language servers only check documents shown in an editor, so the scratch copy is shown beside
// the code, without focus, while the server speaks, then closed. Only syntax errors count (TypeScript and
// JavaScript codes 1000–1999, JSON's own): a snippet cannot resolve its imports, so semantic errors say
// nothing about it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extractCode } from '../core/actions/prompts';
import type { Verifier } from '../core/verify';

/** Languages whose built-in servers report syntax diagnostics. */
const EXTENSIONS: Record<string, string> = { typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx', json: '.json' };
const WAIT_MS = 2000;

function isSyntaxError(d: vscode.Diagnostic): boolean {
  if (d.severity !== vscode.DiagnosticSeverity.Error) return false;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  if (d.source === 'ts' || d.source === 'js') return typeof code === 'number' && code >= 1000 && code < 2000;
  return d.source === 'json';
}

/** Diagnostics for `uri` once the language server has spoken, or after WAIT_MS. */
function diagnosticsFor(uri: vscode.Uri): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve(vscode.languages.getDiagnostics(uri));
    };
    const timer = setTimeout(done, WAIT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === uri.toString()) && done());
  });
}

async function closeTabsOf(uri: vscode.Uri) {
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()) await vscode.window.tabGroups.close(tab);
  }
}

export function diagnosticsVerifier(base: Verifier): Verifier {
  return async (answer, ctx) => {
    const first = await base(answer, ctx);
    const ext = ctx.language && EXTENSIONS[ctx.language];
    if (!first.ok || ctx.taskType === 'docs' || !ext) return first;
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-router-check-'));
    const uri = vscode.Uri.file(path.join(dir, `local-answer${ext}`));
    try {
      writeFileSync(uri.fsPath, extractCode(answer));
      const doc = await vscode.workspace.openTextDocument(uri);
      const diagnostics = diagnosticsFor(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
      const errors = (await diagnostics).filter(isSyntaxError);
      if (!errors.length) return first;
      const at = errors[0].range.start;
      return { ok: false, reason: `${errors.length} syntax error${errors.length > 1 ? 's' : ''} (${ctx.language}: ${errors[0].message} at ${at.line + 1}:${at.character + 1})` };
    } catch {
      return first;
    } finally {
      await closeTabsOf(uri).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
