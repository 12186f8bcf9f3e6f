// config x classification x budget x options -> an ordered chain of targets, each with its reason.
// Pure and deterministic: no clock, no I/O, no randomness. What providers reported about their models (context
// windows, a model found missing) comes in as data (ModelFacts), read synchronously.
import type { ModelFacts } from './catalogue/catalogue';
import type { CompiledRule, LoadedConfig, MatchContext, ProviderInfo } from './config/model';
import { contextSkip, formatTokens, neededContext } from './contextFit';
import { contextWindowOf } from './catalogue/window';
import { PriceBook, type Price } from './spend/prices';
import { TIERS, type BudgetSnapshot, type ChainStep, type Complexity, type Decision, type DecideOptions, type TaskType } from './types';

export interface DecisionInput {
  taskType: TaskType;
  complexity: Complexity;
  contextTokens: number;
}

export interface Decider {
  (input: DecisionInput, budget?: BudgetSnapshot, opts?: DecideOptions): Decision;
  readonly config: LoadedConfig;
  readonly prices: PriceBook;
  /** The rule that would match, without building a chain. */
  matchRule(ctx: MatchContext): CompiledRule;
  /** The target's context window (YAML, then the provider's own metadata, then prices.json). */
  windowOf(p: ProviderInfo, model: string): number | undefined;
  /** Why the target cannot serve this request (too small a window, model missing), or undefined. */
  unfit(p: ProviderInfo, model: string, contextTokens: number, maxTokens: number): string | undefined;
}

const OK_BUDGET: BudgetSnapshot = { state: 'ok' };
const NO_OPTS: DecideOptions = {};

export function createDecider(config: LoadedConfig, prices = new PriceBook(config.raw.prices ?? {}), facts?: ModelFacts): Decider {
  const limits = config.raw.cost_limits;
  const providerLimits = limits.provider_limits ?? {};
  const defaultMaxTokens = config.raw.router.max_tokens;
  const localProviders = [...config.providers.values()].filter((p) => p.local);
  const strongerThan = TIERS.map((_, rank) =>
    [...config.providers.values()].filter((p) => TIERS.indexOf(p.tier) >= rank).sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier)),
  );

  const matchRule = (ctx: MatchContext): CompiledRule => {
    for (const r of config.rules) if (r.matches(ctx)) return r;
    return config.rules[config.rules.length - 1];
  };

  /** The parts of a chain that depend only on (rule, task, complexity): built once, then reused. */
  interface StaticStep {
    p: ProviderInfo;
    model: string | undefined;
    key: string;
    reason: string;
    price: Price | undefined;
  }
  const stepCache = new Map<string, StaticStep[]>();
  const staticStep = (p: ProviderInfo, model: string | undefined, reason: string): StaticStep => {
    const price = model ? prices.priceOf(p, model) : undefined;
    return { p, model, key: p.name + ':' + (model ?? ''), reason: price?.estimatedFrom ? `${reason} (${price.estimatedFrom})` : reason, price };
  };
  const stepsFor = (rule: CompiledRule | undefined, task: TaskType, complexity: Complexity, why = '', pool = localProviders): StaticStep[] => {
    const cacheKey = `${rule ? rule.index : why}|${task}|${complexity}`;
    let steps = stepCache.get(cacheKey);
    if (!steps) {
      const all = rule
        ? rule.targets.map((t) => {
            const p = config.providers.get(t.provider)!;
            return staticStep(p, t.model ?? config.resolveModel(p, task, complexity), t.fromFallback ? 'fallback_chain' : rule.reason);
          })
        : pool.map((p) => staticStep(p, config.resolveModel(p, task, complexity), why));
      steps = all.filter((s, i) => all.findIndex((o) => o.key === s.key) === i);
      stepCache.set(cacheKey, steps);
    }
    return steps;
  };

  const windowOf = (p: ProviderInfo, model: string) => contextWindowOf(p, model, prices, facts);
  const unfit = (p: ProviderInfo, model: string, contextTokens: number, maxTokens: number): string | undefined =>
    facts?.missing(p.name, model) ?? contextSkip(neededContext(contextTokens, maxTokens), windowOf(p, model));

  const decide = (input: DecisionInput, budget: BudgetSnapshot = OK_BUDGET, opts: DecideOptions = NO_OPTS): Decision => {
    const localOnly = opts.localOnly === true || config.raw.privacy.local_only;
    const rule = matchRule({
      taskType: input.taskType,
      complexity: input.complexity,
      contextTokens: input.contextTokens,
      action: opts.action,
      requireFast: opts.requireFast === true,
      requireCheap: opts.requireCheap === true,
      localOnly,
      budget: budget.state,
    });
    const maxTokens = opts.maxTokens ?? defaultMaxTokens;
    const minRank = opts.minTier ? TIERS.indexOf(opts.minTier) : 0;
    const embedding = input.taskType === 'embedding';
    const chain: ChainStep[] = [];
    let firstCost = -1;
    let localUsable = false;
    /** The largest window among the targets skipped only for their size: named when nothing fits. */
    let largest: { step: StaticStep; window: number } | undefined;

    const push = (steps: StaticStep[], skipKeys?: readonly { key: string }[]) => {
      for (const s of steps) {
        if (skipKeys && skipKeys.some((o) => o.key === s.key)) continue;
        const cost = s.price ? (input.contextTokens * s.price.input + maxTokens * s.price.output) / 1e6 : 0;
        let skipped = s.model
          ? (TIERS.indexOf(s.p.tier) < minRank ? `below the ${opts.minTier} tier (${opts.minTierWhy ?? 'a stronger model was asked for'})` : skipReason(s.p, cost, budget, localOnly, embedding))
          : `no model configured for ${input.complexity} ${input.taskType}`;
        // Embeddings go in one text at a time, each far below any window: only chat-style requests are sized.
        if (!skipped && s.model && !embedding) {
          skipped = unfit(s.p, s.model, input.contextTokens, maxTokens);
          const window = skipped?.startsWith('context ') ? windowOf(s.p, s.model) : undefined;
          if (window !== undefined && (!largest || window > largest.window)) largest = { step: s, window };
        }
        if (skipped) chain.push({ provider: s.p.name, model: s.model ?? '', reason: s.reason, skipped });
        else {
          chain.push({ provider: s.p.name, model: s.model!, reason: s.reason });
          if (firstCost < 0) firstCost = cost;
          if (s.p.local) localUsable = true;
        }
      }
    };

    const ruleSteps = stepsFor(rule, input.taskType, input.complexity);
    push(ruleSteps);
    // Past the budget, local-only, or no ledger to record spend in: local models always remain, as the seed says.
    if ((localOnly || budget.state === 'exhausted' || budget.unavailable) && !localUsable) {
      const why = localOnly ? 'local-only: local fallback' : budget.unavailable ? `${budget.unavailable}: local models only` : 'daily budget exhausted: local models only';
      push(stepsFor(undefined, input.taskType, input.complexity, why), ruleSteps);
    }

    // Escalation: when the rule names nothing strong enough, every provider of that tier or above, lowest first.
    if (minRank > 0 && firstCost < 0) {
      const why = `escalated to the ${opts.minTier} tier or above`;
      push(stepsFor(undefined, input.taskType, input.complexity, why, strongerThan[minRank]), ruleSteps);
    }

    // Nothing usable (the rule's local model too small for the request, every cloud step skipped): the
    // other local models, before giving up, unless the rule says `fallback: false`.
    if (firstCost < 0 && !localUsable && minRank === 0 && rule.fallback) {
      push(stepsFor(undefined, input.taskType, input.complexity, 'nothing else usable: local fallback'), chain.map((c) => ({ key: c.provider + ':' + c.model })));
    }

    const cost = firstCost < 0 ? 0 : firstCost;
    const tooBig =
      firstCost < 0 && largest
        ? `no usable model: context ${formatTokens(neededContext(input.contextTokens, maxTokens))} > the largest window left, ${formatTokens(largest.window)} (${largest.step.key})`
        : undefined;
    return {
      taskType: input.taskType,
      complexity: input.complexity,
      contextTokens: input.contextTokens,
      rule: { index: rule.index, id: rule.id, line: rule.line },
      chain,
      estimatedCostUsd: round6(cost),
      explanation: explain(config, input, rule, chain, cost, tooBig),
      ...(tooBig ? { nothingFits: tooBig } : {}),
    };
  };

  function skipReason(p: ProviderInfo, cost: number, budget: BudgetSnapshot, localOnly: boolean, embedding: boolean): string | undefined {
    if (p.disabled) return p.disabled;
    if (p.local) return undefined;
    if (localOnly) return 'local-only';
    if (embedding) return 'embeddings stay local';
    if (budget.unavailable) return budget.unavailable;
    if (budget.state === 'exhausted') return 'over budget';
    if (budget.providersAtLimit?.includes(p.name)) return 'over provider limit';
    const perRequest = providerLimits[p.name]?.per_request ?? limits.per_request;
    if (perRequest !== undefined && cost > perRequest) return `over per-request limit ($${cost.toFixed(4)} > $${perRequest})`;
    return undefined;
  }

  return Object.assign(decide, { config, prices, matchRule, windowOf, unfit });
}

function isLocal(config: LoadedConfig, step: ChainStep): boolean {
  return config.providers.get(step.provider)?.local === true;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function explain(config: LoadedConfig, input: DecisionInput, rule: CompiledRule, chain: ChainStep[], cost: number, tooBig?: string): string {
  const what = `${input.complexity} ${input.taskType}`;
  const where = `rule ${rule.index + 1} "${rule.id}"${rule.line ? `, line ${rule.line}` : ''}`;
  let head: ChainStep | undefined;
  let headLocal = false;
  let tail = '';
  let skipped = '';
  for (const s of chain) {
    if (s.skipped) skipped += `${skipped ? ', ' : '; skipped '}${s.provider} (${s.skipped})`;
    else if (!head) {
      head = s;
      headLocal = isLocal(config, s);
    } else tail += !headLocal && isLocal(config, s) ? `; local fallback ${s.model}` : `; then ${s.provider}:${s.model}`;
  }
  if (!head) return `${what}: ${tooBig ?? 'no usable model'} (${where}: ${rule.reason})${skipped}`;
  // Only an unpriced local target is "free, local"; anything with a price shows its worst case.
  const money = headLocal && cost === 0 ? 'free, local' : `≤ $${cost.toFixed(4)}`;
  return `${what} → ${head.provider}:${head.model} (${where}: ${head.reason}; ${money})${tail}${skipped}`;
}
