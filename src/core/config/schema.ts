// The one schema of llm_routing.yaml: TS types, validation and the generated JSON Schema all come from here.
import { z } from 'zod';
import { DEFAULT_QUALITY, QUALITY_MAX, QUALITY_MIN } from './quality';
import { ACTIONS, COMPLEXITIES, PROVIDER_TYPES, TASK_TYPES } from '../types';

const target = z.string({ error: 'expected a target: "provider" or "provider:model"' });
const targets = z.array(target, { error: 'expected a list of targets' });
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]);

export const ROUTING_RULE_KEYS = ['simple', 'medium', 'complex', 'all', 'short', 'long', 'casual', 'technical'] as const;
export const BUDGET_STATES = ['ok', 'warning', 'exhausted'] as const;

const Timeouts = z.strictObject({
  connect_ms: z.int().positive().optional().describe('Time to get response headers.'),
  first_token_ms: z.int().positive().optional().describe('Time from headers to the first token.'),
  idle_ms: z.int().positive().optional().describe('Longest silence between two chunks.'),
});

export const ProviderSchema = z
  .strictObject({
    type: z.enum(PROVIDER_TYPES).optional().describe('API dialect; inferred for well-known provider names.'),
    base_url: z.string().optional().describe("The base URL the provider's official SDK takes."),
    api_key: z.string().optional().describe('Usually "${ENV_VAR}". In VS Code, SecretStorage is tried first.'),
    default_model: z.string().optional(),
    models: z
      .union([z.array(z.string()), z.record(z.string(), z.string())], {
        error: 'expected a list of model names, or a map from task type / complexity / "default" to a model',
      })
      .optional(),
    rate_limit: z.number().positive().optional().describe('Requests per minute.'),
    local: z.boolean().optional().describe('Treat as local (free, private) even if base_url is not loopback.'),
    enabled: z.boolean().optional(),
    prompt_caching: z.boolean().optional().describe('Anthropic: put cache_control on large stable prefixes.'),
    retries: z.int().min(0).max(10).optional(),
    timeouts: Timeouts.optional(),
    fim: z.boolean().optional().describe('Serves fill-in-the-middle completions (inline generation).'),
    server: z
      .enum(['llama.cpp'])
      .optional()
      .describe('The server behind an OpenAI-compatible base_url, where it matters: llama.cpp gets fill-in-the-middle through /infill.'),
    fim_template: z
      .union([z.string(), z.record(z.string(), z.string())], { error: 'expected a template name, or a map from model (or "default") to one' })
      .optional()
      .describe(
        'How fill-in-the-middle reaches this OpenAI-compatible server: a family (deepseek-coder, qwen2.5-coder, starcoder2, codellama), "suffix" (the server honours /v1/completions suffix), or a prompt with {prefix} and {suffix}. Per model, "default" for the rest. Default: chosen by model id.',
      ),
    context_window: z
      .union([z.int().positive(), z.record(z.string(), z.int().positive())], {
        error: 'expected a number of tokens, or a map from model (or "default") to a number of tokens',
      })
      .optional()
      .describe('Context window in tokens, for every model or per model ("default" for the rest). Wins over the provider\'s metadata and prices.json.'),
  })
  .describe('One provider.');

const Tier = z.record(z.string(), ProviderSchema);

export const WhenSchema = z.strictObject({
  task: oneOrMany(z.enum(TASK_TYPES)).optional(),
  complexity: oneOrMany(z.enum(COMPLEXITIES)).optional(),
  action: oneOrMany(z.enum(ACTIONS)).optional(),
  min_tokens: z.int().min(0).optional().describe('Context tokens at least this many.'),
  max_tokens: z.int().min(0).optional().describe('Context tokens at most this many.'),
  require_fast: z.boolean().optional(),
  require_cheap: z.boolean().optional(),
  local_only: z.boolean().optional(),
  budget: oneOrMany(z.enum(BUDGET_STATES)).optional(),
});

export const RuleSchema = z.strictObject({
  id: z.string().optional(),
  when: WhenSchema.optional().describe('All conditions must hold. Omit for a catch-all.'),
  use: targets.min(1, { error: 'a rule needs at least one target in `use`' }),
  reason: z.string().describe('Shown to the user with every decision this rule makes.'),
  fallback: z.boolean().optional().describe('Append fallback_chain after `use` (default true).'),
  verify: z.boolean().optional().describe('Check a local answer before accepting it; escalate on failure.'),
});

const PriceSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cache_read: z.number().min(0).optional(),
  cache_write: z.number().min(0).optional(),
  context_window: z.int().positive().optional(),
});

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    models_checked: z.iso
      .date({ error: 'expected a date, YYYY-MM-DD' })
      .optional()
      .describe("The date the cloud model ids were last checked against the providers' published model lists."),
    providers: z.strictObject({
      local: Tier.optional(),
      fast_cloud: Tier.optional(),
      premium: Tier.optional(),
    }),
    rules: z.array(RuleSchema).optional().describe('Ordered: the first rule whose `when` matches wins.'),
    routing_rules: z
      .partialRecord(z.enum(TASK_TYPES), z.partialRecord(z.enum(ROUTING_RULE_KEYS), targets))
      .optional()
      .describe('The seed format: task -> complexity -> targets. Applied after `rules`.'),
    cost_limits: z
      .strictObject({
        daily_budget: z.number().min(0).default(10),
        warning_threshold: z.number().min(0).max(1).default(0.8),
        per_request: z.number().min(0).optional(),
        provider_limits: z
          .record(z.string(), z.strictObject({ daily: z.number().min(0).optional(), per_request: z.number().min(0).optional() }))
          .optional(),
      })
      .prefault({}),
    fallback_chain: targets.optional().describe('Appended, without duplicates, after every rule chain.'),
    routing: z
      .strictObject({
        quality: z
          .int()
          .min(QUALITY_MIN)
          .max(QUALITY_MAX)
          .default(DEFAULT_QUALITY)
          .describe('Cost-quality dial, 0..10: higher sends more borderline requests up a complexity level (and a tier).'),
        ask_local_model: z
          .boolean()
          .default(true)
          .describe('When the classifier is unsure of a chat prompt, ask the local model the rules pick for classification (at most 1.5 s; skipped when it is not up).'),
      })
      .prefault({}),
    router: z
      .strictObject({
        retries: z.int().min(0).max(10).default(1),
        backoff_base_ms: z.int().min(0).default(250),
        backoff_max_ms: z.int().min(0).default(8000),
        max_retry_after_ms: z.int().min(0).default(60000),
        max_tokens: z.int().positive().default(1024).describe('Default output cap, also used for worst-case estimates.'),
        timeouts: Timeouts.prefault({}),
        cooldown: z
          .strictObject({
            failures: z.int().positive().default(3),
            window_s: z.number().positive().default(60),
            duration_s: z.number().positive().default(60),
          })
          .prefault({}),
        rate_limit_mode: z.enum(['wait', 'skip']).default('skip'),
      })
      .prefault({}),
    privacy: z
      .strictObject({
        local_only: z.boolean().default(false),
        local_only_paths: z
          .array(z.string())
          .default(['**/.env*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/secrets.*', '**/credentials*']),
        secrets: z.enum(['route_local', 'redact', 'block']).default('route_local'),
      })
      .prefault({}),
    cache: z
      .strictObject({
        enabled: z.boolean().default(true),
        ttl_s: z.number().positive().default(3600),
        max_mb: z.number().positive().default(50),
        persist: z.boolean().default(false),
        max_temperature: z.number().min(0).default(0).describe('Cache answers made at or below this temperature.'),
      })
      .prefault({}),
    inline: z
      .strictObject({
        enabled: z.boolean().default(true),
        debounce_ms: z.int().min(0).default(250),
        allow_paid: z.boolean().default(false),
        use: targets.optional().describe('Targets for fill-in-the-middle; default: the simple code_generation chain.'),
      })
      .prefault({}),
    prices: z
      .record(z.string(), PriceSchema)
      .optional()
      .describe('Override or add prices (USD per million tokens), keyed by model or provider:model.'),
  })
  .describe('LLM Router routing configuration (llm_routing.yaml).');

export type ProviderConfig = z.infer<typeof ProviderSchema>;
export type RuleConfig = z.infer<typeof RuleSchema>;
export type WhenConfig = z.infer<typeof WhenSchema>;
export type RawConfig = z.infer<typeof ConfigSchema>;
export type PriceConfig = z.infer<typeof PriceSchema>;

/** The JSON Schema that YAML editors use; committed as config/llm_routing.schema.json. */
export function configJsonSchema(): object {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
}
