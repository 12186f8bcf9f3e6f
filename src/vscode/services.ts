// The core, built once per window: the router over the live config, the budget over the shared ledger,
// and the feed of decision events that the log, status bar and UI follow.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { threadAnalyzer } from '../core/analysisThread';
import { RouterCache } from '../core/cache/routerCache';
import { ModelCatalogue } from '../core/catalogue/catalogue';
import type { LoadedConfig } from '../core/config/model';
import type { ProviderHealth } from '../core/providers/health';
import { Router, type RouteEvent } from '../core/router';
import type { Budget } from '../core/spend/budget';
import { openBudget } from '../core/spend/open';
import { basicVerifier } from '../core/verify';
import type { ConfigState } from './configState';
import type { RouterLog } from './log';

const RECENT = 50;

export class Services implements vscode.Disposable {
  private routerInstance: Router | undefined;
  private budgetInstance: Budget | undefined;
  private cacheInstance: RouterCache | undefined;
  /** Large requests are counted, scanned and classified on this thread, never on the extension host's. */
  private readonly analysis = threadAnalyzer(path.join(__dirname, 'analysis.js'));
  private readonly decided = new vscode.EventEmitter<RouteEvent>();
  /** Fires once per finished request, in any feature of this window. */
  readonly onDidDecide = this.decided.event;
  readonly recent: RouteEvent[] = [];
  /** What the providers said about their models (windows, ids, missing models): the router decides with it. */
  readonly catalogue = new ModelCatalogue();
  private readonly checked = new vscode.EventEmitter<{ config: LoadedConfig; health: ProviderHealth[] }>();
  /** Fires after any provider check (startup, "Check now", after a pull), with its results. */
  readonly onDidCheckProviders = this.checked.event;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: RouterLog,
    readonly config: ConfigState,
  ) {}

  /** The state dir shared by every window and the CLI. */
  get stateDir(): string {
    return process.env.LLM_ROUTER_STATE_DIR || this.context.globalStorageUri.fsPath;
  }

  get budget(): Budget {
    if (!this.budgetInstance) {
      const cfg = this.requireConfig();
      this.budgetInstance = openBudget(this.stateDir, cfg, { onWarning: (m) => this.log.warn(m) });
      this.context.subscriptions.push(
        this.budgetInstance,
        this.budgetInstance.watch(),
        this.config.onDidChange((c) => this.budgetInstance?.setLimits(c.raw.cost_limits)),
      );
    }
    return this.budgetInstance;
  }

  get router(): Router {
    this.routerInstance ??= new Router({
      config: () => this.requireConfig(),
      budget: this.budget,
      cache: this.cache,
      verify: basicVerifier,
      analyzer: this.analysis.analyze,
      catalogue: this.catalogue,
      onEvent: (e) => this.record(e),
      quality: () => vscode.workspace.getConfiguration('llmRouter').get<number | null>('quality') ?? undefined,
    });
    return this.routerInstance;
  }

  /** Responses, requests in flight and embeddings; `llmRouter.cache.enabled` overrides the config's `cache.enabled`. */
  get cache(): RouterCache {
    this.cacheInstance ??= new RouterCache({
      stateDir: this.stateDir,
      enabled: () => vscode.workspace.getConfiguration('llmRouter').get<boolean | null>('cache.enabled') ?? undefined,
    });
    return this.cacheInstance;
  }

  requireConfig() {
    const cfg = this.config.current;
    if (!cfg) throw new vscode.CancellationError();
    return cfg;
  }

  /** A provider check finished: the model check and the dashboard follow it. */
  providersChecked(config: LoadedConfig, health: ProviderHealth[]) {
    this.checked.fire({ config, health });
  }

  localOnlySetting(): boolean {
    return vscode.workspace.getConfiguration('llmRouter').get<boolean>('localOnly') === true;
  }

  maxOutputTokens(): number {
    return vscode.workspace.getConfiguration('llmRouter').get<number>('maxOutputTokens') ?? 1024;
  }

  private record(e: RouteEvent) {
    this.recent.unshift(e);
    if (this.recent.length > RECENT) this.recent.length = RECENT;
    const d = e.decision;
    this.log.info(
      `decision ${e.action ?? e.kind}: ${d.explanation} | outcome ${e.outcome}, ${e.usage.inputTokens}+${e.usage.outputTokens} tokens, $${e.costUsd.toFixed(6)}, ${Math.round(e.latencyMs)} ms${e.cached ? ', cached' : ''}`,
    );
    for (const a of e.attempts) this.log.info(`  attempt ${a.provider}:${a.model} ${a.outcome}${a.status ? ` (HTTP ${a.status})` : ''} ${Math.round(a.ms)} ms`);
    this.decided.fire(e);
  }

  dispose() {
    this.analysis.dispose();
    this.cacheInstance?.dispose();
    this.decided.dispose();
    this.checked.dispose();
  }
}
