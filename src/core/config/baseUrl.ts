// A provider's base_url: ${VAR} put in, an unset one turning only that provider off, and the values that must
// never be shown (a key in the userinfo, the path or the query; the host and port are not secret).
import { redactUrl } from './secrets';
import { interpolate, type EnvLookup } from './interpolate';

export type BaseUrl =
  | { ok: true; url: string; /** Shown everywhere instead of `url`. */ display: string; secrets: string[] }
  | { ok: false; /** Why the provider is off ("base_url needs ${VAR}"), or why the config is wrong. */ disabled?: string; error?: string };

const HOST = /^([a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?)([^/?#]*)/i;

export function resolveBaseUrl(template: string, env: EnvLookup): BaseUrl {
  const m = HOST.exec(template);
  // A template that is one variable (`${GATEWAY_URL}`): its userinfo and query are masked like any URL's.
  const parts = m ? [m[1], m[2], template.slice(m[0].length)] : ['', template, ''];
  const done = parts.map((p) => interpolate(p, env));
  const missing = done.flatMap((d) => d.missing);
  if (missing.length) return { ok: false, disabled: missing.map((v) => `base_url needs \${${v}}`).join('; ') };
  const url = done.map((d) => d.value).join('');
  const secrets = [...done[0].values, ...done[2].values];
  const display = redactUrl(url, secrets);
  try {
    new URL(url);
  } catch {
    return { ok: false, error: `base_url "${display}" is not a URL` };
  }
  return { ok: true, url, display, secrets };
}
