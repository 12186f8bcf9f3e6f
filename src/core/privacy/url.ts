// URLs as they may be shown: a key can sit in a base_url's userinfo (`https://user:KEY@host`), in a query
// value (`?key=KEY`) or anywhere else (`/v1/KEY/`). Every output shows a URL only through these.
import { redactKeys } from './redact';

export const URL_MASK = '***';

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
