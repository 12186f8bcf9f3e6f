// The messages each editor action sends. Pure: the VS Code side supplies code, language and file name.
import type { Action, ChatMessage } from '../types';

export interface ActionInput {
  action: Action;
  code: string;
  language: string;
  fileName?: string;
  /** The user's words (Ask…, or an optional instruction). */
  prompt?: string;
  /** Name of the symbol the code is, when known. */
  symbol?: string;
}

const SYSTEM = 'You are a senior software engineer working inside the user\'s editor. Be precise and concise.';

const fence = (language: string, code: string) => '```' + language + '\n' + code.replace(/\n$/, '') + '\n```';

function instruction(i: ActionInput): string {
  const what = i.symbol ? `\`${i.symbol}\`` : i.fileName ? `this code from ${i.fileName}` : 'this code';
  switch (i.action) {
    case 'explain':
      return `Explain ${what}: what it does, how, and anything surprising or risky. Use Markdown.`;
    case 'summarize':
      return `Summarize ${what} in a few bullet points: purpose, main parts, notable details. Use Markdown.`;
    case 'refactor':
      return `Refactor ${what} to be clearer and more maintainable without changing its behaviour. Reply with only the complete refactored code in one fenced code block.`;
    case 'tests':
      return `Write unit tests for ${what} with the usual test framework for ${i.language}. Cover normal cases, edge cases and errors. Reply with only the complete test file in one fenced code block.`;
    case 'docs':
      return `Write a documentation comment for ${what} in the idiomatic style for ${i.language} (what it does, parameters, return value, errors). Reply with only the comment text, without comment markers, no code.`;
    case 'generate':
    case 'inline':
      return `Write ${i.language} code for the request below. Reply with only the code in one fenced code block.`;
    default:
      return `Answer the question about ${what}. Use Markdown.`;
  }
}

export function actionMessages(i: ActionInput): ChatMessage[] {
  const parts = [instruction(i)];
  if (i.prompt) parts.push(`Request: ${i.prompt}`);
  if (i.code) parts.push(fence(i.language, i.code));
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** The first fenced code block of a model answer, or the whole answer when it has none. */
export function extractCode(answer: string): string {
  const m = /```[^\n`]*\n([\s\S]*?)(?:\n```|$)/.exec(answer);
  return (m ? m[1] : answer).replace(/\s+$/, '') + '\n';
}
