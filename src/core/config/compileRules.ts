// Turns `rules`, the seed's `routing_rules` and `fallback_chain` into one ordered list of matchers.
import { ACTIONS, COMPLEXITIES, TASK_TYPES } from '../types';
import { BUDGET_STATES, type RawConfig, type WhenConfig } from './schema';
import type { CompiledRule, MatchContext, Target } from './model';

type Listed<T> = T | T[] | undefined;

function mask<T extends string>(values: Listed<T>, universe: readonly T[]): number {
  if (values === undefined) return 0;
  let m = 0;
  for (const v of Array.isArray(values) ? values : [values]) m |= 1 << universe.indexOf(v);
  return m;
}

const TASK_BIT = Object.fromEntries(TASK_TYPES.map((t, i) => [t, 1 << i])) as Record<string, number>;
const COMPLEXITY_BIT = Object.fromEntries(COMPLEXITIES.map((t, i) => [t, 1 << i])) as Record<string, number>;
const ACTION_BIT = Object.fromEntries(ACTIONS.map((t, i) => [t, 1 << i])) as Record<string, number>;
const BUDGET_BIT = Object.fromEntries(BUDGET_STATES.map((t, i) => [t, 1 << i])) as Record<string, number>;

export function compileWhen(when: WhenConfig): (ctx: MatchContext) => boolean {
  const task = mask(when.task, TASK_TYPES);
  const complexity = mask(when.complexity, COMPLEXITIES);
  const action = mask(when.action, ACTIONS);
  const budget = mask(when.budget, BUDGET_STATES);
  const minTokens = when.min_tokens ?? 0;
  const maxTokens = when.max_tokens ?? Infinity;
  const { require_fast: fast, require_cheap: cheap, local_only: localOnly } = when;
  return (c) =>
    (task === 0 || (task & TASK_BIT[c.taskType]) !== 0) &&
    (complexity === 0 || (complexity & COMPLEXITY_BIT[c.complexity]) !== 0) &&
    (action === 0 || (c.action !== undefined && (action & ACTION_BIT[c.action]) !== 0)) &&
    (budget === 0 || (budget & BUDGET_BIT[c.budget]) !== 0) &&
    c.contextTokens >= minTokens &&
    c.contextTokens <= maxTokens &&
    (fast === undefined || fast === c.requireFast) &&
    (cheap === undefined || cheap === c.requireCheap) &&
    (localOnly === undefined || localOnly === c.localOnly);
}

/** The seed's route(): "context_length > 32000" is long context. */
export const LONG_CONTEXT_TOKENS = 32_000;

/** What each seed routing_rules key means as a `when`: complexity, except short/long, which are context size. */
const SEED_KEY_WHEN: Record<string, Omit<WhenConfig, 'task'>> = {
  simple: { complexity: ['simple'] },
  medium: { complexity: ['medium'] },
  complex: { complexity: ['complex'] },
  all: {},
  short: { max_tokens: LONG_CONTEXT_TOKENS },
  long: { min_tokens: LONG_CONTEXT_TOKENS + 1 },
  casual: { complexity: ['simple'] },
  technical: { complexity: ['medium', 'complex'] },
};

export interface RuleSource {
  id: string;
  line: number;
  reason: string;
  when: WhenConfig;
  use: Target[];
  fallback: boolean;
  verify: boolean;
  source: CompiledRule['source'];
}

/** A rule's `use`, then (unless `fallback: false`) the fallback_chain providers it does not name. */
export function ruleTargets(use: readonly Target[], fallback: boolean, fallbackChain: readonly Target[]): CompiledRule['targets'] {
  const used = new Set(use.map((t) => t.provider));
  const targets = use.map((t) => ({ ...t, fromFallback: false }));
  if (fallback) {
    for (const t of fallbackChain) {
      if (used.has(t.provider)) continue;
      used.add(t.provider);
      targets.push({ ...t, fromFallback: true });
    }
  }
  return targets;
}

/** Builds the full rule list: explicit rules, then routing_rules rows, then a catch-all on fallback_chain. */
export function compileRules(sources: RuleSource[], fallbackChain: readonly Target[]): CompiledRule[] {
  return sources.map((s, index) => {
    const targets = ruleTargets(s.use, s.fallback, fallbackChain);
    return {
      index,
      id: s.id,
      line: s.line,
      reason: s.reason,
      when: s.when,
      targets,
      fallback: s.fallback,
      verify: s.verify,
      source: s.source,
      matches: compileWhen(s.when),
    };
  });
}

export function seedRuleSources(
  raw: RawConfig,
  lineOf: (path: (string | number)[]) => number,
  parseList: (list: readonly string[], path: (string | number)[]) => Target[],
): RuleSource[] {
  const out: RuleSource[] = [];
  for (const [task, byKey] of Object.entries(raw.routing_rules ?? {})) {
    for (const [key, list] of Object.entries(byKey ?? {})) {
      const path = ['routing_rules', task, key];
      const use = parseList(list ?? [], path);
      if (!use.length) continue;
      out.push({
        id: `${task}.${key}`,
        line: lineOf(path),
        reason: `routing_rules: ${task} ${key}`,
        when: { task: task as WhenConfig['task'], ...SEED_KEY_WHEN[key] },
        use,
        fallback: true,
        verify: false,
        source: 'routing_rules',
      });
    }
  }
  return out;
}
