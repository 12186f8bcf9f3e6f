// Step 1, build context: a chat turn (prompt, #file references, selection or the editor's target, history)
// becomes the routed request, without running it.
import type * as vscode from 'vscode';
import { chatMessages } from '../../core/chat/prompt';
import { conversationTier } from '../../core/router/keepTier';
import type { Action } from '../../core/types';
import type { Services } from '../services';
import { contextFilesOf, gatherContext, historyMessages } from './context';
import type { ChatMeta, Turn, TurnRequest } from './meta';

export async function buildRequest(
  services: Services,
  request: Pick<vscode.ChatRequest, 'prompt' | 'references'>,
  context: Pick<vscode.ChatContext, 'history'>,
  action: Action,
): Promise<{ turn: TurnRequest; sources: (vscode.Uri | vscode.Location)[]; binary: string[] }> {
  const ctx = await gatherContext(request, action !== 'chat');
  const turn: TurnRequest = {
    action,
    applyTarget: ctx.applyTarget,
    req: {
      messages: chatMessages({ action, prompt: request.prompt, context: ctx.items, history: historyMessages(context.history) }),
      action,
      prompt: request.prompt.trim() || undefined,
      subject: ctx.items.map((i) => i.text).join('\n\n') || undefined,
      language: ctx.language,
      diagnostics: ctx.diagnostics,
      maxTokens: services.maxOutputTokens(),
      localOnly: services.localOnlySetting(),
      keepTier: conversationTier(earlierAnswers(context.history)),
      files: contextFilesOf(ctx.sources, context.history),
    },
  };
  return { turn, sources: ctx.sources, binary: ctx.binary };
}

/** What the earlier answers of this conversation left in their metadata: whether they answered, and on which tier. */
function earlierAnswers(history: readonly Turn[]) {
  return history.flatMap((t) => {
    const meta = 'response' in t ? (t.result.metadata as ChatMeta | undefined) : undefined;
    return meta?.kind === 'answer' ? [{ ok: meta.ok, tier: meta.tier }] : [];
  });
}
