// The routed request an editor action makes. It carries what the classifier must judge explicitly: the
// code (the subject), the action, and the user's own instruction. The action's prompt template goes to the
// model but is never classified. Pure: the VS Code side supplies the texts; the eval builds the same requests.
import { actionMessages } from './actions/prompts';
import { generateMessages, type GenerateInput } from './inline/generate';
import type { RouterRequest } from './router/types';
import type { Action } from './types';

export interface EditorActionInput {
  action: Exclude<Action, 'chat' | 'generate' | 'inline'>;
  /** The target: the selection, else the enclosing function, else the file. */
  code: string;
  language: string;
  fileName?: string;
  symbol?: string;
  /** The user's own instruction (Ask…, an optional instruction), if any. */
  prompt?: string;
  /** The file the code came from (privacy paths). */
  file?: string;
  /** Errors and warnings the editor reports inside the target. */
  diagnostics?: number;
  maxTokens?: number;
}

export function editorActionRequest(i: EditorActionInput): RouterRequest {
  const prompt = i.prompt?.trim() || undefined;
  return {
    messages: actionMessages({ action: i.action, code: i.code, language: i.language, fileName: i.fileName, symbol: i.symbol, prompt }),
    action: i.action,
    prompt,
    subject: i.code,
    language: i.language,
    diagnostics: i.diagnostics,
    files: i.file ? [i.file] : [],
    ...(i.maxTokens ? { maxTokens: i.maxTokens } : {}),
  };
}

export interface GenerateRequestInput extends GenerateInput {
  /** The whole document: context for the classifier (the model gets `before`/`after`). */
  document: string;
  file?: string;
  maxTokens?: number;
}

/** "Generate Code Here": the user waits at the cursor, so the request says it needs to be fast. */
export function generateRequest(i: GenerateRequestInput): RouterRequest {
  return {
    messages: generateMessages(i),
    action: 'generate',
    prompt: i.instruction.trim(),
    subject: i.document,
    language: i.language,
    requireFast: true,
    files: i.file ? [i.file] : [],
    ...(i.maxTokens ? { maxTokens: i.maxTokens } : {}),
  };
}
