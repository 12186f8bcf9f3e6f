// The answers that call no model: /route (where a question would go), /spend (today's money) and
// "Why this model?" (the last answer's decision).
import type * as vscode from 'vscode';
import { RETRY_PROMPT } from '../../core/chat/intent';
import { decisionMarkdown } from '../../core/chat/present';
import type { Services } from '../services';
import { money, spendFacts } from '../spendText';
import { lastAnswer, notice, type Reply } from './meta';
import { buildRequest } from './request';

export function why(services: Services, context: vscode.ChatContext, stream: vscode.ChatResponseStream): Reply {
  const last = lastAnswer(context.history);
  if (!last?.meta.decision) return notice(stream, 'There is no answer to explain yet: ask something first.');
  const m = last.meta;
  stream.markdown(`### Why ${m.model ? `\`${m.provider}:${m.model}\`` : 'this route'}\n\n`);
  stream.markdown(decisionMarkdown(m.decision!, { classification: m.classification, attempts: m.attempts, ruleFile: services.config.rulesFile }));
  if (m.escalateTo) stream.markdown(`\n"${RETRY_PROMPT}" would start from the ${m.escalateTo.replace('_', ' ')} tier.\n`);
  return { metadata: { kind: 'why' } };
}

export async function route(services: Services, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream): Promise<Reply> {
  const { turn } = await buildRequest(services, request, context, 'chat');
  const plan = services.router.plan(turn.req);
  stream.markdown(`### Route for ${request.prompt.trim() ? `“${request.prompt.trim()}”` : 'this context'}\n\n`);
  stream.markdown(decisionMarkdown(plan.decision, { classification: plan.classification, ruleFile: services.config.rulesFile, noModel: true }));
  stream.markdown(`\n${plan.inputTokens} input tokens would be sent, with up to ${plan.maxTokens} output tokens.\n`);
  return { metadata: { kind: 'route' } };
}

export function spend(services: Services, stream: vscode.ChatResponseStream): Reply {
  const lines = spendFacts(services.budget.status()).map((l) => `- ${l}`);
  const recent = services.recent
    .filter((e) => e.kind === 'complete')
    .slice(0, 5)
    .map((e) => `- ${e.action ?? e.kind}: ${e.decision.explanation} (${money(e.costUsd)}${e.cached ? ', cached' : ''})`);
  stream.markdown([`### Spend today`, '', ...lines, ...(recent.length ? ['', '**Recent requests**', '', ...recent] : [])].join('\n') + '\n');
  return { metadata: { kind: 'spend' } };
}
