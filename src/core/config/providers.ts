// Normalizes the providers section: type and base_url inference, keys, locality, model resolution.
import known from '../../../config/known_providers.json';
import { COMPLEXITIES, PROVIDER_TYPES, TASK_TYPES, TIERS, type Complexity, type ProviderType, type TaskType, type Tier } from '../types';
import { resolveBaseUrl } from './baseUrl';
import { FIM_TEMPLATES, isKnownFimTemplate, NATIVE_SUFFIX } from './fimTemplates';
import { interpolate, type EnvLookup } from './interpolate';
import { hasPrice, isLocal } from './locality';
import { didYouMean } from './suggest';
import type { ProviderInfo } from './model';
import type { PositionIndex } from './positions';
import type { PriceConfig, ProviderConfig, RawConfig } from './schema';

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
      const info = buildProvider(name, tier, cfg, env, pos.lineOf(path), sink, path, raw.prices);
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
  prices: Readonly<Record<string, PriceConfig>> | undefined,
): ProviderInfo | undefined {
  const knownEntry = KNOWN[name];
  const type = cfg.type ?? knownEntry?.type;
  if (!type) {
    sink.error(path, `provider "${name}" needs a \`type\` (one of ${PROVIDER_TYPES.join(', ')})`, name);
    return undefined;
  }
  const disabledReasons: string[] = [];
  const text = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const r = interpolate(value, env);
    for (const v of r.missing) disabledReasons.push(`no key: ${v} is not set`);
    return r.value;
  };
  const template = cfg.base_url ?? (knownEntry?.type === type ? knownEntry.base_url : undefined);
  if (!template) {
    sink.error(path, `provider "${name}" needs a \`base_url\``, name);
    return undefined;
  }
  const url = resolveBaseUrl(template, env);
  if (!url.ok && url.error) {
    sink.error([...path, 'base_url'], url.error);
    return undefined;
  }
  if (!url.ok) disabledReasons.push(url.disabled!);
  const modelNames = Array.isArray(cfg.models) ? cfg.models : Object.values(cfg.models ?? {});
  const local = isLocal(tier, cfg, hasPrice(name, cfg.default_model ? [cfg.default_model, ...modelNames] : modelNames, prices));
  const keyVars = cfg.api_key ? interpolate(cfg.api_key, () => 'x').referenced : [];
  const apiKey = text(cfg.api_key);
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

  const { all: allWindow, byModel: windows } = perModel(cfg.context_window, (v): v is number => typeof v === 'number');
  const { all: allTemplate, byModel: templates } = perModel(cfg.fim_template, (v): v is string => typeof v === 'string');
  for (const [key, t] of Object.entries(typeof cfg.fim_template === 'object' ? cfg.fim_template : cfg.fim_template === undefined ? {} : { '': cfg.fim_template })) {
    if (!isKnownFimTemplate(t)) {
      sink.error(key ? [...path, 'fim_template', key] : [...path, 'fim_template'], `unknown fim_template "${t}": one of ${[NATIVE_SUFFIX, ...Object.keys(FIM_TEMPLATES)].join(', ')}, or a prompt with {prefix} and {suffix}${didYouMean(t, Object.keys(FIM_TEMPLATES))}`);
    }
  }

  const shown: Omit<ProviderInfo, 'baseUrl' | 'apiKey' | 'urlSecrets'> = {
    name,
    tier,
    type,
    url: url.ok ? url.display.replace(/\/+$/, '') : template,
    local,
    defaultModel: cfg.default_model,
    modelMap,
    models,
    rateLimit: cfg.rate_limit,
    ...(allWindow !== undefined ? { contextWindow: allWindow } : {}),
    contextWindows: windows,
    promptCaching: cfg.prompt_caching ?? false,
    fim: cfg.fim ?? false,
    ...(allTemplate !== undefined ? { fimTemplate: allTemplate } : {}),
    fimTemplates: templates,
    ...(cfg.server ? { server: cfg.server } : {}),
    retries: cfg.retries,
    timeouts: { ...cfg.timeouts },
    disabled: disabledReasons.length ? disabledReasons.join('; ') : undefined,
    keyVars,
    line,
  };
  // Never serialized, never shown: the key, and the real URL (it may hold a key).
  const info = shown as ProviderInfo;
  Object.defineProperty(info, 'apiKey', { value: apiKey || undefined, enumerable: false });
  Object.defineProperty(info, 'baseUrl', { value: url.ok ? url.url.replace(/\/+$/, '') : template, enumerable: false });
  Object.defineProperty(info, 'urlSecrets', { value: url.ok ? url.secrets : [], enumerable: false });
  if (info.disabled) sink.warn(`provider ${name} is off: ${info.disabled}`);
  return info;
}

/** A YAML value given for every model (a scalar) or per model (a map whose "default" covers the rest). */
function perModel<T>(value: T | Record<string, T> | undefined, isScalar: (v: unknown) => v is T): { all?: T; byModel: Record<string, T> } {
  if (value === undefined) return { byModel: {} };
  if (isScalar(value)) return { all: value, byModel: {} };
  const { default: all, ...byModel } = value as Record<string, T>;
  return all === undefined ? { byModel } : { all, byModel };
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
