// Key hygiene for every logging path: the loaded API keys, and anything shaped like a secret.
import type { ProviderInfo } from '../config/model';
import { redactFindings } from './policy';
import { scanSecrets } from './scan';
import { redactUrlsIn } from './url';

export const KEY_PLACEHOLDER = '[REDACTED:api_key]';
/** Shorter values are not redacted as keys: replacing "k" everywhere would destroy the log, not protect it. */
export const MIN_KEY_LENGTH = 8;

/** Replaces every occurrence of each key (and its URL-encoded form) with KEY_PLACEHOLDER. */
export function redactKeys(text: string, keys: readonly (string | undefined)[]): string {
  return replaceAll(text, expand(keys));
}

function replaceAll(text: string, expanded: readonly string[]): string {
  let out = text;
  for (const k of expanded) if (out.includes(k)) out = out.split(k).join(KEY_PLACEHOLDER);
  return out;
}

/** Longest first, so a key that contains another is replaced whole. */
function expand(keys: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const k of keys) {
    if (!k || k.length < MIN_KEY_LENGTH) continue;
    all.add(k);
    all.add(encodeURIComponent(k));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

type KeyHolder = Pick<ProviderInfo, 'apiKey' | 'urlSecrets'>;
type KeySource = Iterable<KeyHolder> | { providers: ReadonlyMap<string, KeyHolder> };

/** What a provider holds that must never be shown: its API key and any key put into its base_url. */
export function secretsOf(p: KeyHolder): string[] {
  return [p.apiKey, ...(p.urlSecrets ?? [])].filter((k): k is string => !!k);
}

export interface Redactor {
  /** Loaded keys, then every secret the scanner recognizes. */
  redact(text: string): string;
  /** A copy of `value` with every string in it redacted (for structured log events). */
  redactDeep<T>(value: T): T;
  /** Replaces the known keys (config reload, SecretStorage change). */
  setKeys(source: KeySource): void;
  addKeys(keys: readonly (string | undefined)[]): void;
  readonly keyCount: number;
}

function keysOf(source: KeySource): string[] {
  const providers = 'providers' in source ? source.providers.values() : source;
  return [...providers].flatMap(secretsOf);
}

export function createRedactor(source?: KeySource): Redactor {
  let raw: string[] = [];
  let keys: string[] = [];
  const use = (next: string[]) => {
    raw = [...new Set(next.filter((k) => k.length >= MIN_KEY_LENGTH))];
    keys = expand(raw);
  };
  const redact = (text: string) => {
    const keyless = redactUrlsIn(keys.length ? replaceAll(text, keys) : text);
    const findings = scanSecrets(keyless);
    return findings.length ? redactFindings(keyless, findings) : keyless;
  };
  const deep = (value: unknown, seen: WeakMap<object, unknown>): unknown => {
    if (typeof value === 'string') return redact(value);
    if (value instanceof Error) return { name: value.name, message: redact(value.message) };
    if (!value || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const v of value) copy.push(deep(v, seen));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [k, v] of Object.entries(value)) copy[k] = deep(v, seen);
    return copy;
  };
  const r: Redactor = {
    redact,
    redactDeep: <T>(value: T) => deep(value, new WeakMap()) as T,
    setKeys(src) {
      use(keysOf(src));
    },
    addKeys(more) {
      use([...raw, ...more.filter((k): k is string => !!k)]);
    },
    get keyCount() {
      return raw.length;
    },
  };
  if (source) r.setKeys(source);
  return r;
}
