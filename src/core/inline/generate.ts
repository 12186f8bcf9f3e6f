// The messages of "Generate Code Here": the instruction, the code around the cursor marked where the new code
// goes, and the selection it replaces, if any. Pure.
import type { ChatMessage } from '../types';

export const CURSOR_MARK = '<<CURSOR>>';

export interface GenerateInput {
  instruction: string;
  language: string;
  fileName?: string;
  /** Code before and after the cursor (or selection), already bounded. */
  before: string;
  after: string;
  /** The selected code the answer replaces. */
  selection?: string;
}

const fence = (language: string, code: string) => '```' + language + '\n' + code.replace(/\n$/, '') + '\n```';

export function generateMessages(i: GenerateInput): ChatMessage[] {
  const system =
    "You are a senior software engineer writing code directly into the user's editor. Reply with only the new code, in one fenced code block: no explanation, no code that is already there.";
  const where = i.selection
    ? `It replaces the selected code, marked ${CURSOR_MARK} in the file below:\n\n${fence(i.language, i.selection)}`
    : `It goes at ${CURSOR_MARK} in the file below.`;
  const parts = [
    `Write ${i.language} code${i.fileName ? ` for ${i.fileName}` : ''}: ${i.instruction.trim()}`,
    where,
    fence(i.language, `${i.before}${CURSOR_MARK}${i.after}`),
  ];
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
