// The router as a language-model provider: other extensions (and Copilot's model picker, where the plan
// allows custom models) can pick "Router (auto)", "Router (local only)" or "Router (premium)" through vscode.lm.
import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';
import type { RouterRequest } from '../core/router';
import { contextFiles } from '../core/privacy/contextFiles';
import { countMessageTokens, countTokens } from '../core/tokens';
import type { ChatMessage } from '../core/types';
import { signalOf } from './api';
import type { Services } from './services';

export const LM_VENDOR = 'llm-router';

interface RouterModel extends vscode.LanguageModelChatInformation {
  /** What the model adds to each request. */
  readonly route: Pick<RouterRequest, 'localOnly' | 'minTier'>;
}

function models(services: Services): RouterModel[] {
  const common = { family: 'llm-router', version: '1', maxOutputTokens: services.maxOutputTokens(), capabilities: { toolCalling: false, imageInput: false } };
  return [
    { ...common, id: 'auto', name: 'Router (auto)', detail: 'cheapest model that can do it', tooltip: 'LLM Router: each request is classified and routed by your rules.', maxInputTokens: 128_000, route: {} },
    { ...common, id: 'local', name: 'Router (local only)', detail: 'never leaves this machine', tooltip: 'LLM Router: routed by your rules, local providers only.', maxInputTokens: 32_000, route: { localOnly: true } },
    { ...common, id: 'premium', name: 'Router (premium)', detail: 'premium tier', tooltip: "LLM Router: the rule's premium targets, else every premium provider; budget limits still apply.", maxInputTokens: 128_000, route: { minTier: 'premium' } },
  ];
}

/** Text of a message's parts; tool calls and results become text, other parts are left out. */
function textOf(message: vscode.LanguageModelChatRequestMessage): string {
  const out: string[] = [];
  for (const part of message.content) {
    if (part instanceof vscode.LanguageModelTextPart) out.push(part.value);
    else if (part instanceof vscode.LanguageModelToolResultPart) {
      out.push(part.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : '')).join(''));
    } else if (part instanceof vscode.LanguageModelToolCallPart) out.push(`[tool call ${part.name} ${JSON.stringify(part.input)}]`);
  }
  return out.join('');
}

export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((m) => ({ role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', content: textOf(m) }));
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Paths given as `modelOptions.files`: strings, or Uri-like objects. */
function givenFiles(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((f) => (typeof f === 'string' ? [f] : f && typeof (f as vscode.Uri).fsPath === 'string' ? [(f as vscode.Uri).fsPath] : []));
}

/**
 * The files a vscode.lm request's context came from (its messages are all it has): `modelOptions.files` when
 * the caller says, the files its messages name (`filePath="…"`, `file://…`, `#file:…`), and every open
 * document whose text the messages carry (the active editor's selection, a pasted file).
 */
function requestFiles(messages: readonly ChatMessage[], modelOptions: Record<string, unknown>): string[] {
  const documents = vscode.workspace.textDocuments.filter((d) => !d.isClosed).map((d) => ({ path: d.uri.scheme === 'file' ? d.uri.fsPath : d.uri.toString(), text: d.getText() }));
  return contextFiles(messages.map((m) => m.content), givenFiles(modelOptions.files), documents);
}

export function registerLmProvider(context: vscode.ExtensionContext, services: Services) {
  if (typeof vscode.lm?.registerLanguageModelChatProvider !== 'function') {
    services.log.warn('this editor cannot register language models: the router is not offered through vscode.lm');
    return;
  }
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.LanguageModelChatProvider<RouterModel> = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => (services.config.current ? models(services) : []),

    async provideLanguageModelChatResponse(model, messages, options, progress, token) {
      if (options.tools?.length && options.toolMode === vscode.LanguageModelChatToolMode.Required) {
        throw new Error('LLM Router: tool calling is not supported');
      }
      const o = options.modelOptions ?? {};
      const chat = toChatMessages(messages);
      const req: RouterRequest = {
        messages: chat,
        files: requestFiles(chat, o),
        action: 'chat',
        maxTokens: num(o.maxTokens) ?? num(o.max_tokens) ?? services.maxOutputTokens(),
        temperature: num(o.temperature),
        localOnly: model.route.localOnly || services.localOnlySetting(),
        minTier: model.route.minTier,
      };
      for await (const ev of services.router.stream(req, signalOf(token))) {
        if (ev.type === 'delta') progress.report(new vscode.LanguageModelTextPart(ev.text));
        else if (ev.type === 'error') {
          if (ev.error instanceof CancelledError || token.isCancellationRequested) throw new vscode.CancellationError();
          throw new Error(`LLM Router: ${ev.error.message}`);
        }
      }
    },

    async provideTokenCount(_model, text) {
      return typeof text === 'string' ? countTokens(text) : countMessageTokens([{ content: textOf(text) }]);
    },
  };
  context.subscriptions.push(
    changed,
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider),
    services.config.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('llmRouter.maxOutputTokens') && changed.fire()),
  );
}
