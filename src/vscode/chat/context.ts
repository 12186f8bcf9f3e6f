// What a chat turn is about: #file references (Uri or Location values), the editor selection, and for a
// slash command without either the editor's target (enclosing function, else the file). History becomes
// messages (answers without their footers), bounded by tokens.
import * as vscode from 'vscode';
import { stripFooter } from '../../core/chat/present';
import { boundHistory, clipTokens, type ContextItem } from '../../core/chat/prompt';
import { BinaryInputError, decodeText, isBinaryText } from '../../core/input';
import type { ChatMessage } from '../../core/types';
import { diagnosticsIn, targetOf } from '../editorTarget';

/** Per referenced file or selection. */
const ITEM_TOKENS = 6000;
const HISTORY_TOKENS = 3000;

export interface GatheredContext {
  items: ContextItem[];
  /** What the items came from, for response.reference(). */
  sources: (vscode.Uri | vscode.Location)[];
  /** Where an answer (e.g. a refactor) could be applied: the one selection or Location the turn is about. */
  applyTarget?: vscode.Location;
  language?: string;
  /** Errors and warnings VS Code reports in the selection or the editor's target, for the classifier. */
  diagnostics?: number;
  /** References that are binary files: never sent (the turn is refused, naming them). */
  binary: string[];
}

const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);
const lines = (r: vscode.Range) => (r.start.line === r.end.line ? `${r.start.line + 1}` : `${r.start.line + 1}-${r.end.line + 1}`);

async function fromLocation(loc: vscode.Location, label: string): Promise<ContextItem> {
  const doc = await vscode.workspace.openTextDocument(loc.uri);
  return { label, language: doc.languageId, text: clipTokens(textOf(doc, label, loc.range), ITEM_TOKENS) };
}

/** The document's text, or BinaryInputError (VS Code decodes a binary file into NULs and U+FFFD). */
function textOf(doc: vscode.TextDocument, label: string, range?: vscode.Range): string {
  const text = doc.getText(range);
  if (isBinaryText(text)) throw new BinaryInputError(label);
  return text;
}

/** A reference VS Code would not open as text: binary, or unreadable (left out, like a deleted file). */
async function isBinaryFile(uri: vscode.Uri): Promise<boolean> {
  try {
    decodeText(await vscode.workspace.fs.readFile(uri));
    return false;
  } catch (err) {
    return err instanceof BinaryInputError;
  }
}

export async function gatherContext(request: Pick<vscode.ChatRequest, 'references'>, wantTarget: boolean): Promise<GatheredContext> {
  const out: GatheredContext = { items: [], sources: [], binary: [] };
  const seen = new Set<string>();
  const add = (item: ContextItem, source?: vscode.Uri | vscode.Location) => {
    if (seen.has(item.label)) return;
    seen.add(item.label);
    out.items.push(item);
    if (source) out.sources.push(source);
    out.language ??= item.language;
  };
  // References come last-first (by their range in the prompt): restore the user's order.
  for (const ref of [...request.references].reverse()) {
    const v = ref.value;
    try {
      if (v instanceof vscode.Location) {
        add(await fromLocation(v, `${rel(v.uri)}:${lines(v.range)}`), v);
        out.applyTarget ??= v;
      } else if (v instanceof vscode.Uri) {
        const doc = await vscode.workspace.openTextDocument(v);
        add({ label: rel(v), language: doc.languageId, text: clipTokens(textOf(doc, rel(v)), ITEM_TOKENS) }, v);
      } else if (typeof v === 'string' && v.trim()) {
        add({ label: ref.modelDescription ?? ref.id, language: '', text: clipTokens(v, ITEM_TOKENS) });
      }
    } catch (err) {
      const uri = v instanceof vscode.Location ? v.uri : v instanceof vscode.Uri ? v : undefined;
      if (err instanceof BinaryInputError || (uri && (await isBinaryFile(uri)))) out.binary.push(uri ? rel(uri) : ref.id);
      // Otherwise an unreadable reference (a deleted file) is left out; the others still count.
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) {
    const loc = new vscode.Location(editor.document.uri, editor.selection);
    add(await fromLocation(loc, `${rel(loc.uri)}:${lines(loc.range)} (selection)`), loc);
    out.applyTarget ??= loc;
    out.diagnostics = diagnosticsIn(editor.document, editor.selection);
  } else if (editor && wantTarget && !out.items.length) {
    const t = await targetOf(editor);
    const loc = new vscode.Location(t.document.uri, t.range);
    add({ label: `${rel(loc.uri)}${t.scope === 'file' ? '' : `:${lines(t.range)}`} (${t.symbol ? `\`${t.symbol.name}\`` : t.scope})`, language: t.language, text: clipTokens(t.text, ITEM_TOKENS) }, loc);
    out.applyTarget ??= loc;
    out.diagnostics = diagnosticsIn(t.document, t.range);
  }
  return out;
}

type Turn = vscode.ChatContext['history'][number];

const uriOf = (v: unknown): vscode.Uri | undefined => (v instanceof vscode.Location ? v.uri : v instanceof vscode.Uri ? v : undefined);

/**
 * Every file a chat turn's text comes from, for the privacy gate: its `#file` references, the selection or
 * editor target, and the references of earlier turns (the history's answers may quote them).
 */
export function contextFilesOf(sources: readonly (vscode.Uri | vscode.Location)[], history: readonly Turn[]): string[] {
  const uris = sources.map(uriOf);
  for (const turn of history) if ('prompt' in turn) for (const ref of turn.references ?? []) uris.push(uriOf(ref.value));
  return [...new Set(uris.flatMap((u) => (u ? [u.scheme === 'file' ? u.fsPath : u.toString()] : [])))];
}

/** Earlier answered turns as messages; route, spend and "why" turns are not conversation and stay out. */
export function historyMessages(history: readonly Turn[]): ChatMessage[] {
  const msgs: ChatMessage[] = [];
  let pendingUser: ChatMessage | undefined;
  for (const turn of history) {
    if ('prompt' in turn) {
      pendingUser = { role: 'user', content: `${turn.command ? `/${turn.command} ` : ''}${turn.prompt}` };
    } else if ('response' in turn) {
      const meta = turn.result.metadata as { kind?: string } | undefined;
      const text = turn.response.map((p) => markdownOf((p as { value?: unknown }).value)).join('');
      if (pendingUser && meta?.kind === 'answer' && text.trim()) msgs.push(pendingUser, { role: 'assistant', content: stripFooter(text) });
      pendingUser = undefined;
    }
  }
  return boundHistory(msgs, HISTORY_TOKENS);
}

const markdownOf = (v: unknown) => (typeof v === 'string' ? v : v instanceof vscode.MarkdownString ? v.value : '');
