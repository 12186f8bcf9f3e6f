// What an editor action works on: the selection, else the enclosing function (document symbols), else the file.
import * as vscode from 'vscode';

export interface EditorTarget {
  document: vscode.TextDocument;
  range: vscode.Range;
  text: string;
  scope: 'selection' | 'function' | 'file';
  symbol?: vscode.DocumentSymbol;
  language: string;
}

/**
 * The editor an action works on: the active one, else, while something else has focus (the walkthrough, the
 * dashboard), the file editor shown beside it.
 */
export function workingEditor(): vscode.TextEditor | undefined {
  return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled');
}

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

export async function documentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  try {
    const result = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    return (result ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s);
  } catch {
    return [];
  }
}

/** The innermost function-like symbol containing `position`. */
export function enclosingFunction(symbols: readonly vscode.DocumentSymbol[], position: vscode.Position): vscode.DocumentSymbol | undefined {
  for (const s of symbols) {
    if (!s.range.contains(position)) continue;
    const inner = enclosingFunction(s.children, position);
    if (inner) return inner;
    if (FUNCTION_KINDS.has(s.kind)) return s;
  }
  return undefined;
}

export async function targetOf(editor: vscode.TextEditor): Promise<EditorTarget> {
  const { document, selection } = editor;
  const language = document.languageId;
  if (!selection.isEmpty) {
    return { document, range: selection, text: document.getText(selection), scope: 'selection', language };
  }
  const fn = enclosingFunction(await documentSymbols(document), selection.active);
  if (fn) {
    const range = new vscode.Range(fn.range.start.line, 0, fn.range.end.line, document.lineAt(fn.range.end.line).text.length);
    return { document, range, text: document.getText(range), scope: 'function', symbol: fn, language };
  }
  const last = document.lineAt(document.lineCount - 1);
  const range = new vscode.Range(0, 0, last.lineNumber, last.text.length);
  return { document, range, text: document.getText(), scope: 'file', language };
}

/** Errors and warnings the editor reports inside `range` (the classifier counts them as a problem to look into). */
export function diagnosticsIn(document: vscode.TextDocument, range: vscode.Range): number {
  return vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.intersection(range) !== undefined).length;
}

/** Every top-level function, method and class in the document (Write Docs on a whole file). */
export function documentableSymbols(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  const out: vscode.DocumentSymbol[] = [];
  const kinds = new Set([...FUNCTION_KINDS, vscode.SymbolKind.Class, vscode.SymbolKind.Interface]);
  const walk = (list: readonly vscode.DocumentSymbol[]) => {
    for (const s of list) {
      if (kinds.has(s.kind)) out.push(s);
      if (s.kind === vscode.SymbolKind.Class || s.kind === vscode.SymbolKind.Namespace || s.kind === vscode.SymbolKind.Module) walk(s.children);
    }
  };
  walk(symbols);
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}
