// The dashboard's messages, both ways, as zod schemas shared by the extension and the webview (src/webview):
// the host validates what the webview sends before acting on it, and what it posts before posting it; the
// webview validates what it gets before rendering it. The view model is pure data, never a key.
import * as z from 'zod';

export const TEXT_MAX = 4000;
export const NAME_MAX = 200;

/** `s` cut to `max` characters, the last an ellipsis, never through a surrogate pair. */
const cutTo = (max: number) => (s: string) => {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 2]) ? max - 2 : max - 1;
  return `${s.slice(0, end)}…`;
};
// What the host shows is cut to fit: one long reason, error or id from the YAML never drops the whole state.
const text = z.string().transform(cutTo(TEXT_MAX));
const label = z.string().transform(cutTo(NAME_MAX));
// What the page sends back is strict: a cut name would point at another rule, provider or model.
const name = z.string().max(NAME_MAX);
const usd = z.number().finite();
const count = z.number().int().nonnegative();
const ms = z.number().finite().nonnegative();

export const MAX_CHAIN = 20;
export const MAX_RECENT = 50;

const ChainItem = z.strictObject({ target: label, fromFallback: z.boolean(), disabled: text.optional() });

export const RuleRow = z.strictObject({
  index: count,
  id: label,
  line: count,
  source: z.enum(['rules', 'routing_rules', 'default']),
  when: text,
  chain: z.array(ChainItem),
  reason: text,
  hits: count,
  /** The rule behind the last decision. */
  last: z.boolean(),
  /** Its chain can be edited in the what-if editor and saved. */
  editable: z.boolean(),
});

export const ProviderRow = z.strictObject({
  name: label,
  tier: label,
  type: label,
  local: z.boolean(),
  line: count,
  disabled: text.optional(),
  health: z
    .strictObject({
      status: z.enum(['ok', 'unreachable', 'off', 'checking']),
      latencyMs: ms.optional(),
      models: count.optional(),
      error: text.optional(),
      checkedAt: z.number().optional(),
    })
    .optional(),
  /** Epoch ms until which the router skips it. */
  coolingUntil: z.number().optional(),
  recentFailures: count,
  /** The newest try this window made on it. */
  lastTry: z.strictObject({ outcome: text, ms, at: z.number().optional() }).optional(),
  rateLimit: z.strictObject({ rpm: z.number().positive(), available: z.number().nonnegative() }).optional(),
  /** Configured models its last check did not list: pullable ones get a Pull button. */
  missing: z.array(z.strictObject({ model: label, pullable: z.boolean(), line: count, suggestion: label.optional() })).optional(),
});

const Amount = z.strictObject({ key: label, costUsd: usd, requests: count });

export const SpendView = z.strictObject({
  day: label,
  state: z.enum(['ok', 'warning', 'exhausted']),
  budgetUsd: usd,
  warningThreshold: z.number().min(0).max(1),
  spentUsd: usd,
  reservedUsd: usd,
  remainingUsd: usd,
  requests: count,
  byProvider: z.array(Amount),
  byModel: z.array(Amount),
  /** Oldest first, one entry per local day (zeros included). */
  days: z.array(Amount),
  premium: z
    .strictObject({
      target: label,
      /** Over the `days` window: what was spent, and what the same usage would have cost on `target`. */
      actualUsd: usd,
      premiumUsd: usd,
      todayActualUsd: usd,
      todayPremiumUsd: usd,
    })
    .optional(),
});

const Tokens = z.strictObject({ input: count, output: count, cacheRead: count, cacheWrite: count });

export const DecisionRow = z.strictObject({
  id: count,
  /** When the dashboard saw it (absent for decisions made before it started). */
  at: z.number().optional(),
  kind: z.enum(['complete', 'fim', 'embed']),
  action: label.optional(),
  outcome: z.enum(['ok', 'cut', 'cancelled', 'error']),
  taskType: label,
  complexity: label,
  contextTokens: count,
  rule: z.strictObject({ index: count, id: label, line: count }),
  target: label.optional(),
  explanation: text,
  attempts: z.array(z.strictObject({ target: label, outcome: text, status: z.number().int().optional(), ms })),
  tokens: Tokens,
  estimated: z.boolean(),
  costUsd: usd,
  latencyMs: ms,
  cached: z.boolean(),
  error: text.optional(),
});

export const DashboardState = z.strictObject({
  configFile: text,
  /** The live config is the shipped default: read-only, so Save is refused. */
  readOnly: z.boolean(),
  rules: z.array(RuleRow),
  providers: z.array(ProviderRow),
  spend: SpendView.optional(),
  decisions: z.array(DecisionRow).max(MAX_RECENT),
  /** What the what-if editor offers: every provider, and every provider:model the config names. */
  targets: z.array(label),
  now: z.number(),
  /** Why there is nothing to show (no config loaded). */
  problem: text.optional(),
});

const Routed = z.strictObject({ target: label.optional(), rule: label, costUsd: usd });

export const WhatIfRow = z.strictObject({
  id: count,
  at: z.number().optional(),
  action: label.optional(),
  taskType: label,
  complexity: label,
  actual: z.strictObject({ target: label.optional(), costUsd: usd, cached: z.boolean() }),
  /** Re-routed with the live rules, then with the edited chain, from the same recorded usage. */
  before: Routed,
  after: Routed,
  changed: z.boolean(),
});

export const WhatIfResult = z.strictObject({
  rule: count,
  chain: z.array(ChainItem),
  rows: z.array(WhatIfRow),
  totals: z.strictObject({ actual: usd, before: usd, after: usd }),
  /** How many of the asked-for decisions exist (fill-in-the-middle ones are left out). */
  considered: count,
});

export const ToView = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state'), state: DashboardState }),
  z.strictObject({ type: z.literal('whatIf'), result: WhatIfResult }),
  z.strictObject({ type: z.literal('whatIfError'), rule: count, message: text }),
  z.strictObject({ type: z.literal('saved'), ok: z.boolean(), message: text }),
  z.strictObject({ type: z.literal('checking'), busy: z.boolean() }),
]);

const ruleIndex = z.number().int().min(0).max(10_000);
const chain = z.array(name.min(1)).min(1).max(MAX_CHAIN);

export const FromView = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('openRule'), index: ruleIndex }),
  z.strictObject({ type: z.literal('openProvider'), name }),
  z.strictObject({ type: z.literal('checkProviders') }),
  z.strictObject({ type: z.literal('pullModel'), provider: name, model: name }),
  z.strictObject({ type: z.literal('openPanel') }),
  z.strictObject({ type: z.literal('whatIf'), rule: ruleIndex, chain, last: z.number().int().min(1).max(MAX_RECENT) }),
  z.strictObject({ type: z.literal('save'), rule: ruleIndex, chain }),
]);

export type RuleRow = z.infer<typeof RuleRow>;
export type ProviderRow = z.infer<typeof ProviderRow>;
export type SpendView = z.infer<typeof SpendView>;
export type DecisionRow = z.infer<typeof DecisionRow>;
export type DashboardState = z.infer<typeof DashboardState>;
export type WhatIfRow = z.infer<typeof WhatIfRow>;
export type WhatIfResult = z.infer<typeof WhatIfResult>;
export type ToView = z.infer<typeof ToView>;
export type FromView = z.infer<typeof FromView>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parse<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') };
}

/** A message from the webview, or why it is not one the host accepts. */
export const parseFromView = (value: unknown): Parsed<FromView> => parse(FromView, value);

/** A message from the extension, or why it is not one the webview renders. */
export const parseToView = (value: unknown): Parsed<ToView> => parse(ToView, value);

/** Validates before posting: a message the view could not read is a bug here, not there. */
export function checkToView(message: ToView): ToView {
  return ToView.parse(message);
}
