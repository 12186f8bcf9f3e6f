// Key hygiene for every logging path: the loaded API keys, and anything shaped like a secret.
import type { ProviderInfo } from '../config/model';
import { redactFindings } from './policy';
import { scanSecrets } from './scan';
import { expandKeys, MIN_KEY_LENGTH, redactUrlsIn, replaceKeys } from '../config/secrets';

export { KEY_PLACEHOLDER, MIN_KEY_LENGTH, redactKeys } from '../config/secrets';

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
    keys = expandKeys(raw);
  };
  const redact = (text: string) => {
    const keyless = redactUrlsIn(keys.length ? replaceKeys(text, keys) : text);
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
