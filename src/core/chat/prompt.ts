// The messages of a chat turn: the action's instruction (or a chat system prompt), the bounded history,
// then the user's words with the context they pointed at (selection, #file references). Pure.
import { actionMessages } from '../actions/prompts';
import { countTokens } from '../tokens';
import type { Action, ChatMessage } from '../types';

export interface ContextItem {
  /** e.g. "src/math.ts:3-5 (selection)" */
  label: string;
  language: string;
  text: string;
}

const CHAT_SYSTEM =
  "You are a senior software engineer answering in the user's editor chat. Be precise and concise. Use Markdown; put code in fenced blocks with a language.";

const fence = (language: string, code: string) => {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${language}\n${code.replace(/\n$/, '')}\n${ticks}`;
};

/** Cuts text to about `maxTokens` tokens (by lines), saying so. Reads at most 16 characters a token of it, each once. */
export function clipTokens(text: string, maxTokens: number): string {
  const reach = maxTokens * 16;
  const head = text.length > reach ? text.slice(0, text.lastIndexOf('\n', reach) + 1 || reach) : text;
  if (head === text && countTokens(text) <= maxTokens) return text;
  const lines = head.split('\n');
  const kept = linesThatFit(lines, maxTokens);
  let total = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) total++;
  return `${lines.slice(0, kept).join('\n')}\n… (${total - kept} more lines not sent)`;
}

/**
 * How many of `lines` fit in `maxTokens`, each line counted at most twice (linear, where a search over
 * prefixes counts the same text again and again). A line that starts with a non-blank character also starts a
 * token, so the counts of blocks that begin with one add up exactly; inside the block that does not fit, the
 * lines are counted one by one (an indent may count a token more).
 */
function linesThatFit(lines: readonly string[], maxTokens: number): number {
  let used = 0;
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && !/^\S/.test(lines[i])) continue;
    const n = countTokens(`${lines.slice(start, i).join('\n')}\n`);
    if (used + n > maxTokens) {
      for (let j = start; j < i; j++) {
        used += countTokens(`${lines[j]}\n`);
        if (used > maxTokens) return j;
      }
      return i - 1;
    }
    used += n;
    start = i;
  }
  return lines.length;
}

/** Keeps the most recent history that fits in `maxTokens`, starting with a user turn. */
export function boundHistory(history: readonly ChatMessage[], maxTokens: number): ChatMessage[] {
  let used = 0;
  let from = history.length;
  while (from > 0) {
    const cost = countTokens(history[from - 1].content) + 4;
    if (used + cost > maxTokens) break;
    used += cost;
    from--;
  }
  while (from < history.length && history[from].role !== 'user') from++;
  return history.slice(from);
}

export function contextBlock(items: readonly ContextItem[]): string {
  return items.map((c) => `${c.label}:\n${fence(c.language, c.text)}`).join('\n\n');
}

export function chatMessages(o: { action: Action; prompt: string; context: readonly ContextItem[]; history: readonly ChatMessage[] }): ChatMessage[] {
  const ctx = contextBlock(o.context);
  let system: string;
  let user: string;
  if (o.action === 'chat' || !o.context.length) {
    system = CHAT_SYSTEM;
    user = [o.prompt.trim(), ctx].filter(Boolean).join('\n\n');
    if (o.action !== 'chat') user = `${actionMessages({ action: o.action, code: '', language: 'text' })[1].content}\n\n${user}`;
  } else {
    const first = o.context[0];
    const [sys, instr] = actionMessages({ action: o.action, code: '', language: first.language, fileName: first.label, prompt: o.prompt.trim() || undefined });
    system = sys.content;
    user = `${instr.content}\n\n${ctx}`;
  }
  return [{ role: 'system', content: system }, ...o.history, { role: 'user', content: user }];
}
