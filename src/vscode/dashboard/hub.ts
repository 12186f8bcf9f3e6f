// The dashboard's shared state, for the side view and the editor panel alike: the decisions seen, the last
// provider checks, and the view model built on demand from the live config, budget and ledger.
import * as vscode from 'vscode';
import { LedgerView } from '../../core/dashboard/ledgerView';
import { MAX_RECENT, type DashboardState } from '../../core/dashboard/protocol';
import { buildState, type Recorded, type RouterProviderState } from '../../core/dashboard/viewModel';
import { checkProviders, type ProviderHealth } from '../../core/providers/health';
import type { BudgetStatus } from '../../core/spend/budget';
import type { Services } from '../services';

const NO_ROUTER: RouterProviderState = { recentFailures: 0 };

export class DashboardHub implements vscode.Disposable {
  readonly recent: Recorded[];
  private nextId = 1;
  private readonly health = new Map<string, ProviderHealth | 'checking'>();
  private ledgerView?: LedgerView;
  private followingBudget = false;
  private checking?: AbortController;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (coalesced) when anything the view shows may have changed. */
  readonly onDidChange = this.changed.event;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subs: vscode.Disposable[] = [];

  constructor(readonly services: Services) {
    // Decisions made before the dashboard started have no time of their own.
    this.recent = [...services.recent].map((event) => ({ id: 0, event }));
    for (let i = this.recent.length - 1; i >= 0; i--) this.recent[i].id = this.nextId++;
    this.subs.push(
      this.changed,
      services.onDidDecide((event) => {
        this.recent.unshift({ id: this.nextId++, at: Date.now(), event });
        if (this.recent.length > MAX_RECENT) this.recent.length = MAX_RECENT;
        this.touch();
      }),
      services.config.onDidChange(() => {
        this.health.clear();
        this.touch();
      }),
      // Any check (this one, the startup model check, the one after a pull) refreshes what the page shows.
      services.onDidCheckProviders(({ config, health }) => {
        if (config !== services.config.current) return;
        for (const r of health) this.health.set(r.name, r);
        this.touch(0);
      }),
    );
  }

  /** Coalesces bursts (a settle, then its event) into one refresh. */
  touch(delayMs = 100) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, delayMs);
  }

  get readOnly(): boolean {
    return this.services.config.rulesFile === this.services.config.shippedPath();
  }

  /** The view model (empty, with the problem, while no config is loaded). */
  state(): DashboardState {
    const cfg = this.services.config.current;
    if (!cfg) {
      return {
        configFile: this.services.config.rulesFile,
        readOnly: true,
        rules: [],
        providers: [],
        decisions: [],
        targets: [],
        now: Date.now(),
        problem: 'No routing config is loaded: fix the problems shown for it, or run "LLM Router: Open Routing Config".',
      };
    }
    let budget: BudgetStatus | undefined;
    let ledger: ReturnType<LedgerView['read']> = { hits: new Map(), history: [] };
    try {
      const b = this.services.budget;
      if (!this.followingBudget) {
        this.followingBudget = true;
        this.subs.push(b.onDidChange(() => this.touch()));
      }
      budget = b.status();
      this.ledgerView ??= new LedgerView(b.ledger);
      ledger = this.ledgerView.read();
    } catch (err) {
      this.services.log.warn(`dashboard: cannot read the budget: ${(err as Error).message}`);
    }
    const router = this.services.router;
    return buildState({
      config: cfg,
      configFile: this.services.config.rulesFile,
      readOnly: this.readOnly,
      recent: this.recent,
      hits: ledger.hits,
      budget,
      history: ledger.history,
      health: this.health,
      routerState: (name) => {
        try {
          return router.providerState(name);
        } catch {
          return NO_ROUTER;
        }
      },
      now: Date.now(),
    });
  }

  /** Checks every provider (a new check cancels one in flight) and returns the results. */
  async checkProviders(): Promise<ProviderHealth[]> {
    const cfg = this.services.config.current;
    if (!cfg) return [];
    this.checking?.abort();
    const ctl = new AbortController();
    this.checking = ctl;
    for (const p of cfg.providers.values()) if (!p.disabled) this.health.set(p.name, 'checking');
    this.touch(0);
    const results = await checkProviders(cfg, ctl.signal);
    if (this.checking !== ctl) return results;
    this.checking = undefined;
    this.services.providersChecked(cfg, results);
    return results;
  }

  get busyChecking(): boolean {
    return this.checking !== undefined;
  }

  dispose() {
    this.checking?.abort();
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
