// What-if: give one rule another `use` chain, then re-route recorded decisions through createDecider with
// the live rules and with the edited ones, and price each from the usage it really had.
import { ruleTargets } from '../config/compileRules';
import type { LoadedConfig, Target } from '../config/model';
import { formatTarget, parseTarget } from '../config/targets';
import { createDecider, type Decider } from '../rules';
import { costOfUsage } from '../spend/cost';
import type { Decision, Usage } from '../types';
import type { WhatIfResult, WhatIfRow } from './protocol';
import type { Recorded } from './viewModel';

export class WhatIfError extends Error {
  override name = 'WhatIfError';
}

/** Parses and checks a chain the user typed: known providers, no duplicates, not empty. */
export function parseChain(cfg: LoadedConfig, chain: readonly string[]): Target[] {
  if (!chain.length) throw new WhatIfError('a rule needs at least one target');
  const seen = new Set<string>();
  return chain.map((text) => {
    const t = parseTarget(text);
    if ('error' in t) throw new WhatIfError(t.error);
    if (!cfg.providers.has(t.provider)) throw new WhatIfError(`unknown provider "${t.provider}" in target "${text}"`);
    const key = formatTarget(t);
    if (seen.has(key)) throw new WhatIfError(`duplicate target "${text}"`);
    seen.add(key);
    return t;
  });
}

/** The config with rule `index` using `chain`, followed by fallback_chain as the loader would add it. */
export function withRuleChain(cfg: LoadedConfig, index: number, chain: readonly string[]): LoadedConfig {
  const rule = cfg.rules[index];
  if (!rule) throw new WhatIfError(`no rule ${index + 1}`);
  const use = parseChain(cfg, chain);
  const targets = ruleTargets(use, rule.fallback, cfg.fallbackChain);
  const rules = cfg.rules.map((r) => (r.index === index ? { ...r, targets } : r));
  return { ...cfg, rules };
}

/** The usage re-priced on another target: cache reads and writes only count as such on the same model. */
function costOn(decider: Decider, decision: Decision, usage: Usage, actual: { target?: string; costUsd: number }): { target?: string; costUsd: number } {
  const head = decision.chain.find((s) => !s.skipped);
  if (!head) return { costUsd: 0 };
  const target = `${head.provider}:${head.model}`;
  if (target === actual.target) return { target, costUsd: actual.costUsd };
  const info = decider.config.providers.get(head.provider)!;
  const price = decider.prices.priceOf(info, head.model);
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return { target, costUsd: costOfUsage(price, { inputTokens: input, outputTokens: usage.outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }) };
}

/**
 * Re-routes the last `last` completions (fill-in-the-middle is routed by `inline`, not by rules) as if the
 * budget were fine, with the live rules and with rule `index` on `chain`.
 */
export function simulate(cfg: LoadedConfig, recent: readonly Recorded[], index: number, chain: readonly string[], last: number): WhatIfResult {
  const edited = withRuleChain(cfg, index, chain);
  const before = createDecider(cfg);
  const after = createDecider(edited, before.prices);
  const rows: WhatIfRow[] = [];
  const totals = { actual: 0, before: 0, after: 0 };
  const picked = recent.filter((r) => r.event.kind === 'complete').slice(0, last);
  for (const r of picked) {
    const e = r.event;
    const d = e.decision;
    const input = { taskType: d.taskType, complexity: d.complexity, contextTokens: d.contextTokens };
    const opts = { action: e.action };
    const actual = { target: e.provider ? `${e.provider}:${e.model ?? ''}` : undefined, costUsd: e.costUsd };
    const db = before(input, undefined, opts);
    const da = after(input, undefined, opts);
    const b = costOn(before, db, e.usage, actual);
    const a = costOn(after, da, e.usage, actual);
    const row: WhatIfRow = {
      id: r.id,
      taskType: d.taskType,
      complexity: d.complexity,
      actual: { costUsd: e.costUsd, cached: e.cached, ...(actual.target ? { target: actual.target } : {}) },
      before: { rule: db.rule.id, costUsd: b.costUsd, ...(b.target ? { target: b.target } : {}) },
      after: { rule: da.rule.id, costUsd: a.costUsd, ...(a.target ? { target: a.target } : {}) },
      changed: b.target !== a.target,
    };
    if (r.at !== undefined) row.at = r.at;
    if (e.action) row.action = e.action;
    rows.push(row);
    totals.actual += e.costUsd;
    totals.before += b.costUsd;
    totals.after += a.costUsd;
  }
  const round = (n: number) => Math.round(n * 1e9) / 1e9;
  return {
    rule: index,
    chain: edited.rules[index].targets.map((t) => ({
      target: formatTarget(t),
      fromFallback: t.fromFallback,
      ...(cfg.providers.get(t.provider)?.disabled ? { disabled: cfg.providers.get(t.provider)!.disabled } : {}),
    })),
    rows,
    totals: { actual: round(totals.actual), before: round(totals.before), after: round(totals.after) },
    considered: picked.length,
  };
}
