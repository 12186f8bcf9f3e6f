// The @router participant. A turn runs as named steps: build context (request.ts) → plan and stream
// (streamAnswer.ts) → footer (footer.ts) → feedback (feedback.ts). Slash commands and free text become routed
// requests; /route, /spend and "Why this model?" answer without a model (withoutModel.ts); the followups retry
// one tier up or explain the decision.
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import * as vscode from 'vscode';
import { intentOf, RETRY_PROMPT, WHY_PROMPT } from '../../core/chat/intent';
import { BINARY_REFUSAL } from '../../core/input';
import type { Action } from '../../core/types';
import type { Services } from '../services';
import { recordFeedback } from './feedback';
import { finishAnswer } from './footer';
import { lastAnswer, notice, type AnswerMeta, type ChatMeta, type Reply, type TurnRequest } from './meta';
import { buildRequest } from './request';
import { streamAnswer } from './streamAnswer';
import { escalation } from './targets';
import { route, spend, why } from './withoutModel';

export { APPLY_COMMAND, PARTICIPANT_ID, type AnswerMeta, type ApplyArgs, type ChatMeta } from './meta';

type Chat = { request: vscode.ChatRequest; context: vscode.ChatContext; stream: vscode.ChatResponseStream; token: vscode.CancellationToken };

export function createChatHandler(services: Services) {
  /** Recent turns by answer id, so "Retry with a stronger model" can ask again. */
  const turns = new LRUCache<string, TurnRequest>({ max: 32 });

  /** Plan, stream and footer of one routed turn. */
  async function run(turn: TurnRequest, { stream, token }: Pick<Chat, 'stream' | 'token'>): Promise<Reply> {
    const id = randomUUID();
    turns.set(id, turn);
    const meta: AnswerMeta = { kind: 'answer', id, ok: false, action: turn.action, attempts: [] };
    const streamed = await streamAnswer(services, turn.req, meta, stream, token);
    return finishAnswer(services, turn, streamed, meta, stream, token);
  }

  async function answer(chat: Chat, action: Action): Promise<Reply> {
    const { request, stream } = chat;
    if (action === 'chat' && !request.prompt.trim()) return notice(stream, 'Ask me anything; `/route` shows where a question would go, `/spend` what today cost.');
    const { turn, sources, binary } = await buildRequest(services, request, chat.context, action);
    if (binary.length) return notice(stream, `${binary.map((f) => `\`${f}\``).join(', ')}: ${BINARY_REFUSAL}.`);
    if (action !== 'chat' && !sources.length && !request.prompt.trim()) {
      return notice(stream, `Open a file or select code (or attach one with \`#file\`), then try \`/${request.command}\` again.`);
    }
    for (const s of sources) stream.reference(s);
    return run(turn, chat);
  }

  /** The last answer again, one tier up; recorded as feedback on the answer it replaces. */
  async function retry(chat: Chat): Promise<Reply> {
    const last = lastAnswer(chat.context.history);
    if (!last) return notice(chat.stream, 'There is no answer to retry yet: ask something first.');
    const { meta } = last;
    const to = meta.escalateTo ?? escalation(services, meta.tier);
    if (!to) return notice(chat.stream, `\`${meta.provider}:${meta.model}\` is already the strongest tier available here (local-only mode, or no usable provider above it).`);
    // After a reload the turn is gone: build it again from the history (references re-read).
    const turn = turns.get(meta.id) ?? (last.asked && (await buildRequest(services, last.asked, { history: last.before }, meta.action)).turn);
    if (!turn) return notice(chat.stream, 'The earlier question is no longer available; please ask it again.');
    chat.stream.progress(`Retrying on the ${to.replace('_', ' ')} tier or above…`);
    let reply: Reply | undefined;
    try {
      reply = await run({ ...turn, req: { ...turn.req, minTier: to } }, chat);
      return reply;
    } finally {
      const got = reply?.metadata.kind === 'answer' ? reply.metadata : undefined;
      recordFeedback(services, 'retry_stronger', meta, got?.ok ? got : undefined);
    }
  }

  const handler: vscode.ChatRequestHandler = async (request, context, stream, token): Promise<Reply> => {
    if (!services.config.current) return notice(stream, 'The routing config has errors; see the Problems view, then ask again.');
    const chat: Chat = { request, context, stream, token };
    const intent = intentOf(request.command, request.prompt);
    switch (intent.kind) {
      case 'spend':
        return spend(services, stream);
      case 'route':
        return route(services, request, context, stream);
      case 'why':
        return why(services, context, stream);
      case 'retry':
        return retry(chat);
      case 'answer':
        return answer(chat, intent.action);
    }
  };

  return { handler, followupProvider, onFeedback: (e: vscode.ChatResultFeedback) => onFeedback(services, e) };
}

const followupProvider: vscode.ChatFollowupProvider = {
  provideFollowups(result) {
    const m = result.metadata as ChatMeta | undefined;
    if (m?.kind !== 'answer' || !m.ok) return [];
    return [
      ...(m.escalateTo ? [{ prompt: RETRY_PROMPT, label: `Retry with a stronger model (${m.escalateTo.replace('_', ' ')})` }] : []),
      { prompt: WHY_PROMPT, label: WHY_PROMPT },
    ];
  },
};

/** 👍/👎 on an answer: recorded like the retry signal. */
function onFeedback(services: Services, e: vscode.ChatResultFeedback) {
  const m = e.result.metadata as ChatMeta | undefined;
  if (m?.kind === 'answer') recordFeedback(services, e.kind === vscode.ChatResultFeedbackKind.Helpful ? 'helpful' : 'unhelpful', m);
}
