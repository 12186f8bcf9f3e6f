// Inline completions from the local coder model (fill-in-the-middle through Router.fim), debounced, with the
// request before cancelled upstream, cached by prefix, trimmed to the statement or block. A status bar item
// shows when it is on; clicking it (or "LLM Router: Toggle Inline Completions") turns it on and off.
import * as vscode from 'vscode';
import { InlineEngine, type InlineOutcome } from '../core/inline/engine';
import { inlineProviders } from '../core/inline/targets';
import { boundWindow, INLINE_LIMITS, INLINE_WINDOW } from '../core/inline/window';
import { signalOf } from './api';
import type { Services } from './services';

/** The code around the cursor (see core/inline/window.ts: the CLI's `fim` cuts the same window). */
export function windowAround(document: vscode.TextDocument, position: vscode.Position): { prefix: string; suffix: string } {
  const startLine = Math.max(0, position.line - INLINE_WINDOW.prefixLines);
  const endLine = Math.min(document.lineCount - 1, position.line + INLINE_WINDOW.suffixLines);
  const prefix = document.getText(new vscode.Range(startLine, 0, position.line, position.character));
  const suffix = document.getText(new vscode.Range(position, document.lineAt(endLine).range.end));
  return boundWindow(prefix, suffix);
}

const settings = () => vscode.workspace.getConfiguration('llmRouter.inline');

/** Why inline completions are off for `document` (undefined: on). */
function offBecause(services: Services, document?: vscode.TextDocument): string | undefined {
  if (!settings().get<boolean>('enabled', true)) return 'turned off (llmRouter.inline.enabled)';
  const cfg = services.config.current;
  if (!cfg) return 'the routing config has errors';
  if (!cfg.raw.inline.enabled) return 'turned off in the routing config (inline.enabled: false)';
  if (!vscode.workspace.getConfiguration('editor', document).get<boolean>('inlineSuggest.enabled', true)) return 'editor.inlineSuggest.enabled is off';
  if (!inlineProviders(cfg).length) return `no usable provider with fim: true${cfg.raw.inline.allow_paid ? '' : ' that is local (inline.allow_paid: false)'}`;
  return undefined;
}

/** The status bar item: on, off (and why) or working; its tooltip names the model of the last completion. */
class InlineStatus {
  readonly item = vscode.window.createStatusBarItem('llmRouter.inline', vscode.StatusBarAlignment.Right, 99);
  inFlight = 0;
  last: InlineOutcome | undefined;

  constructor(private readonly services: Services) {
    this.item.name = 'LLM Router inline completions';
    this.item.command = 'llmRouter.toggleInline';
  }

  readonly render = () => {
    const { item, last } = this;
    const off = offBecause(this.services, vscode.window.activeTextEditor?.document);
    item.text = off ? '$(circle-slash) Inline' : this.inFlight ? '$(loading~spin) Inline' : '$(sparkle) Inline';
    const served = last?.kind === 'completion' && last.model ? `\n\nLast completion: ${last.provider}:${last.model}${last.cached ? ' (cached)' : ''}` : '';
    item.tooltip = off
      ? `LLM Router inline completions: off, ${off}. Click to toggle.`
      : `LLM Router inline completions: on (fill-in-the-middle on ${inlineProviders(this.services.config.current!).join(', ')}). Click to turn off.${served}`;
    item.show();
  };
}

function completionProvider(services: Services, engine: InlineEngine, status: InlineStatus): vscode.InlineCompletionItemProvider {
  return {
    async provideInlineCompletionItems(document, position, ctx, token) {
      if (offBecause(services, document)) return undefined;
      const { prefix, suffix } = windowAround(document, position);
      status.inFlight++;
      status.render();
      let last: InlineOutcome;
      try {
        last = status.last = await engine.complete(
          // The document goes with the request: a private one keeps the completion local.
          { prefix, suffix, files: [document.uri.fsPath], localOnly: services.localOnlySetting(), immediate: ctx.triggerKind === vscode.InlineCompletionTriggerKind.Invoke },
          signalOf(token),
        );
      } finally {
        status.inFlight--;
        status.render();
      }
      if (last.kind === 'error') services.log.debug(`inline: ${last.message}`);
      if (last.kind !== 'completion' || token.isCancellationRequested) return undefined;
      return [new vscode.InlineCompletionItem(last.text, new vscode.Range(position, position))];
    },
  };
}

export function registerInline(context: vscode.ExtensionContext, services: Services) {
  const engine = new InlineEngine({
    fim: (req, signal) => services.router.fim(req, signal),
    debounceMs: () => settings().get<number | null>('debounceMs') ?? services.config.current?.raw.inline.debounce_ms ?? 250,
    ...INLINE_LIMITS,
  });
  const status = new InlineStatus(services);
  const render = status.render;
  const provider = completionProvider(services, engine, status);

  context.subscriptions.push(
    status.item,
    vscode.languages.registerInlineCompletionItemProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider),
    vscode.commands.registerCommand('llmRouter.toggleInline', async () => {
      const on = !settings().get<boolean>('enabled', true);
      await settings().update('enabled', on, vscode.ConfigurationTarget.Global);
      if (!on) engine.cancel();
      render();
      return on;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('llmRouter.inline') || e.affectsConfiguration('editor.inlineSuggest')) render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    services.config.onDidChange(() => {
      engine.cancel();
      engine.cache.clear();
      render();
    }),
    { dispose: () => engine.cancel() },
    // For the end-to-end suite: the provider itself, on a real document.
    vscode.commands.registerCommand('llmRouter._test.inline', () => ({
      provider,
      engine,
      statusText: () => status.item.text,
      offBecause: (document?: vscode.TextDocument) => offBecause(services, document),
    })),
  );
  render();
}
