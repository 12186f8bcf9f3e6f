// Runs one routed request under a cancellable progress notification. Cancelling aborts upstream.
import * as vscode from 'vscode';
import { CancelledError, NoRouteError } from '../../core/errors';
import type { RouteResult, RouterRequest, StreamEvent } from '../../core/router';
import type { Classification, Decision } from '../../core/types';
import { chargeText } from '../../core/text';
import type { Services } from '../services';

export interface StreamSink {
  onDecision?(decision: Decision, classification?: Classification): void | Promise<void>;
  onDelta?(text: string): void;
}

export type RunOutcome =
  | { ok: true; result: RouteResult }
  | { ok: false; cancelled: boolean; message: string; result?: RouteResult; error?: unknown };

export async function runRouted(services: Services, title: string, req: RouterRequest, sink: StreamSink = {}, external?: vscode.CancellationToken): Promise<RunOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LLM Router: ${title}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subs = [token.onCancellationRequested(() => controller.abort()), external?.onCancellationRequested(() => controller.abort())];
    try {
      let outcome: RunOutcome | undefined;
      for await (const ev of services.router.stream({ ...req, localOnly: req.localOnly || services.localOnlySetting() }, controller.signal) as AsyncIterable<StreamEvent>) {
        switch (ev.type) {
          case 'decision': {
            const head = ev.decision.chain.find((s) => !s.skipped);
            progress.report({ message: head ? `${head.provider}:${head.model}${ev.privacy?.badge ? ` (${ev.privacy.badge})` : ''}` : 'no usable model' });
            if (ev.privacy?.message) void vscode.window.showInformationMessage(`LLM Router: ${ev.privacy.message}`);
            await sink.onDecision?.(ev.decision, ev.classification);
            break;
          }
          case 'attempt':
            if (ev.attempt.outcome !== 'ok') progress.report({ message: `${ev.attempt.provider} ${ev.attempt.outcome}, trying the next model…` });
            break;
          case 'delta':
            sink.onDelta?.(ev.text);
            break;
          case 'done':
            outcome = { ok: true, result: ev.result };
            break;
          case 'error':
            outcome = {
              ok: false,
              cancelled: ev.error instanceof CancelledError,
              message: ev.stoppedAt
                ? `${ev.error.message} (stopped after ${ev.stoppedAt.chars} characters from ${ev.stoppedAt.provider}:${ev.stoppedAt.model}${ev.nextTarget ? `; ${ev.nextTarget.provider}:${ev.nextTarget.model} is next in the chain` : ''})`
                : ev.error.message,
              result: ev.result,
              error: ev.error,
            };
            break;
        }
      }
      return outcome ?? { ok: false, cancelled: controller.signal.aborted, message: 'the request ended without an answer' };
    } finally {
      for (const s of subs) s?.dispose();
    }
  });
}

/** Tells the user what went wrong, with the one action most likely to fix it. */
export async function reportFailure(services: Services, what: string, outcome: Extract<RunOutcome, { ok: false }>): Promise<void> {
  if (outcome.cancelled) {
    void vscode.window.showInformationMessage(`LLM Router: ${what} cancelled.`);
    return;
  }
  const noRoute = outcome.error instanceof NoRouteError;
  const everythingOff = noRoute && (outcome.error as NoRouteError).attempts.length === 0;
  const unreachable = noRoute && (outcome.error as NoRouteError).attempts.every((a) => !a.status);
  const hint = everythingOff
    ? ' No provider is usable: start Ollama (`ollama serve`) or set an API key.'
    : unreachable
      ? ' No provider could be reached: start Ollama (`ollama serve`) or set an API key for a cloud provider.'
      : '';
  const choice = await vscode.window.showErrorMessage(`LLM Router: ${what} failed: ${outcome.message.split('\n')[0]}.${hint}`, 'Show Log', 'Set API Key', 'Open Config');
  if (choice === 'Show Log') services.log.channel.show();
  else if (choice === 'Set API Key') void vscode.commands.executeCommand('llmRouter.setApiKey');
  else if (choice === 'Open Config') void vscode.commands.executeCommand('llmRouter.openConfig');
}

export function usageLine(r: RouteResult): string {
  const u = r.usage;
  const cache = u.cacheReadTokens || u.cacheWriteTokens ? `, cache ${u.cacheReadTokens} read / ${u.cacheWriteTokens} written` : '';
  return `${r.provider ?? '?'}:${r.model ?? '?'} · ${u.inputTokens} in / ${u.outputTokens} out tokens${cache}${u.estimated ? ' (estimated)' : ''} · ${chargeText(r.costUsd)}${r.cached ? ' · cached' : ''}`;
}
