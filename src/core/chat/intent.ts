// What a chat turn asks for: a slash command, one of the followups, or free text (classified by the router).
import type { Action } from '../types';

export const SLASH_COMMANDS = ['explain', 'refactor', 'tests', 'docs', 'summarize', 'route', 'spend'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** The followups' prompts; typing them works the same. */
export const RETRY_PROMPT = 'Retry with a stronger model';
export const WHY_PROMPT = 'Why this model?';

export type ChatIntent =
  /** Answered by a model; `action` feeds the classifier ('chat': free text, classified by its words). */
  | { kind: 'answer'; action: Action }
  /** The decision only, no model called. */
  | { kind: 'route' }
  | { kind: 'spend' }
  /** Re-run the previous answer on the next tier up. */
  | { kind: 'retry' }
  /** Show how the previous answer was routed. */
  | { kind: 'why' };

const ACTION_OF: Record<Exclude<SlashCommand, 'route' | 'spend'>, Action> = {
  explain: 'explain',
  refactor: 'refactor',
  tests: 'tests',
  docs: 'docs',
  summarize: 'summarize',
};

const same = (a: string, b: string) => a.trim().replace(/[.?!]+$/, '').toLowerCase() === b.replace(/[.?!]+$/, '').toLowerCase();

export function intentOf(command: string | undefined, prompt: string): ChatIntent {
  if (command === 'route') return { kind: 'route' };
  if (command === 'spend') return { kind: 'spend' };
  if (command && command in ACTION_OF) return { kind: 'answer', action: ACTION_OF[command as keyof typeof ACTION_OF] };
  if (same(prompt, RETRY_PROMPT)) return { kind: 'retry' };
  if (same(prompt, WHY_PROMPT)) return { kind: 'why' };
  return { kind: 'answer', action: 'chat' };
}
