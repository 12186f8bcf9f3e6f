// The @router participant: slash commands and free text become routed requests, streamed into the chat with
// a progress line first and a footer last; /route and /spend answer without a model; the followups retry one
// tier up (recording the signal in the ledger) or explain the decision.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { LRUCache } from 'lru-cache';
import * as vscode from 'vscode';
import { extractCode } from '../../core/actions/prompts';
import { intentOf, RETRY_PROMPT, WHY_PROMPT } from '../../core/chat/intent';
import { decisionMarkdown, footerMarkdown, nextTier, progressLine, type Target } from '../../core/chat/present';
import { chatMessages } from '../../core/chat/prompt';
import { CancelledError } from '../../core/errors';
import type { Attempt, RouteResult, RouterRequest } from '../../core/router';
import { TIERS, type Action, type Classification, type Decision, type Tier } from '../../core/types';
import { signalOf } from '../api';
import type { Services } from '../services';
import { money, spendFacts } from '../statusBar';
import { gatherContext, historyMessages } from './context';

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

interface Stored {
  req: RouterRequest;
  action: Action;
  applyTarget?: vscode.Location;
}

type Turn = vscode.ChatContext['history'][number];
type Reply = vscode.ChatResult & { metadata: ChatMeta };

const notice = (stream: vscode.ChatResponseStream, text: string): Reply => {
  stream.markdown(text);
  return { metadata: { kind: 'notice' } };
};

export function createChatHandler(services: Services) {
  const requests = new LRUCache<string, Stored>({ max: 32 });

  const targetOf = (provider?: string, model?: string): Target | undefined => {
    const p = provider ? services.router.config.providers.get(provider) : undefined;
    return p && model !== undefined ? { provider: p.name, model, tier: p.tier, local: p.local } : undefined;
  };
  const escalation = (tier: Tier | undefined): Tier | undefined => {
    const next = tier && nextTier(tier);
    if (!next || services.localOnlySetting() || services.router.config.raw.privacy.local_only) return undefined;
    const rank = TIERS.indexOf(next);
    return [...services.router.config.providers.values()].some((p) => TIERS.indexOf(p.tier) >= rank && !p.disabled) ? next : undefined;
  };

  /** Streams one routed request into the chat. */
  async function run(id: string, stored: Stored, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<Reply> {
    const meta: AnswerMeta = { kind: 'answer', id, ok: false, action: stored.action, attempts: [] };
    let text = '';
    let result: RouteResult | undefined;
    let error: Error | undefined;
    for await (const ev of services.router.stream(stored.req, signalOf(token))) {
      if (ev.type === 'decision') {
        meta.decision = ev.decision;
        meta.classification = ev.classification;
        const head = ev.decision.chain.find((s) => !s.skipped);
        stream.progress(progressLine(ev.decision, head && targetOf(head.provider, head.model)));
      } else if (ev.type === 'attempt') {
        meta.attempts.push(ev.attempt);
        const a = ev.attempt;
        if (!text && a.outcome !== 'ok' && a.outcome !== 'cancelled' && !a.outcome.startsWith('skipped')) {
          stream.progress(`${a.provider}:${a.model}: ${a.outcome}; trying the next model…`);
        }
      } else if (ev.type === 'delta') {
        text += ev.text;
        stream.markdown(ev.text);
      } else if (ev.type === 'done') result = ev.result;
      else if (ev.type === 'error') {
        result = ev.result;
        error = ev.error;
      }
    }
    const answered = targetOf(result?.provider, result?.model);
    Object.assign(meta, answered && { provider: answered.provider, model: answered.model, tier: answered.tier, local: answered.local });
    if (error instanceof CancelledError || token.isCancellationRequested) return { metadata: { ...meta, cancelled: true } };
    if (error && !text) return { errorDetails: { message: `LLM Router: ${error.message}` }, metadata: meta };
    if (error) stream.markdown(`\n\n> **Stopped:** ${error.message}`);
    meta.ok = !error;
    meta.escalateTo = escalation(answered?.tier);
    if (meta.ok && stored.action === 'refactor' && stored.applyTarget) {
      const t = stored.applyTarget;
      const args: ApplyArgs = { uri: t.uri.toString(), range: [t.range.start.line, t.range.start.character, t.range.end.line, t.range.end.character], code: extractCode(text) };
      stream.button({ command: APPLY_COMMAND, title: `Apply to ${path.basename(t.uri.fsPath)}`, arguments: [args] });
    }
    if (result && meta.decision) {
      stream.markdown(footerMarkdown({ target: answered, explanation: meta.decision.explanation, usage: result.usage, costUsd: result.costUsd, cached: result.cached }));
    }
    return { metadata: meta };
  }

  async function answer(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, action: Action): Promise<Reply> {
    if (action === 'chat' && !request.prompt.trim()) return notice(stream, 'Ask me anything; `/route` shows where a question would go, `/spend` what today cost.');
    const { stored, sources } = await requestFor(request, context, action);
    if (action !== 'chat' && !sources.length && !request.prompt.trim()) {
      return notice(stream, `Open a file or select code (or attach one with \`#file\`), then try \`/${request.command}\` again.`);
    }
    for (const s of sources) stream.reference(s);
    const id = randomUUID();
    requests.set(id, stored);
    return run(id, stored, stream, token);
  }

  /** The previous answer of this participant, and the request turn that asked for it. */
  function lastAnswer(history: readonly Turn[]): { meta: AnswerMeta; asked?: vscode.ChatRequestTurn; before: Turn[] } | undefined {
    for (let i = history.length - 1; i >= 0; i--) {
      const t = history[i];
      const meta = 'response' in t ? (t.result.metadata as ChatMeta | undefined) : undefined;
      if (meta?.kind !== 'answer' || !meta.decision) continue;
      const prev = history[i - 1];
      return { meta, asked: prev && 'prompt' in prev ? prev : undefined, before: history.slice(0, Math.max(0, i - 1)) };
    }
    return undefined;
  }

  async function retry(context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<Reply> {
    const last = lastAnswer(context.history);
    if (!last) return notice(stream, 'There is no answer to retry yet: ask something first.');
    const { meta } = last;
    const to = meta.escalateTo ?? escalation(meta.tier);
    if (!to) return notice(stream, `\`${meta.provider}:${meta.model}\` is already the strongest tier available here (local-only mode, or no usable provider above it).`);
    let stored = requests.get(meta.id);
    if (!stored && last.asked) {
      // After a reload the request is gone: ask again from the history (references re-read).
      stored = (await requestFor(last.asked, { history: last.before }, meta.action)).stored;
    }
    if (!stored) return notice(stream, 'The earlier question is no longer available; please ask it again.');
    stream.progress(`Retrying on the ${to.replace('_', ' ')} tier or above…`);
    const id = randomUUID();
    const escalated: Stored = { ...stored, req: { ...stored.req, minTier: to } };
    requests.set(id, escalated);
    let reply: Reply | undefined;
    try {
      reply = await run(id, escalated, stream, token);
      return reply;
    } finally {
      const got = reply?.metadata.kind === 'answer' ? reply.metadata : undefined;
      recordFeedback('retry_stronger', meta, got?.ok ? got : undefined);
    }
  }

  /** The routed request a chat turn makes (messages with context and history), without running it. */
  async function requestFor(request: Pick<vscode.ChatRequest, 'prompt' | 'references'>, context: vscode.ChatContext, action: Action) {
    const ctx = await gatherContext(request, action !== 'chat');
    const stored: Stored = {
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
    return { stored, sources: ctx.sources };
  }

  function recordFeedback(signal: string, from: AnswerMeta, to?: AnswerMeta) {
    if (!from.provider || !from.model) return;
    try {
      services.budget.appendFeedback({
        signal,
        provider: from.provider,
        model: from.model,
        taskType: from.decision?.taskType,
        complexity: from.decision?.complexity,
        ruleId: from.decision?.rule.id,
        toProvider: to?.provider,
        toModel: to?.model,
      });
    } catch (err) {
      services.log.warn(`could not record feedback: ${(err as Error).message}`);
    }
  }

  function why(context: vscode.ChatContext, stream: vscode.ChatResponseStream): Reply {
    const last = lastAnswer(context.history);
    if (!last?.meta.decision) return notice(stream, 'There is no answer to explain yet: ask something first.');
    const m = last.meta;
    stream.markdown(`### Why ${m.model ? `\`${m.provider}:${m.model}\`` : 'this route'}\n\n`);
    stream.markdown(decisionMarkdown(m.decision!, { classification: m.classification, attempts: m.attempts, ruleFile: services.config.path }));
    if (m.escalateTo) stream.markdown(`\n"${RETRY_PROMPT}" would start from the ${m.escalateTo.replace('_', ' ')} tier.\n`);
    return { metadata: { kind: 'why' } };
  }

  async function route(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream): Promise<Reply> {
    const { stored } = await requestFor(request, context, 'chat');
    const plan = services.router.plan(stored.req);
    stream.markdown(`### Route for ${request.prompt.trim() ? `“${request.prompt.trim()}”` : 'this context'}\n\n`);
    stream.markdown(decisionMarkdown(plan.decision, { classification: plan.classification, ruleFile: services.config.path, noModel: true }));
    stream.markdown(`\n${plan.inputTokens} input tokens would be sent, with up to ${plan.maxTokens} output tokens.\n`);
    return { metadata: { kind: 'route' } };
  }

  function spend(stream: vscode.ChatResponseStream): Reply {
    const s = services.budget.status();
    const lines = spendFacts(s).map((l) => `- ${l}`);
    const recent = services.recent.filter((e) => e.kind !== 'fim').slice(0, 5).map((e) => `- ${e.action ?? e.kind}: ${e.decision.explanation} (${money(e.costUsd)}${e.cached ? ', cached' : ''})`);
    stream.markdown([`### Spend today`, '', ...lines, ...(recent.length ? ['', '**Recent requests**', '', ...recent] : [])].join('\n') + '\n');
    return { metadata: { kind: 'spend' } };
  }

  const handler: vscode.ChatRequestHandler = async (request, context, stream, token): Promise<Reply> => {
    if (!services.config.current) return notice(stream, 'The routing config has errors; see the Problems view, then ask again.');
    const intent = intentOf(request.command, request.prompt);
    switch (intent.kind) {
      case 'spend':
        return spend(stream);
      case 'route':
        return route(request, context, stream);
      case 'why':
        return why(context, stream);
      case 'retry':
        return retry(context, stream, token);
      case 'answer':
        return answer(request, context, stream, token, intent.action);
    }
  };

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
  const onFeedback = (e: vscode.ChatResultFeedback) => {
    const m = e.result.metadata as ChatMeta | undefined;
    if (m?.kind === 'answer') recordFeedback(e.kind === vscode.ChatResultFeedbackKind.Helpful ? 'helpful' : 'unhelpful', m);
  };

  return { handler, followupProvider, onFeedback };
}
