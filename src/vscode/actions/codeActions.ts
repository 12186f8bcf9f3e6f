// Refactor (a diff with Apply/Discard), Generate Tests (a new file beside the source), Write Docs (doc comments
// above each target symbol, as a previewable edit).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { docComment } from '../../core/actions/docComment';
import { CancelledError } from '../../core/errors';
import { extractCode } from '../../core/actions/prompts';
import { editorActionRequest } from '../../core/editorRequest';
import { testFileName } from '../../core/actions/testFile';
import { diagnosticsIn, documentableSymbols, documentSymbols, targetOf, workingEditor, type EditorTarget } from '../editorTarget';
import type { ProposedEdit, RefactorProposals } from '../results/refactorProposal';
import type { Services } from '../services';
import { reportFailure, runRouted, type RunOutcome } from './runRouted';

function activeEditor(): vscode.TextEditor | undefined {
  const editor = workingEditor();
  if (!editor) void vscode.window.showInformationMessage('LLM Router: open a file first.');
  return editor;
}

function request(services: Services, action: 'refactor' | 'tests' | 'docs', target: Pick<EditorTarget, 'text' | 'language' | 'document' | 'range'>, symbol?: string, prompt?: string) {
  return editorActionRequest({
    action,
    code: target.text,
    language: target.language,
    fileName: path.basename(target.document.fileName),
    symbol,
    prompt,
    file: target.document.uri.fsPath,
    diagnostics: diagnosticsIn(target.document, target.range),
    maxTokens: services.maxOutputTokens(),
  });
}

export async function runRefactor(services: Services, proposals: RefactorProposals, prompt?: string) {
  const editor = activeEditor();
  if (!editor) return;
  const target = await targetOf(editor);
  const title = `Refactor ${target.symbol?.name ?? path.basename(target.document.fileName)}`;
  const outcome = await runRouted(services, title, request(services, 'refactor', target, target.symbol?.name, prompt));
  if (!outcome.ok) return void (await reportFailure(services, title, outcome));
  // Code that came back flush-left takes the indentation of the code it replaces.
  const indent = /^\s*/.exec(target.document.lineAt(target.range.start.line).text)![0];
  let code = extractCode(outcome.result.text).replace(/\n$/, '');
  if (target.range.start.character === 0) code = reindent(code, indent);
  const d = outcome.result.decision;
  const origin = { provider: outcome.result.provider, model: outcome.result.model, taskType: d.taskType, complexity: d.complexity, ruleId: d.rule.id };
  const proposal = await proposals.show(target.document, [{ range: target.range, text: code }], `${title} (proposed) — Apply or Discard`, origin);
  return { proposal: proposal.toString(), code };
}

function reindent(code: string, indent: string): string {
  if (!indent || /^\s/.test(code)) return code;
  return code
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');
}

export async function runGenerateTests(services: Services, opts: { ifExists?: 'Overwrite' | 'Keep Both' } = {}) {
  const editor = activeEditor();
  if (!editor) return;
  const target = await targetOf(editor);
  const title = `Generate Tests for ${target.symbol?.name ?? path.basename(target.document.fileName)}`;
  const outcome = await runRouted(services, title, request(services, 'tests', target, target.symbol?.name));
  if (!outcome.ok) return void (await reportFailure(services, title, outcome));
  let file = testFileName(target.document.uri.fsPath, target.language);
  const uri = (p: string) => target.document.uri.with({ path: vscode.Uri.file(p).path });
  if (await exists(uri(file))) {
    const choice = opts.ifExists ?? (await vscode.window.showWarningMessage(`${path.basename(file)} exists.`, { modal: true }, 'Overwrite', 'Keep Both'));
    if (choice === undefined) return;
    if (choice === 'Keep Both') file = await freeName(file, uri);
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri(file), { overwrite: true, contents: new TextEncoder().encode(extractCode(outcome.result.text)) });
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(uri(file), { preview: false });
  return { file, text: extractCode(outcome.result.text) };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function freeName(file: string, uri: (p: string) => vscode.Uri): Promise<string> {
  const ext = path.extname(file);
  for (let i = 2; ; i++) {
    const candidate = file.slice(0, -ext.length) + `.${i}` + ext;
    if (!(await exists(uri(candidate)))) return candidate;
  }
}

/**
 * Doc comments above each target symbol. With `llmRouter.previewEdits` (the default) they open as a diff of the
 * file with Apply and Discard, every comment in it; without, they are inserted at once. Either way one edit.
 */
export async function runWriteDocs(services: Services, proposals: RefactorProposals, opts: { preview?: boolean } = {}) {
  const editor = activeEditor();
  if (!editor) return;
  const document = editor.document;
  const target = await targetOf(editor);
  const symbols = target.scope === 'file' ? documentableSymbols(await documentSymbols(document)) : [];
  const jobs =
    target.scope === 'file' && symbols.length
      ? symbols.map((s) => ({ line: s.range.start.line, name: s.name, text: document.getText(s.range), range: s.range }))
      : [{ line: target.range.start.line, name: target.symbol?.name, text: target.text, range: target.range }];
  const edits: ProposedEdit[] = [];
  const inserted: string[] = [];
  // A whole file: every symbol in as few batched calls as fit (router.batch), not one request each.
  const batched = jobs.length > 1 ? await batchDocs(services, target, jobs) : undefined;
  if (jobs.length > 1 && !batched) return;
  for (const [n, job] of jobs.entries()) {
    let answer = batched?.[n];
    if (!batched) {
      const title = `Write Docs for ${job.name ?? path.basename(document.fileName)}`;
      const outcome: RunOutcome = await runRouted(services, title, request(services, 'docs', { ...target, text: job.text, range: job.range }, job.name));
      if (!outcome.ok) {
        await reportFailure(services, title, outcome);
        if (outcome.cancelled) return;
        continue;
      }
      answer = outcome.result.text;
    }
    if (answer === undefined) continue;
    const firstLine = document.lineAt(job.line).text;
    const indent = /^\s*/.exec(firstLine)![0];
    const placement = docComment(answer, target.language, indent);
    const at = placement.where === 'above' ? new vscode.Position(job.line, 0) : new vscode.Position(job.line + 1, 0);
    const text = placement.lines.join('\n') + '\n';
    inserted.push(text);
    edits.push({ range: new vscode.Range(at, at), text });
  }
  if (!inserted.length) return { inserted };
  if (opts.preview ?? previewSetting()) {
    const names = jobs.map((j) => j.name).filter(Boolean);
    const what = names.length === 1 ? names[0] : names.length ? `${names.length} symbols` : 'the selection';
    const proposal = await proposals.show(document, edits, `Docs for ${what} in ${path.basename(document.fileName)} (proposed) — Apply or Discard`);
    return { inserted, proposal: proposal.toString() };
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.insert(document.uri, e.range.start, e.text);
  const applied = await vscode.workspace.applyEdit(edit);
  return { inserted, applied };
}

interface DocJob {
  line: number;
  name?: string;
  text: string;
  range: vscode.Range;
}

/** Doc comments for every job through router.batch; undefined when cancelled or failed (the user is told). */
async function batchDocs(services: Services, target: EditorTarget, jobs: readonly DocJob[]): Promise<(string | undefined)[] | undefined> {
  const title = `Write Docs for ${jobs.length} symbols in ${path.basename(target.document.fileName)}`;
  const ids = jobs.map((j, i) => (j.name && jobs.findIndex((k) => k.name === j.name) === i ? j.name : `${j.name ?? 'item'}#${i + 1}`));
  const byId = new Map(ids.map((id, i) => [id, jobs[i]]));
  const localOnly = services.localOnlySetting() || undefined;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LLM Router: ${title}`, cancellable: true }, async (_progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      const r = await services.router.batch(
        ids.map((id, i) => ({ id, text: jobs[i].text })),
        'docs',
        {
          instruction: `Write a documentation comment for each ${target.language} item below, in the idiomatic style for ${target.language} (what it does, parameters, return value, errors). Each answer is only the comment text, without comment markers, no code.`,
          action: 'docs',
          language: target.language,
          localOnly,
          files: [target.document.uri.fsPath],
          maxTokensPerItem: 256,
          single: (item) => ({ ...request(services, 'docs', { ...target, text: item.text, range: byId.get(item.id)?.range ?? target.range }, byId.get(item.id)?.name), localOnly }),
          signal: ac.signal,
        },
      );
      const failed = r.items.filter((i) => i.text === undefined);
      services.log.info(`write docs: ${jobs.length} symbols in ${r.calls.batched} batched + ${r.calls.single} single calls, $${r.costUsd.toFixed(6)}`);
      if (failed.length) void vscode.window.showWarningMessage(`LLM Router: no docs for ${failed.map((f) => f.id).join(', ')}: ${failed[0].error ?? 'no answer'}.`);
      return r.items.map((i) => i.text);
    } catch (err) {
      if (err instanceof CancelledError || ac.signal.aborted) void vscode.window.showInformationMessage(`LLM Router: ${title} cancelled.`);
      else void vscode.window.showErrorMessage(`LLM Router: ${title} failed: ${(err as Error).message}`);
      return undefined;
    } finally {
      sub.dispose();
    }
  });
}

function previewSetting(): boolean {
  return vscode.workspace.getConfiguration('llmRouter').get<boolean>('previewEdits') !== false;
}
