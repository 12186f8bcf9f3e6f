// What activation sets up (dist/extension.js holds only this and src/extension.ts): a stub for every command,
// so each one exists at once, and an API that waits for the engine. The engine (src/vscode/engine.ts)
// loads right after activate() returns and replaces the stubs with the real commands; a command run before that
// waits for it.
import * as vscode from 'vscode';
import type { LlmRouterApi, RouteEvent } from './api';
import { INTERNAL_COMMANDS } from './internalCommands';
import { createLog, type RouterLog } from './log';
import { loadStage } from './stages';


/** dist/engine.js (src/vscode/engine.ts). */
interface Engine {
  start(context: vscode.ExtensionContext, shell: Shell): Promise<LlmRouterApi>;
}

export interface Shell {
  readonly log: RouterLog;
  /** The API's onDidDecide, fed by the engine. */
  readonly decided: vscode.EventEmitter<RouteEvent>;
  /** Disposes the stubs; the engine registers the real commands in the same turn. */
  releaseCommands(): void;
}

/** `started(log)` runs once the log exists: right after activate() returns, before the engine loads. */
export function createShell(context: vscode.ExtensionContext, started: (log: RouterLog) => void): { api: LlmRouterApi; engine: Promise<LlmRouterApi> } {
  let registered!: () => void;
  let failed!: (err: unknown) => void;
  const commandsReady = new Promise<void>((resolve, reject) => ((registered = resolve), (failed = reject)));
  commandsReady.catch(() => undefined); // a stub that waits on it reports the failure; none waiting is fine
  const contributed: { command: string }[] = context.extension.packageJSON?.contributes?.commands ?? [];
  const ids = [...contributed.map((c) => c.command), ...INTERNAL_COMMANDS];
  const stubs = ids.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await commandsReady;
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  const decided = new vscode.EventEmitter<RouteEvent>();
  context.subscriptions.push(decided, { dispose: () => stubs.forEach((s) => s.dispose()) });
  let log: RouterLog | undefined;
  const shell: Shell = {
    get log() {
      return (log ??= createLog());
    },
    decided,
    releaseCommands() {
      for (const s of stubs.splice(0)) s.dispose();
      registered();
    },
  };

  // The log channel too is made after activation: nothing activation does needs it.
  const engine = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    context.subscriptions.push(shell.log.channel);
    started(shell.log);
    return loadStage<Engine>('engine').start(context, shell);
  });
  engine.catch((err: unknown) => {
    failed(new Error('LLM Router failed to start; see its log'));
    shell.log.error(`LLM Router failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage('LLM Router failed to start. See the log.', 'Show Log').then((c) => c && shell.log.channel.show());
  });
  let loaded: LlmRouterApi | undefined;
  void engine.then(
    (a) => (loaded = a),
    () => undefined,
  );

  const api: LlmRouterApi = {
    get ready() {
      return engine.then((a) => a.ready);
    },
    route(request) {
      if (!loaded) throw new Error('LLM Router is still loading its routing config: await api.ready first');
      return loaded.route(request);
    },
    complete: async (request, token) => (await engine).complete(request, token),
    stream: (request, token) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await engine).stream(request, token);
      },
    }),
    embed: async (texts, token) => (await engine).embed(texts, token),
    onDidDecide: decided.event,
  };
  return { api, engine };
}
