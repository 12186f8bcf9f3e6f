// Normalizes the providers section: type and base_url inference, keys, locality, model resolution.
import known from '../../../config/known_providers.json';
import { COMPLEXITIES, PROVIDER_TYPES, TASK_TYPES, TIERS, type Complexity, type ProviderType, type TaskType, type Tier } from '../types';
import { interpolate, type EnvLookup } from './interpolate';
import type { ProviderInfo } from './model';
import type { PositionIndex } from './positions';
import type { ProviderConfig, RawConfig } from './schema';

interface KnownProvider {
  type: ProviderType;
  base_url: string;
  local?: boolean;
}
const KNOWN: Record<string, KnownProvider> = known.providers as Record<string, KnownProvider>;

export interface ProblemSink {
  error(path: (string | number)[], message: string, key?: string): void;
  warn(message: string): void;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

export function buildProviders(raw: RawConfig, env: EnvLookup, pos: PositionIndex, sink: ProblemSink): Map<string, ProviderInfo> {
  const out = new Map<string, ProviderInfo>();
  for (const tier of TIERS) {
    const entries = raw.providers[tier] ?? {};
    for (const [name, cfg] of Object.entries(entries)) {
      const path = ['providers', tier, name];
      if (out.has(name)) {
        sink.error(path, `provider "${name}" is defined twice (also under ${out.get(name)!.tier})`, name);
        continue;
      }
      const info = buildProvider(name, tier, cfg, env, pos.lineOf(path), sink, path);
      if (info) out.set(name, info);
    }
  }
  return out;
}

function buildProvider(
  name: string,
  tier: Tier,
  cfg: ProviderConfig,
  env: EnvLookup,
  line: number,
  sink: ProblemSink,
  path: string[],
): ProviderInfo | undefined {
  const knownEntry = KNOWN[name];
  const type = cfg.type ?? knownEntry?.type;
  if (!type) {
    sink.error(path, `provider "${name}" needs a \`type\` (one of ${PROVIDER_TYPES.join(', ')})`, name);
    return undefined;
  }
  const disabledReasons: string[] = [];
  const text = (field: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const r = interpolate(value, env);
    for (const v of r.missing) disabledReasons.push(`no key: ${v} is not set`);
    if (r.missing.length && field !== 'api_key') sink.warn(`${name}.${field}: ${r.missing.join(', ')} not set`);
    return r.value;
  };
  const baseUrl = text('base_url', cfg.base_url) ?? (knownEntry?.type === type ? knownEntry.base_url : undefined);
  if (!baseUrl) {
    sink.error(path, `provider "${name}" needs a \`base_url\``, name);
    return undefined;
  }
  try {
    new URL(baseUrl);
  } catch {
    sink.error([...path, 'base_url'], `base_url "${baseUrl}" is not a URL`);
    return undefined;
  }
  const local = cfg.local ?? (tier === 'local' || isLoopbackUrl(baseUrl));
  const keyVars = cfg.api_key ? interpolate(cfg.api_key, () => 'x').referenced : [];
  const apiKey = text('api_key', cfg.api_key);
  if (cfg.api_key === undefined && !local) disabledReasons.push('no key: set api_key in the config');
  if (cfg.enabled === false) disabledReasons.unshift('disabled in config');

  const modelMap: Record<string, string> = {};
  let models: string[] = [];
  if (Array.isArray(cfg.models)) models = [...cfg.models];
  else if (cfg.models) {
    Object.assign(modelMap, cfg.models);
    models = [...new Set(Object.values(cfg.models))];
  }
  if (cfg.default_model && !models.includes(cfg.default_model)) models.unshift(cfg.default_model);

  const info: ProviderInfo = {
    name,
    tier,
    type,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    local,
    defaultModel: cfg.default_model,
    modelMap,
    models,
    rateLimit: cfg.rate_limit,
    promptCaching: cfg.prompt_caching ?? false,
    fim: cfg.fim ?? false,
    retries: cfg.retries,
    timeouts: { ...cfg.timeouts },
    disabled: disabledReasons.length ? disabledReasons.join('; ') : undefined,
    keyVars,
    line,
  };
  Object.defineProperty(info, 'apiKey', { value: apiKey || undefined, enumerable: false });
  if (info.disabled) sink.warn(`provider ${name} is off: ${info.disabled}`);
  return info;
}

/**
 * A target without a model resolves, in order, to the models-map entry for the task type, then for the
 * complexity, then "default", then default_model, then the first model the provider lists.
 */
export function resolveModelUncached(p: ProviderInfo, task: TaskType, complexity: Complexity): string | undefined {
  return p.modelMap[task] ?? p.modelMap[complexity] ?? p.modelMap.default ?? p.defaultModel ?? p.models[0];
}

/** Precomputes every (task, complexity) resolution so deciding is a table lookup. */
export function modelResolver(providers: ReadonlyMap<string, ProviderInfo>) {
  const table = new Map<ProviderInfo, Map<string, string | undefined>>();
  for (const p of providers.values()) {
    const byKey = new Map<string, string | undefined>();
    for (const t of TASK_TYPES) for (const c of COMPLEXITIES) byKey.set(t + '|' + c, resolveModelUncached(p, t, c));
    table.set(p, byKey);
  }
  return (p: ProviderInfo, task: TaskType, complexity: Complexity) =>
    table.get(p)?.get(task + '|' + complexity) ?? resolveModelUncached(p, task, complexity);
}
