// The rules and providers as plain data: what `llm-router rules` prints and the dashboard shows.
import type { LoadedConfig } from './config/model';
import type { WhenConfig } from './config/schema';
import { formatTarget } from './config/targets';

export interface RuleView {
  index: number;
  id: string;
  line: number;
  source: 'rules' | 'routing_rules' | 'default';
  when: string;
  chain: { target: string; fromFallback: boolean; disabled?: string }[];
  reason: string;
  verify: boolean;
}

export interface ProviderView {
  name: string;
  tier: string;
  type: string;
  baseUrl: string;
  local: boolean;
  models: readonly string[];
  rateLimit?: number;
  disabled?: string;
  line: number;
}

export function whenText(when: WhenConfig): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(when)) {
    if (v === undefined) continue;
    if (k === 'min_tokens') parts.push(`tokens ≥ ${v}`);
    else if (k === 'max_tokens') parts.push(`tokens ≤ ${v}`);
    else if (typeof v === 'boolean') parts.push(v ? k : `not ${k}`);
    else parts.push(`${k}=${Array.isArray(v) ? v.join('|') : v}`);
  }
  return parts.length ? parts.join(', ') : 'always';
}

export function describeRules(cfg: LoadedConfig): RuleView[] {
  return cfg.rules.map((r) => ({
    index: r.index,
    id: r.id,
    line: r.line,
    source: r.source,
    when: whenText(r.when),
    chain: r.targets.map((t) => {
      const disabled = cfg.providers.get(t.provider)?.disabled;
      return { target: formatTarget(t), fromFallback: t.fromFallback, ...(disabled ? { disabled } : {}) };
    }),
    reason: r.reason,
    verify: r.verify,
  }));
}

export function describeProviders(cfg: LoadedConfig): ProviderView[] {
  return [...cfg.providers.values()].map((p) => ({
    name: p.name,
    tier: p.tier,
    type: p.type,
    baseUrl: p.url,
    local: p.local,
    models: p.models,
    rateLimit: p.rateLimit,
    ...(p.disabled ? { disabled: p.disabled } : {}),
    line: p.line,
  }));
}
