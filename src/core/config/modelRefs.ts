// Every model id the YAML names, with its position, so a model the provider does not serve can be marked at its
// own line: default_model, `models` (list or map), and each `provider:model` target in rules, routing_rules,
// inline.use and fallback_chain.
import type { ModelRef, ProviderInfo } from './model';
import type { PositionIndex, YamlPath } from './positions';
import type { RawConfig } from './schema';
import { parseTarget } from './targets';

export function collectModelRefs(raw: RawConfig, pos: PositionIndex, providers: ReadonlyMap<string, ProviderInfo>): ModelRef[] {
  const out: ModelRef[] = [];
  const add = (provider: string, model: string, path: YamlPath, routed: boolean) => {
    const r = pos.rangeOf(path);
    if (r) out.push({ provider, model, line: r.start.line, col: r.start.col, endLine: r.end.line, endCol: r.end.col, routed });
  };
  const target = (text: string, path: YamlPath) => {
    const t = parseTarget(text);
    if (!('error' in t) && t.model && providers.has(t.provider)) add(t.provider, t.model, path, true);
  };
  const targets = (list: readonly string[] | undefined, path: YamlPath) => list?.forEach((t, i) => target(t, [...path, i]));

  for (const [tier, entries] of Object.entries(raw.providers)) {
    for (const [name, cfg] of Object.entries(entries ?? {})) {
      if (!providers.has(name)) continue;
      const at = ['providers', tier, name];
      if (cfg.default_model) add(name, cfg.default_model, [...at, 'default_model'], true);
      if (Array.isArray(cfg.models)) cfg.models.forEach((m, i) => add(name, m, [...at, 'models', i], false));
      else for (const [k, m] of Object.entries(cfg.models ?? {})) add(name, m, [...at, 'models', k], true);
    }
  }
  raw.rules?.forEach((r, i) => targets(r.use, ['rules', i, 'use']));
  for (const [task, byKey] of Object.entries(raw.routing_rules ?? {})) for (const [key, list] of Object.entries(byKey ?? {})) targets(list, ['routing_rules', task, key]);
  targets(raw.inline.use, ['inline', 'use']);
  targets(raw.fallback_chain, ['fallback_chain']);
  return out;
}
