// How the secrets a config holds are kept out of what is shown: its API keys, and keys inside a base_url
// (userinfo `https://user:KEY@host`, a query value `?key=KEY`, a path `/v1/KEY/`). The privacy layer's log
// redactor and the dashboard's scrubber build on these.

export const KEY_PLACEHOLDER = '[REDACTED:api_key]';
/** Shorter values are not redacted as keys: replacing "k" everywhere would destroy the log, not protect it. */
export const MIN_KEY_LENGTH = 8;
export const URL_MASK = '***';

/** Replaces every occurrence of each key (and its URL-encoded form) with KEY_PLACEHOLDER. */
export function redactKeys(text: string, keys: readonly (string | undefined)[]): string {
  return replaceKeys(text, expandKeys(keys));
}

/** Replaces keys already expanded by expandKeys. */
export function replaceKeys(text: string, expanded: readonly string[]): string {
  let out = text;
  for (const k of expanded) if (out.includes(k)) out = out.split(k).join(KEY_PLACEHOLDER);
  return out;
}

/** The keys worth replacing and their URL-encoded forms, longest first (a key that contains another goes whole). */
export function expandKeys(keys: readonly (string | undefined)[]): string[] {
  const all = new Set<string>();
  for (const k of keys) {
    if (!k || k.length < MIN_KEY_LENGTH) continue;
    all.add(k);
    all.add(encodeURIComponent(k));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Userinfo and every query value masked, and the given keys replaced wherever they appear. */
export function redactUrl(url: string, keys: readonly (string | undefined)[] = []): string {
  const out = url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, `$1${URL_MASK}@`)
    .replace(/([?&][^=&#\s]*=)[^&#\s]*/g, (_m, name: string) => `${name}${URL_MASK}`);
  return redactKeys(out, keys);
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Every URL inside a text (an error message, a log line) redacted as redactUrl does. */
export function redactUrlsIn(text: string, keys: readonly (string | undefined)[] = []): string {
  return redactKeys(
    text.replace(URL_IN_TEXT, (u) => redactUrl(u)),
    keys,
  );
}
