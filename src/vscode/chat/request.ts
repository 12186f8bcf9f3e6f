// Step 1, build context: a chat turn (prompt, #file references, selection or the editor's target, history)
// becomes the routed request, without running it.
import type * as vscode from 'vscode';
import { chatMessages } from '../../core/chat/prompt';
import type { Action } from '../../core/types';
import type { Services } from '../services';
import { gatherContext, historyMessages } from './context';
import type { TurnRequest } from './meta';

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
      maxTokens: services.maxOutputTokens(),
      localOnly: services.localOnlySetting(),
    },
  };
  return { turn, sources: ctx.sources, binary: ctx.binary };
}
