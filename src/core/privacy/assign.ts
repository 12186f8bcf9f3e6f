// High-entropy assignments: `name = value` where the name says secret and the value looks random.
// Covers env files, YAML, JSON, TOML/INI, code literals, CLI flags and Authorization headers.
import { charClasses, isPlaceholder, looksLikeCode, randomSegment, shannonEntropy } from './entropy';
import type { Detector, Span } from './tokens';

const HINT = /key|secret|token|passw|pwd|pass\b|credential|auth/gi;
/** [A-Za-z0-9_.$-] by char code: this runs on every keyword hit. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 45;
}
/** After the name: optional closing quote/bracket, an operator; or XML's `key="name" value="…"`. */
const OPERATOR = /(?:["']\s+value\s*(=)|["'`]?\]?[ \t]*(===?|:=|=>|=|:))[ \t]*/y;
const QUOTED = /(["'`])((?:\\.|(?!\1)[^\\\r\n]){0,1024})\1/y;
const BARE = /[^\s'"`,;&)}\]{[<>][^\s'"`,;&)}\][<>]{0,1023}/y;
/** ${VAR}, ${VAR:-default}, {{ var }}, $VAR: the value lives elsewhere. */
const REFERENCE = /\$\{[^}\n]*\}|\{\{[^}\n]*\}\}|\$[A-Za-z_]\w*/y;
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|bearer)[ \t]+/;

const EXACT = new Set([
  'key', 'apikey', 'secret', 'secrets', 'token', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'credential',
  'credentials', 'auth', 'authorization', 'bearer',
]);
const COMPOUND = /(?:secret|token|password|passwd|pwd|passphrase|credentials?)$|^(?:api|access|secret|private|signing|encryption|master|client|auth|app|license|session|webhook|service|admin|account|consumer|subscription|sas|shared|storage)key$/;
/** Names that describe a secret without holding one (a length, a URL, a label, a flag…). */
const DENY_LAST = new Set(
  ('id ids name names type types url uri urls endpoint host path file filename dir length len size min max count ' +
    'field label prompt placeholder hint regex pattern policy header env var ttl expiry expires expiration timeout ' +
    'format mode message msg error errors enabled required reset hash hashed digest checksum fingerprint sha version ' +
    'index idx column prefix suffix location ref arn provider source store manager handler service class schema strategy ' +
    'method kind text title description desc help valid validator validation visible visibility strength expired ' +
    'rotation created updated issued exists at limit bytes bits alg algorithm usage scope scopes audience issuer ' +
    'param params option options config settings input button icon lifetime duration age uses').split(' '),
);
const DENY_FIRST = new Set(['no', 'is', 'has', 'show', 'get', 'set', 'use', 'with', 'max', 'min', 'num', 'should', 'can', 'needs', 'require', 'requires', 'allow', 'hide', 'toggle', 'on', 'handle', 'validate', 'check', 'verify', 'generate', 'create', 'refresh', 'fetch', 'load', 'read', 'parse', 'encode', 'decode']);

/** `key` alone (a cache key, a map key…) gets the strictest value test. */
export type NameClass = 'password' | 'secret' | 'key' | undefined;

/** Whether an identifier names a secret, and which thresholds its value gets. */
export function classifyName(name: string): NameClass {
  const words = name
    .replace(/^[-$]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!words.length || DENY_LAST.has(words[words.length - 1]) || DENY_FIRST.has(words[0])) return undefined;
  let hit: NameClass;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!EXACT.has(w) && !COMPOUND.test(w)) continue;
    if (/pass|pwd/.test(w)) return 'password';
    hit = w === 'key' && !/^(?:api|access|secret|private|signing|encryption|master|client|auth|app|license|session|webhook|account|deploy|ssh)$/.test(words[i - 1] ?? '') && hit !== 'secret' ? 'key' : 'secret';
  }
  return hit;
}

/** Whether `value` (unquoted already) is random enough to be a live secret for a name of class `cls`. */
export function secretValue(value: string, cls: Exclude<NameClass, undefined>, quoted: boolean | 'env'): boolean {
  // Secrets are printable ASCII without spaces; prose, URLs and placeholders are not secrets.
  if (/[^\x21-\x7e]/.test(value) || value.includes('://') || isPlaceholder(value)) return false;
  // In an env file (NAME=value at the start of a line) a bare word is data; elsewhere it may be code.
  if (quoted === false ? looksLikeCode(value) : quoted === 'env' && /[()]/.test(value)) return false;
  const h = shannonEntropy(value);
  if (/^(?:\.{1,2}|~)?\/[\w.-]+\/[\w./-]*$/.test(value) && !value.split('/').some(randomSegment)) return false; // a file path
  const classes = charClasses(value);
  // A password made only of words (`tls-pass`) is a name or a reference far more often than a password.
  if (cls === 'password') return value.length >= 8 && classes >= 2 && h >= 2.2 && !/^[A-Z]?[a-z]+(?:[-_.][A-Z]?[a-z]+)+$/.test(value);
  if (composed(value)) return false;
  if (cls === 'key' && (value.length < 20 || h < 3.5)) return false;
  if (value.length < 16 || h < 3) return false;
  // Without digits, only clearly random letters count (not camelCase words).
  return /\d/.test(value) ? classes >= 2 : classes >= 3 || (value.length >= 24 && h >= 4.2 && classes >= 2);
}

/**
 * Built from words, not drawn at random: `authorization_code`, `build-2026-11-25`, `node-modules-<hash>`.
 * Only the first segment may be a word in a random value (a vendor prefix such as `whsec_`), unless
 * several segments are themselves random.
 */
function composed(value: string): boolean {
  const segs = value.split(/[-_./:]+/).filter(Boolean);
  if (segs.length < 2) return false;
  const word = (s: string) => /^(?:[a-z]{2,12}|[A-Z][a-z]{1,11}|[A-Z]{2,8}|\d{1,8})$/.test(s);
  const rest = segs.slice(1);
  const isWord = (s: string, n: number) =>
    s.length >= n && /^[A-Z]?[a-z]+$/.test(s) && (s.match(/[aeiouy]/gi)?.length ?? 0) >= s.length / 4 && !/[^aeiouy]{4}/i.test(s);
  const long = rest.filter((s) => isWord(s, 6)).length;
  const short = rest.filter((s) => isWord(s, 4)).length;
  const random = segs.filter((s) => s.length >= 8 && charClasses(s) >= 2 && !/^[A-Z]?[a-z]+$/.test(s)).length;
  return segs.every(word) || (segs.length >= 3 && random <= 1 && (long >= 1 || short >= 2));
}

/** `name = value` pairs whose name classifies as secret and whose value is random-looking. */
export const assignmentDetector: Detector = {
  kind: 'secret_assignment',
  emits: ['secret_assignment', 'aws_secret_access_key', 'connection_string'],
  keywords: ['key', 'secret', 'token', 'pass', 'pwd', 'credential', 'auth'],
  find(text, out) {
    HINT.lastIndex = 0;
    for (let m = HINT.exec(text); m; m = HINT.exec(text)) {
      let a = m.index;
      let b = m.index + m[0].length;
      while (a > 0 && b - a < 128 && isNameChar(text.charCodeAt(a - 1))) a--;
      while (b < text.length && b - a < 128 && isNameChar(text.charCodeAt(b))) b++;
      HINT.lastIndex = b;
      const name = text.slice(a, b).replace(/[.-]+$/, '');
      if (text[a - 1] === '{' && text[a - 2] === '$') continue; // ${NAME:-default}: a reference
      const cls = classifyName(name);
      if (!cls || (cls === 'key' && /[A-Za-z0-9][ \t]+$/.test(text.slice(Math.max(0, a - 32), a)))) continue; // "cache key: …" is prose
      const span = valueAfter(text, a + name.length, name, cls);
      if (span) out.push(/[?&]/.test(text[a - 1] ?? '') && lineHasUrl(text, a) ? { ...span, kind: 'connection_string' } : span);
    }
  },
};

function valueAfter(text: string, at: number, name: string, cls: Exclude<NameClass, undefined>): Span | undefined {
  OPERATOR.lastIndex = at;
  const op = OPERATOR.exec(text);
  if (!op) return undefined;
  let pos = OPERATOR.lastIndex;
  for (let hop = 0; hop < 2; hop++) {
    QUOTED.lastIndex = pos;
    const q = QUOTED.exec(text);
    if (q) {
      let start = pos + 1;
      let value = q[2];
      const scheme = AUTH_SCHEME.exec(value);
      if (scheme) {
        start += scheme[0].length;
        value = value.slice(scheme[0].length);
      }
      return secretValue(value, cls, true) ? spanOf(name, value, start) : undefined;
    }
    REFERENCE.lastIndex = pos;
    if (REFERENCE.test(text)) return undefined;
    BARE.lastIndex = pos;
    const bare = BARE.exec(text);
    if (!bare) return undefined;
    let value = bare[0];
    let start = pos;
    if (/^(?:Bearer|Basic|Token)$/i.test(value)) {
      const next = /[ \t]+([^\s'"`,;&#]{1,1024})/y;
      next.lastIndex = BARE.lastIndex;
      const n = next.exec(text);
      if (!n) return undefined;
      start = next.lastIndex - n[1].length;
      value = n[1];
    } else if (/^[A-Za-z_][\w.[\]|]*$/.test(value)) {
      // A type annotation (`api_key: str = "…"`): the value follows the `=`.
      const eq = /[ \t]*=(?!=)[ \t]*/y;
      eq.lastIndex = BARE.lastIndex;
      if (op[2] === ':' && eq.exec(text)) {
        pos = eq.lastIndex;
        continue;
      }
    }
    if (value.startsWith('#') && /[ \t]/.test(text[start - 1])) return undefined; // a comment
    if (op[2]?.startsWith('==') || value === name.slice(name.lastIndexOf('.') + 1)) return undefined; // a comparison, `x.foo = foo`
    const env =
      op[0] === '=' && /^[A-Z][A-Z0-9_]*$/.test(name) && /^[ \t]*(?:export[ \t]+|ENV[ \t]+)?$/.test(text.slice(text.lastIndexOf('\n', at) + 1, at - name.length));
    return secretValue(value, cls, env ? 'env' : false) ? spanOf(name, value, start) : undefined;
  }
  return undefined;
}

/** `?password=…` in a JDBC or other URL: the password of a connection string. */
function lineHasUrl(text: string, at: number): boolean {
  const from = text.lastIndexOf('\n', at) + 1;
  return text.slice(from, at).includes('://');
}

function spanOf(name: string, value: string, start: number): Span {
  const aws = /aws|secret.?(?:access.?)?key/i.test(name) && /^[A-Za-z0-9/+]{40}$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value);
  return { kind: aws ? 'aws_secret_access_key' : 'secret_assignment', start, end: start + value.length };
}
