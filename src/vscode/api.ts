// The API that activate() returns, for other extensions:
//   const api = await vscode.extensions.getExtension<LlmRouterApi>('llm-router.llm-router')!.activate();
//   const { text, decision } = await api.complete({ messages: [{ role: 'user', content: 'Explain monads' }] });
import * as vscode from 'vscode';
import type { EmbedResult, RouteEvent, RouteResult, RouterRequest, StreamEvent } from '../core/router';
import type { Decision } from '../core/types';
import type { Services } from './services';

export type { EmbedResult, RouteEvent, RouteResult, RouterRequest, StreamEvent } from '../core/router';
export type { Decision } from '../core/types';

export interface LlmRouterApi {
  /** Resolves once the routing config has loaded (the first time); route() needs it, the others wait for it. */
  readonly ready: Promise<void>;
  /** The decision for a request (classification, chain, reasons, estimated cost), without calling any model. */
  route(request: RouterRequest): Decision;
  /** The whole answer. Rejects with NoRouteError, CancelledError (on cancellation) or a mid-stream ProviderError. */
  complete(request: RouterRequest, token?: vscode.CancellationToken): Promise<RouteResult>;
  /** Events: decision, attempt, delta…, then done or error. Cancelling the token aborts upstream at once. */
  stream(request: RouterRequest, token?: vscode.CancellationToken): AsyncIterable<StreamEvent>;
  /** Embeddings, always from a local model. */
  embed(texts: readonly string[], token?: vscode.CancellationToken): Promise<EmbedResult>;
  /** Fires once per finished request of this window: decision, attempts, usage, cost, latency. */
  readonly onDidDecide: vscode.Event<RouteEvent>;
}

/** A CancellationToken as an AbortSignal (house rule 4: cancellation aborts upstream, and is not a failure). */
export function signalOf(token?: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  token?.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

export function createApi(services: Services): LlmRouterApi {
  // `files` is required by the type; a JavaScript caller that leaves it out gets none (its text is still scanned).
  const withLocal = (r: RouterRequest): RouterRequest => ({ ...r, files: Array.isArray(r.files) ? r.files : [], localOnly: r.localOnly || services.localOnlySetting() });
  const ready = services.config.firstLoad;
  return {
    ready,
    route: (request) => services.router.plan(withLocal(request)).decision,
    complete: async (request, token) => (await ready, services.router.complete(withLocal(request), signalOf(token))),
    stream: (request, token) => ({
      async *[Symbol.asyncIterator]() {
        await ready;
        yield* services.router.stream(withLocal(request), signalOf(token));
      },
    }),
    embed: async (texts, token) => (await ready, services.router.embed(texts, signalOf(token))),
    onDidDecide: services.onDidDecide,
  };
}
