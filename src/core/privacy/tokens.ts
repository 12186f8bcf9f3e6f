// Detectors for credentials with a recognizable shape: vendor tokens, AWS key ids, JWTs, private keys,
// connection strings. Each finds raw spans; scan.ts resolves overlaps and positions.
import { charClasses, isPlaceholder, shannonEntropy } from './entropy';
import type { SecretKind } from './kinds';

export interface Span {
  kind: SecretKind;
  start: number;
  end: number;
}

export interface Detector {
  kind: SecretKind;
  /** Lower-case substrings; the detector runs only when the lower-cased text contains one. */
  keywords: readonly string[];
  /** Every kind it can report, when more than `kind`. */
  emits?: readonly SecretKind[];
  find(text: string, out: Span[]): void;
}

/** A random-looking token body: no placeholder, enough classes and entropy. */
export const randomish = (body: string, classes: number, bits: number) =>
  !isPlaceholder(body) && charClasses(body) >= classes && shannonEntropy(body) >= bits;

/** Runs a global regex; group `s` (if any) is the secret span, else the whole match. */
export function regexDetector(
  kind: SecretKind,
  keywords: readonly string[],
  re: RegExp,
  valid: (secret: string, m: RegExpExecArray, text: string) => boolean,
): Detector {
  return {
    kind,
    keywords,
    find(text, out) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const idx = m.indices?.groups?.s;
        const [start, end] = idx ?? [m.index, m.index + m[0].length];
        if (valid(text.slice(start, end), m, text)) out.push({ kind, start, end });
      }
    },
  };
}

function decodesToJwtHeader(part: string): boolean {
  try {
    const h = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof h === 'object' && h !== null && typeof (h as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

const B64 = /[A-Za-z0-9+/]/g;
const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----/g;

/** A PEM/OpenSSH/PGP private key block: header to footer, or header plus its base64 lines when cut. */
const privateKey: Detector = {
  kind: 'private_key',
  keywords: ['private key'],
  find(text, out) {
    PRIVATE_KEY_BEGIN.lastIndex = 0;
    for (let m = PRIVATE_KEY_BEGIN.exec(text); m; m = PRIVATE_KEY_BEGIN.exec(text)) {
      const bodyStart = m.index + m[0].length;
      const footer = `-----END ${m[1]}PRIVATE KEY${m[2] ?? ''}-----`;
      const endAt = text.indexOf(footer, bodyStart);
      let end: number;
      let body: string;
      if (endAt >= 0 && endAt - bodyStart < 65_536) {
        end = endAt + footer.length;
        body = text.slice(bodyStart, endAt);
      } else {
        // Cut off (a partial selection): the base64-looking lines that follow the header.
        const rest = /^(?:(?:\r?\n|\\n)[ \t]*(?:[A-Za-z0-9+/=]{16,}|[A-Za-z-]+: [^\n]*)?)+/.exec(text.slice(bodyStart, bodyStart + 65_536));
        body = rest?.[0] ?? '';
        end = bodyStart + body.length;
      }
      const b64 = body.replace(/\\n|[A-Za-z-]+: [^\n\\]*/g, '').match(B64)?.length ?? 0;
      if (b64 >= (endAt >= 0 ? 40 : 64) && !isPlaceholder(body.replace(/\\n|\s/g, '').slice(0, 64))) {
        out.push({ kind: 'private_key', start: m.index, end });
        PRIVATE_KEY_BEGIN.lastIndex = end;
      }
    }
  },
};

/** scheme://user:password@host; the password is the secret. */
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:@/?#'"`<>]{0,256}:(?<s>[^\s@/'"`<>]{1,256})@(?=[A-Za-z0-9[_])/dgi;
const CLI_BASIC_AUTH = /(?<=\s)(?:-u|--user)(?:[ \t]+|=)["']?[^\s:'"$]{1,128}:(?<s>[^\s'"$,;)]{1,256})/dg;
/** ADO.NET / ODBC style: Server=…;User Id=…;Password=…; */
const KV_PASSWORD = /(?:^|[;"'\s])(?:Password|Pwd)[ \t]*=[ \t]*(?<s>[^;"'\s](?:[^;"'\r\n]*[^;"'\s])?)/dgi;
const KV_CONTEXT = /(?:Server|Data Source|Host|Address|Addr|Initial Catalog|Database|User ID|UID|Driver)[ \t]*=/i;

const weakPassword = (p: string) => p.length < 3 || isPlaceholder(decodeURIComponentSafe(p));
function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function lineAround(text: string, at: number): string {
  const a = text.lastIndexOf('\n', at) + 1;
  const b = text.indexOf('\n', at);
  return text.slice(a, b < 0 ? text.length : b);
}

export const TOKEN_DETECTORS: readonly Detector[] = [
  privateKey,
  regexDetector(
    'aws_access_key_id',
    ['akia', 'asia', 'abia', 'acca', 'a3t'],
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/dg,
    (s) => !/EXAMPLE/.test(s) && shannonEntropy(s.slice(4)) >= 2.5,
  ),
  regexDetector(
    'github_token',
    ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,240})(?![A-Za-z0-9_])/dg,
    (s) => randomish(s.slice(s.startsWith('github_pat_') ? 11 : 4), 2, 3),
  ),
  regexDetector(
    'slack_token',
    ['xox', 'xapp-'],
    /(?<![A-Za-z0-9])(?:xox[abeprs]|xapp)-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/dg,
    (s) => /\d/.test(s) && randomish(s.slice(s.lastIndexOf('-') + 1), 1, 2.8) && s.slice(s.lastIndexOf('-') + 1).length >= 8,
  ),
  regexDetector(
    'slack_webhook',
    ['hooks.slack.com'],
    /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,200}/dg,
    (s) => randomish(s.slice(s.lastIndexOf('/') + 1), 2, 3),
  ),
  regexDetector(
    'stripe_key',
    ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    /(?<![A-Za-z0-9_])[rs]k_(?:live|test)_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/dg,
    (s) => randomish(s.slice(8), 2, 3),
  ),
  regexDetector(
    'anthropic_api_key',
    ['sk-ant-'],
    /(?<![A-Za-z0-9_-])sk-ant-[a-z]{2,10}\d{0,3}-[A-Za-z0-9_-]{32,250}(?![A-Za-z0-9_-])/dg,
    (s) => randomish(s.slice(s.indexOf('-', 7) + 1), 3, 3.5),
  ),
  regexDetector(
    'openai_api_key',
    ['sk-'],
    /(?<![A-Za-z0-9_-])sk-(?!ant-|or-v1-)(?:(?:proj|svcacct|admin|None)-)?(?<body>[A-Za-z0-9_-]{32,250})(?![A-Za-z0-9_-])/dg,
    (_s, m) => randomish(m.groups!.body, 3, 3.5),
  ),
  regexDetector(
    'jwt',
    ['eyj'],
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/dg,
    (s) => decodesToJwtHeader(s.slice(0, s.indexOf('.'))) && shannonEntropy(s.slice(s.lastIndexOf('.') + 1)) >= 3,
  ),
  regexDetector('connection_string', ['://'], URL_CREDENTIALS, (s) => !weakPassword(s)),
  // curl -u user:password, wget --user=… : a password on a command line.
  regexDetector('secret_assignment', ['-u', '--user', '--password'], CLI_BASIC_AUTH, (s) => s.length >= 6 && !weakPassword(s)),
  regexDetector('connection_string', ['password', 'pwd'], KV_PASSWORD, (s, m, text) => {
    const line = lineAround(text, m.index + 1);
    return line.includes(';') && KV_CONTEXT.test(line) && !weakPassword(s);
  }),
];
