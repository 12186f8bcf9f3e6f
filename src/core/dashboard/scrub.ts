// No key ever reaches the webview: every string of an outgoing message is cleaned of the loaded keys
// (a provider's error text can echo the key it was sent).
import type { LoadedConfig } from '../config/model';
import { redactKeys, secretsOf } from '../privacy/redact';

export function loadedKeys(cfg: LoadedConfig | undefined): string[] {
  return cfg ? [...cfg.providers.values()].flatMap(secretsOf) : [];
}

export function scrubKeys<T>(value: T, keys: readonly string[]): T {
  if (!keys.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactKeys(v, keys);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
