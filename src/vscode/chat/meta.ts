// What a chat turn carries between the steps of the @router handler, and what it leaves in ChatResult.metadata.
import * as vscode from 'vscode';
import type { Attempt, RouterRequest } from '../../core/router';
import type { Action, Classification, Decision, Tier } from '../../core/types';

export const PARTICIPANT_ID = 'llm-router.router';
export const APPLY_COMMAND = 'llmRouter.chat.applyCode';

/** ChatResult.metadata of an answer: what the followups need. JSON only. */
export interface AnswerMeta {
  kind: 'answer';
  id: string;
  ok: boolean;
  cancelled?: boolean;
  action: Action;
  provider?: string;
  model?: string;
  tier?: Tier;
  local?: boolean;
  decision?: Decision;
  classification?: Classification;
  attempts: Attempt[];
  /** The tier "Retry with a stronger model" would start from. */
  escalateTo?: Tier;
}
export type ChatMeta = AnswerMeta | { kind: 'route' | 'spend' | 'why' | 'notice' };

export interface ApplyArgs {
  uri: string;
  range: [number, number, number, number];
  code: string;
}

/** A chat turn made into a routed request (step 1, build context), kept so a followup can retry it. */
export interface TurnRequest {
  req: RouterRequest;
  action: Action;
  applyTarget?: vscode.Location;
}

export type Turn = vscode.ChatContext['history'][number];
export type Reply = vscode.ChatResult & { metadata: ChatMeta };

/** A reply without a model: a hint for the user. */
export function notice(stream: vscode.ChatResponseStream, text: string): Reply {
  stream.markdown(text);
  return { metadata: { kind: 'notice' } };
}

/** The previous answer of this participant, and the request turn that asked for it. */
export function lastAnswer(history: readonly Turn[]): { meta: AnswerMeta; asked?: vscode.ChatRequestTurn; before: Turn[] } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i];
    const meta = 'response' in t ? (t.result.metadata as ChatMeta | undefined) : undefined;
    if (meta?.kind !== 'answer' || !meta.decision) continue;
    const prev = history[i - 1];
    return { meta, asked: prev && 'prompt' in prev ? prev : undefined, before: history.slice(0, Math.max(0, i - 1)) };
  }
  return undefined;
}
