// The dashboard's view model, built from the live config, the budget, the ledger and the recent events.
// Pure: every input is passed in, so the same data renders the same state.
import type { LoadedConfig } from '../config/model';
import { findModelProblems } from '../catalogue/check';
import type { ProviderHealth } from '../providers/health';
import type { RouteEvent } from '../router/types';
import { describeProviders, describeRules } from '../rulesView';
import type { BudgetStatus } from '../spend/budget';
import type { DaySummary } from '../spend/summary';
import type { DashboardState, DecisionRow, ProviderRow, RuleRow } from './protocol';
import { spendView } from './spend';

/** A RouteEvent as the dashboard keeps it: numbered, and stamped when it was seen. */
export interface Recorded {
  id: number;
  at?: number;
  event: RouteEvent;
}

/** The router's read-only view of one provider (see Router.providerState). */
export interface RouterProviderState {
  coolingUntil?: number;
  recentFailures: number;
  rateLimit?: { rpm: number; available: number };
}

export interface StateInput {
  config: LoadedConfig;
  configFile: string;
  readOnly: boolean;
  /** Newest first. */
  recent: readonly Recorded[];
  /** Requests per rule id today, from the ledger. */
  hits: ReadonlyMap<string, number>;
  budget?: BudgetStatus;
  /** Up to 30 local days, oldest first, today last. */
  history: readonly DaySummary[];
  health: ReadonlyMap<string, ProviderHealth | 'checking'>;
  routerState: (provider: string) => RouterProviderState;
  now: number;
}

/** Rules that come from `rules` or the seed's `routing_rules` have a `use` list in the file to edit. */
export const isEditable = (source: RuleRow['source']) => source !== 'default';

export function ruleRows(cfg: LoadedConfig, hits: ReadonlyMap<string, number>, lastRuleId?: string): RuleRow[] {
  return describeRules(cfg).map((r) => ({
    index: r.index,
    id: r.id,
    line: r.line,
    source: r.source,
    when: r.when,
    chain: r.chain,
    reason: r.reason,
    hits: hits.get(r.id) ?? 0,
    last: r.id === lastRuleId,
    editable: isEditable(r.source),
  }));
}

/** Each provider's newest real try (skips are not tries) among the recorded decisions. */
function lastTries(recent: readonly Recorded[]): Map<string, NonNullable<ProviderRow['lastTry']>> {
  const out = new Map<string, NonNullable<ProviderRow['lastTry']>>();
  for (const r of recent) {
    for (let i = r.event.attempts.length - 1; i >= 0; i--) {
      const a = r.event.attempts[i];
      if (out.has(a.provider) || a.outcome.startsWith('skipped')) continue;
      out.set(a.provider, { outcome: a.outcome, ms: Math.max(0, a.ms), ...(r.at !== undefined ? { at: r.at } : {}) });
    }
  }
  return out;
}

/** The configured models each checked provider lacks, one entry per model (see catalogue/check.ts). */
function missingModels(cfg: LoadedConfig, health: StateInput['health']): Map<string, NonNullable<ProviderRow['missing']>> {
  const listed = (name: string) => {
    const h = health.get(name);
    return h && h !== 'checking' && h.status === 'ok' ? h.models : undefined;
  };
  const out = new Map<string, NonNullable<ProviderRow['missing']>>();
  // Where routing uses the model first (a warning), else where it is only listed.
  const problems = findModelProblems(cfg, listed).sort((a, b) => Number(b.severity === 'warning') - Number(a.severity === 'warning'));
  for (const p of problems) {
    const list = out.get(p.provider) ?? [];
    if (!list.some((m) => m.model === p.model)) list.push({ model: p.model, pullable: p.code === 'not-pulled', line: p.line, ...(p.suggestion ? { suggestion: p.suggestion } : {}) });
    out.set(p.provider, list);
  }
  return out;
}

export function providerRows(cfg: LoadedConfig, input: Pick<StateInput, 'health' | 'routerState' | 'recent'>): ProviderRow[] {
  const tries = lastTries(input.recent);
  const missing = missingModels(cfg, input.health);
  return describeProviders(cfg).map((p) => {
    const h = input.health.get(p.name);
    const rs = input.routerState(p.name);
    const row: ProviderRow = { name: p.name, tier: p.tier, type: p.type, local: p.local, line: p.line, recentFailures: rs.recentFailures };
    if (p.disabled) row.disabled = p.disabled;
    if (h === 'checking') row.health = { status: 'checking' };
    else if (h) {
      row.health = { status: h.status, checkedAt: h.checkedAt };
      if (h.latencyMs !== undefined) row.health.latencyMs = h.latencyMs;
      if (h.models) row.health.models = h.models.length;
      if (h.error) row.health.error = h.error;
    }
    if (rs.coolingUntil !== undefined) row.coolingUntil = rs.coolingUntil;
    if (rs.rateLimit) row.rateLimit = rs.rateLimit;
    const t = tries.get(p.name);
    if (t) row.lastTry = t;
    const lacks = missing.get(p.name);
    if (lacks) row.missing = lacks;
    return row;
  });
}

export function decisionRow(r: Recorded): DecisionRow {
  const e = r.event;
  const d = e.decision;
  const row: DecisionRow = {
    id: r.id,
    kind: e.kind,
    outcome: e.outcome,
    taskType: d.taskType,
    complexity: d.complexity,
    contextTokens: Math.max(0, Math.round(d.contextTokens)),
    rule: { index: d.rule.index, id: d.rule.id, line: d.rule.line },
    explanation: d.explanation,
    attempts: e.attempts.map((a) => ({ target: `${a.provider}:${a.model}`, outcome: a.outcome, ms: Math.max(0, a.ms), ...(a.status !== undefined ? { status: a.status } : {}) })),
    tokens: { input: e.usage.inputTokens, output: e.usage.outputTokens, cacheRead: e.usage.cacheReadTokens, cacheWrite: e.usage.cacheWriteTokens },
    estimated: e.usage.estimated === true,
    costUsd: e.costUsd,
    latencyMs: Math.max(0, e.latencyMs),
    cached: e.cached,
  };
  if (r.at !== undefined) row.at = r.at;
  if (e.action) row.action = e.action;
  if (e.provider) row.target = `${e.provider}:${e.model ?? ''}`;
  if (e.error) row.error = e.error;
  return row;
}

/** Every provider, then every provider:model the config names, for the what-if editor. */
export function targetChoices(cfg: LoadedConfig): string[] {
  const out: string[] = [];
  for (const p of cfg.providers.values()) {
    out.push(p.name);
    const models = new Set([...(p.defaultModel ? [p.defaultModel] : []), ...p.models, ...Object.values(p.modelMap)]);
    for (const m of models) out.push(`${p.name}:${m}`);
  }
  return out;
}

export function buildState(input: StateInput): DashboardState {
  const cfg = input.config;
  const lastRule = input.recent.find((r) => r.event.kind === 'complete')?.event.decision.rule.id;
  return {
    configFile: input.configFile,
    readOnly: input.readOnly,
    rules: ruleRows(cfg, input.hits, lastRule),
    providers: providerRows(cfg, input),
    ...(input.budget ? { spend: spendView(cfg, input.budget, input.history) } : {}),
    decisions: input.recent.slice(0, 50).map(decisionRow),
    targets: targetChoices(cfg),
    now: input.now,
  };
}
