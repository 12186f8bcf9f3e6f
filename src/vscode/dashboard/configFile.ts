// The dashboard's two ways into the routing config: open it at a line, and save a rule's new chain as an
// undoable edit of the document (only that list's characters change).
import * as vscode from 'vscode';
import { parseConfig } from '../../core/config/load';
import { setRuleChain } from '../../core/dashboard/yamlEdit';
import { parseChain, WhatIfError } from '../../core/dashboard/whatIf';
import { ConfigErrors } from '../../core/errors';
import type { DashboardHub } from './hub';

export async function openConfigAt(file: string, line: number, from: 'view' | 'panel'): Promise<vscode.TextEditor> {
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(pos, pos),
    preview: false,
    // From the editor panel, open beside it so the dashboard stays in view.
    viewColumn: from === 'panel' ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

function problemsOf(text: string, file: string): string[] {
  try {
    parseConfig(text, { file, env: (name) => process.env[name] });
    return [];
  } catch (err) {
    if (err instanceof ConfigErrors) return err.errors.map((e) => e.detail);
    throw err;
  }
}

export async function saveRuleChain(hub: DashboardHub, index: number, chain: string[]): Promise<{ ok: boolean; message: string }> {
  const { config } = hub.services;
  const cfg = config.current;
  const rule = cfg?.rules[index];
  if (!cfg || !rule) return { ok: false, message: 'That rule is no longer in the config.' };
  if (hub.readOnly) {
    return { ok: false, message: 'The live config is the shipped default, which is read-only. Run "LLM Router: Open Routing Config" to get your own copy, then save there.' };
  }
  try {
    parseChain(cfg, chain);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(config.rulesFile));
    if (doc.isDirty) return { ok: false, message: `${config.rulesFile} has unsaved changes: save or revert them first.` };
    const old = doc.getText();
    const text = setRuleChain(old, rule, chain);
    // The edit must not add a problem to the file (one it already had is not this edit's to fix).
    const had = new Set(problemsOf(old, config.rulesFile));
    const added = problemsOf(text, config.rulesFile).filter((p) => !had.has(p));
    if (added.length) return { ok: false, message: `The edited config would not load: ${added[0]}` };
    // Replace only the span that changed, so cursors and folds elsewhere stay put.
    let head = 0;
    while (head < old.length && head < text.length && old[head] === text[head]) head++;
    let tail = 0;
    while (tail < old.length - head && tail < text.length - head && old[old.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(head), doc.positionAt(old.length - tail)), text.slice(head, text.length - tail));
    if (!(await vscode.workspace.applyEdit(edit)) || !(await doc.save())) return { ok: false, message: `Could not write ${config.rulesFile}.` };
    await config.reload();
    return { ok: true, message: `Saved rule "${rule.id}": ${chain.join(', ')}.` };
  } catch (err) {
    if (err instanceof WhatIfError || err instanceof ConfigErrors) return { ok: false, message: err.message };
    throw err;
  }
}
