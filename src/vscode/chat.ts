// Registers @router in the chat view, the commands its buttons run, and "Retry with a Stronger Model". The
// handler itself (dist/chat.js) loads with the first chat request.
import * as vscode from 'vscode';
import { RETRY_PROMPT } from '../core/chat/intent';
import type * as Handler from './chat/handler';
import { APPLY_COMMAND, PARTICIPANT_ID, type ApplyArgs } from './chat/meta';
import type { Services } from './services';
import { loadStage } from './stages';

export function registerChat(context: vscode.ExtensionContext, services: Services) {
  let loaded: ReturnType<typeof Handler.createChatHandler> | undefined;
  const chat = () => (loaded ??= loadStage<typeof Handler>('chat').createChatHandler(services));
  context.subscriptions.push(
    vscode.commands.registerCommand(APPLY_COMMAND, (args: ApplyArgs) => applyCode(args)),
    vscode.commands.registerCommand('llmRouter.retryStronger', () =>
      vscode.commands.executeCommand('workbench.action.chat.open', { query: `@router ${RETRY_PROMPT}` }),
    ),
    // For the end-to-end suite: the chat view needs a Copilot model, so tests call the handler directly.
    vscode.commands.registerCommand('llmRouter._test.chat', () => chat()),
  );
  if (typeof vscode.chat?.createChatParticipant !== 'function') {
    services.log.warn('this editor has no chat API: @router is not available');
    return;
  }
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, ctx, stream, token) => chat().handler(request, ctx, stream, token));
  participant.iconPath = new vscode.ThemeIcon('compass');
  participant.followupProvider = { provideFollowups: (result, ctx, token) => chat().followupProvider.provideFollowups(result, ctx, token) };
  context.subscriptions.push(participant, participant.onDidReceiveFeedback((e) => chat().onFeedback(e)));
}

/** The refactor button: replaces the range the answer was about, as one undoable edit. */
async function applyCode(args: ApplyArgs): Promise<boolean> {
  const uri = vscode.Uri.parse(args.uri);
  const [sl, sc, el, ec] = args.range;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(sl, sc, el, ec), args.code.replace(/\n$/, ''));
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) await vscode.window.showTextDocument(uri, { preview: false });
  return ok;
}
