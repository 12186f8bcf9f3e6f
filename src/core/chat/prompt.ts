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

/** Cuts text to about `maxTokens` tokens (by lines), saying so. Reads at most 16 characters a token of it. */
export function clipTokens(text: string, maxTokens: number): string {
  const reach = maxTokens * 16;
  const head = text.length > reach ? text.slice(0, text.lastIndexOf('\n', reach) + 1 || reach) : text;
  if (head === text && countTokens(text) <= maxTokens) return text;
  const lines = head.split('\n');
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (countTokens(lines.slice(0, mid).join('\n')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  let total = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) total++;
  return `${lines.slice(0, lo).join('\n')}\n… (${total - lo} more lines not sent)`;
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
