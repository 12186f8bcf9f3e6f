// Value heuristics shared by the detectors: Shannon entropy, character classes, placeholders.

/** Bits per character of `s`'s own character distribution. */
export function shannonEntropy(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of lower, upper, digit, symbol occur in `s`. */
export function charClasses(s: string): number {
  return (/[a-z]/.test(s) ? 1 : 0) + (/[A-Z]/.test(s) ? 1 : 0) + (/[0-9]/.test(s) ? 1 : 0) + (/[^A-Za-z0-9]/.test(s) ? 1 : 0);
}

const PLACEHOLDER_WORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'key', 'changeme', 'change_me', 'changeit',
  'test', 'testing', 'admin', 'root', 'user', 'username', 'guest', 'default', 'none', 'null', 'nil', 'undefined',
  'true', 'false', 'todo', 'tbd', 'fixme', 'foo', 'bar', 'foobar', 'example', 'sample', 'dummy', 'fake', 'mock',
  'redacted', 'hidden', 'masked', 'secret123', 'password123', 'letmein', 'qwerty', 'hunter2',
]);
/** Substrings that mark a documented or templated value, not a live one. */
const PLACEHOLDER_MARKS =
  /example|sample|placeholder|dummy|changeme|change[_-]me|replace[_-]?me|your[_-]?(?:api[_-]?)?(?:key|token|secret|password|pass)|\*{3,}|\.{3}|…|redacted|insert[_-]|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_][\w.]*\}|%\(\w+\)s/i;
/** Whole-value templates: %VAR% (Windows), %s (printf). */
/** xxxxx or XXXXX (case-sensitive: a random key may hold xXxXx). */
const XS = /x{5,}|X{5,}/;
const TEMPLATE = /^(?:%[A-Z_][A-Z0-9_]*%|%s)$/;
/** Environment and secret-store references: the value lives elsewhere. */
const REFERENCE = /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{.*\}|\$\(.*\)|process\.env\b.*|os\.environ\b.*|env\(.*\)|ENV\[.*\]|secrets\.[A-Za-z_].*|vault:.*|arn:aws:.*|!Ref\b.*)$/;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (PLACEHOLDER_WORDS.has(v.toLowerCase())) return true;
  if (REFERENCE.test(v) || PLACEHOLDER_MARKS.test(v) || TEMPLATE.test(v) || XS.test(v)) return true;
  // One character repeated, or a plain run like 123456 / abcdef.
  if (/^(.)\1+$/.test(v) || /^(?:0123456789|1234567890|abcdefghij|qwertyuiop)/i.test(v)) return true;
  return false;
}

/**
 * Words joined by `_` or `-` (`my_index_name_v2`, `OPENAI_API_KEY_2024`, `your-supabase-secret-key-here`): a name
 * or a template, not a key. Each part is one word (lower, UPPER or Capitalized), a number or a short tag like v2;
 * a random key's parts mix cases and digits.
 */
export function looksLikeWords(s: string): boolean {
  const parts = s.split(/[-_]+/).filter(Boolean);
  return parts.length >= 3 && parts.every((p) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+|\d+|[A-Za-z]{1,3}\d{1,3})$/.test(p));
}

/** Long, with digits and both cases: a random part, not an identifier (as in `SG.<random>.<random>`). */
export const randomSegment = (s: string) => s.length >= 16 && /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);

/** Unquoted values that are code, not data: a.b.c paths, calls, literals, numbers, YAML aliases. */
export function looksLikeCode(value: string): boolean {
  return (
    (/^[A-Za-z_$#][\w$#]*!?(?:[?!]?\.[A-Za-z_$#][\w$#]*!?)+$/.test(value) && !value.split('.').some(randomSegment)) ||
    /^[*&][A-Za-z_][\w-]*$/.test(value) || // a YAML alias or anchor
    /[()?|<>[\]]|==/.test(value) || // calls, ternaries, ||, generics, indexing, comparisons
    // An identifier without digits, unless it is long and random (a letters-only key).
    (/^[A-Za-z_$][\w$]*!?$/.test(value) && !/\d/.test(value) && !(value.length >= 24 && shannonEntropy(value) >= 4.2)) ||
    /^-?\d+(?:\.\d+)?$/.test(value)
  );
}
