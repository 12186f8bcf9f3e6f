// The loaded, validated, normalized config the rest of the core works with.
import type { Complexity, ProviderType, TaskType, Tier } from '../types';
import type { RawConfig, WhenConfig } from './schema';

export interface Target {
  provider: string;
  /** Absent: resolved per request from the provider's models map. */
  model?: string;
}

export interface ProviderInfo {
  name: string;
  tier: Tier;
  type: ProviderType;
  /** Non-enumerable: the URL the SDK is given. It may hold a key, so it is never shown: show `url`. */
  readonly baseUrl: string;
  /** base_url as it may be shown: userinfo and query values masked, keys replaced. */
  url: string;
  /** Private and free: the `local` tier without a price, or `local: true` (see config/locality.ts). */
  local: boolean;
  defaultModel?: string;
  /** task type / complexity / "default" -> model */
  modelMap: Readonly<Record<string, string>>;
  /** Every model the config names for this provider. */
  models: readonly string[];
  rateLimit?: number;
  /** `context_window` from the YAML: for every model of the provider, and per model. */
  contextWindow?: number;
  contextWindows: Readonly<Record<string, number>>;
  promptCaching: boolean;
  fim: boolean;
  /** `fim_template` from the YAML: for every model, and per model. */
  fimTemplate?: string;
  fimTemplates: Readonly<Record<string, string>>;
  /** The server behind an OpenAI-compatible base_url, when the YAML says (llama.cpp has /infill). */
  server?: 'llama.cpp';
  retries?: number;
  timeouts: { connect_ms?: number; first_token_ms?: number; idle_ms?: number };
  /** Why the provider is off (missing key, disabled, …); absent when usable. */
  disabled?: string;
  /** Environment variable(s) named in api_key, for "set X" hints. */
  keyVars: readonly string[];
  /** YAML line of the provider's entry. */
  line: number;
  /** Non-enumerable: never serialized, never logged. */
  readonly apiKey?: string;
  /** Non-enumerable: values put into base_url that must be redacted wherever text is shown. */
  readonly urlSecrets?: readonly string[];
}

export interface CompiledRule {
  index: number;
  id: string;
  line: number;
  reason: string;
  when: WhenConfig;
  /** `use` followed (unless fallback: false) by fallback_chain entries for providers not already used. */
  targets: readonly (Target & { fromFallback: boolean })[];
  /** Whether fallback_chain follows `use` (`fallback: false` turns it off, and the local rescue with it). */
  fallback: boolean;
  verify: boolean;
  /** Where the rule came from. */
  source: 'rules' | 'routing_rules' | 'default';
  matches(ctx: MatchContext): boolean;
}

export interface MatchContext {
  taskType: TaskType;
  complexity: Complexity;
  contextTokens: number;
  action?: string;
  requireFast: boolean;
  requireCheap: boolean;
  localOnly: boolean;
  budget: 'ok' | 'warning' | 'exhausted';
}

/** A model id written in the YAML, where, and whether routing uses it (a `models` list entry only says it exists). */
export interface ModelRef {
  provider: string;
  model: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  routed: boolean;
}

export interface LoadedConfig {
  file: string;
  raw: RawConfig;
  providers: ReadonlyMap<string, ProviderInfo>;
  rules: readonly CompiledRule[];
  fallbackChain: readonly Target[];
  /** Non-fatal notes from loading (disabled providers, unused env vars, …). */
  warnings: readonly string[];
  /** Every model id the YAML names, with its position: checked against what each provider serves. */
  modelRefs?: readonly ModelRef[];
  /** model resolution: provider -> "task|complexity" -> model (undefined when none). */
  resolveModel(provider: ProviderInfo, taskType: TaskType, complexity: Complexity): string | undefined;
}
