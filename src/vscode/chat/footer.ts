// Step 4, footer: how the answer ended (cancelled, failed, stopped mid-way), the Apply button of a refactor,
// and the footer line (model, why, tokens, cost, cached, stayed local); the metadata the followups read.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { extractCode } from '../../core/actions/prompts';
import { footerMarkdown } from '../../core/chat/present';
import { CancelledError } from '../../core/errors';
import type { Services } from '../services';
import { APPLY_COMMAND, type AnswerMeta, type ApplyArgs, type Reply, type TurnRequest } from './meta';
import type { Streamed } from './streamAnswer';
import { escalation, targetOf } from './targets';

export function finishAnswer(services: Services, turn: TurnRequest, s: Streamed, meta: AnswerMeta, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Reply {
  const answered = targetOf(services, s.result?.provider, s.result?.model);
  Object.assign(meta, answered && { provider: answered.provider, model: answered.model, tier: answered.tier, local: answered.local });
  if (s.error instanceof CancelledError || token.isCancellationRequested) return { metadata: { ...meta, cancelled: true } };
  if (s.error && !s.text) return { errorDetails: { message: `LLM Router: ${s.error.message}` }, metadata: meta };
  if (s.error) stream.markdown(`\n\n> **Stopped:** ${s.error.message}`);
  meta.ok = !s.error;
  meta.escalateTo = escalation(services, answered?.tier);
  if (meta.ok && turn.action === 'refactor' && turn.applyTarget) applyButton(turn.applyTarget, s.text, stream);
  if (s.result && meta.decision) {
    const { usage, costUsd, cached } = s.result;
    stream.markdown(footerMarkdown({ target: answered, explanation: meta.decision.explanation, usage, costUsd, cached }));
  }
  return { metadata: meta };
}

function applyButton(t: vscode.Location, answer: string, stream: vscode.ChatResponseStream) {
  const args: ApplyArgs = { uri: t.uri.toString(), range: [t.range.start.line, t.range.start.character, t.range.end.line, t.range.end.character], code: extractCode(answer) };
  stream.button({ command: APPLY_COMMAND, title: `Apply to ${path.basename(t.uri.fsPath)}`, arguments: [args] });
}
