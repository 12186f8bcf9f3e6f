// Shared vocabulary of the core. Pure data: no I/O, no vscode.

export const TASK_TYPES = [
  'reasoning',
  'code_generation',
  'classification',
  'embedding',
  'summarization',
  'chat',
  'testing',
  'docs',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const COMPLEXITIES = ['simple', 'medium', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** What the user did in the editor (or asked the CLI for). */
export const ACTIONS = ['explain', 'refactor', 'tests', 'docs', 'summarize', 'ask', 'chat', 'generate', 'inline'] as const;
export type Action = (typeof ACTIONS)[number];

export const TIERS = ['local', 'fast_cloud', 'premium'] as const;
export type Tier = (typeof TIERS)[number];

/** The one list of provider types: the config schema's `type` enum and the adapter registry (providers/registry.ts) both come from it. */
export const PROVIDER_TYPES = ['ollama', 'anthropic', 'openai', 'groq', 'openai_compatible'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export type BudgetState = 'ok' | 'warning' | 'exhausted';

/** What the router knows about today's money when it decides. */
export interface BudgetSnapshot {
  state: BudgetState;
  /** Providers whose daily limit is already reached. */
  providersAtLimit?: readonly string[];
  /** "spend ledger unavailable: …": spend cannot be recorded, so every paid target is skipped. */
  unavailable?: string;
}

export interface Classification {
  taskType: TaskType;
  complexity: Complexity;
  contextTokens: number;
  /** 0..1: how sure the classifier is. */
  confidence: number;
  /** The fitted model's probability of each complexity level (before the quality dial picks one). */
  probabilities?: Record<Complexity, number>;
  /** One short sentence: why this task type and complexity. */
  reason: string;
  signals: ClassificationSignals;
}

export interface ClassificationSignals {
  tokens: number;
  lines: number;
  nestingDepth: number;
  functionCount: number;
  intentWords: string[];
  [extra: string]: unknown;
}

export interface DecideOptions {
  action?: Action;
  requireFast?: boolean;
  requireCheap?: boolean;
  localOnly?: boolean;
  /** Upper bound on output tokens; used for the worst-case estimate. */
  maxTokens?: number;
  /** Only providers of this tier or above ("Retry with a stronger model"). */
  minTier?: Tier;
  /** Why lower tiers are skipped under `minTier` (default: a stronger model was asked for). */
  minTierWhy?: string;
}

export interface ChainStep {
  provider: string;
  model: string;
  /** Why this step is here: the rule's reason, or "fallback_chain". */
  reason: string;
  /** Present when the step will not be tried, with the reason (no key, local-only, over budget, …). */
  skipped?: string;
}

export interface Decision {
  taskType: TaskType;
  complexity: Complexity;
  contextTokens: number;
  rule: { index: number; id: string; line: number };
  chain: ChainStep[];
  estimatedCostUsd: number;
  /** One line a user understands: what was chosen and why. */
  explanation: string;
  /** Set when no target can hold the request: the context it needs and the largest window left. */
  nothingFits?: string;
}

/**
 * Token counts of one call. inputTokens is the UNCACHED input only; cache reads and writes are counted apart
 * and priced at their own rates. The adapters normalize: Anthropic's input_tokens already exclude the cache;
 * OpenAI's prompt_tokens include cached_tokens, which are subtracted (see spend/cost.ts).
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** True when counted from streamed text because the provider never sent usage. */
  estimated?: boolean;
}

/** No tokens at all: a cache hit, a refused request, a try that never started. */
export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
