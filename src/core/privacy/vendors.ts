// Detectors for vendor credentials with a published shape (a prefix, a length, an alphabet) and for the
// places a credential sits whatever its vendor: an Authorization header, a docker `auth`, a .netrc
// password, a base64-wrapped private key. Shapes follow the vendors' documentation.
import { charClasses, isPlaceholder, looksLikeCode, looksLikeWords, shannonEntropy } from './entropy';
import type { SecretKind } from './kinds';
import { lineAround, randomish, regexDetector, type Detector } from './tokens';

/** Token chars that may follow a prefix, and the boundary before/after a token. */
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';
const re = (body: string, flags = 'dg') => new RegExp(`${B}${body}${E}`, flags);
/** The part after the vendor prefix looks drawn at random. */
const after = (prefix: RegExp, classes = 2, bits = 3) => (s: string) => randomish(s.replace(prefix, ''), classes, bits);

/** Lines around `at` (the statement a positional argument sits in). */
function near(text: string, at: number, before: number, afterChars: number): string {
  return text.slice(Math.max(0, at - before), at + afterChars);
}

function decodeBase64(s: string): string {
  try {
    return Buffer.from(s, 'base64').toString('latin1');
  } catch {
    return '';
  }
}

const TWILIO_ID = /(?:AC|SK)[0-9a-f]{32}/;
const TWILIO_VALUE = /(?<![A-Za-z0-9])(?<s>[0-9a-f]{32}|[A-Za-z0-9]{32})(?![A-Za-z0-9])/dg;

/** In a text that mentions twilio: a 32-character auth token or key secret beside an account or key SID, or on a twilio line. */
const twilioSecret: Detector = {
  kind: 'twilio_key',
  keywords: ['twilio'],
  find(text, out) {
    TWILIO_VALUE.lastIndex = 0;
    for (let m = TWILIO_VALUE.exec(text); m; m = TWILIO_VALUE.exec(text)) {
      const [start, end] = m.indices!.groups!.s;
      const value = m.groups!.s;
      if (/^(?:AC|SK|SM|MG|PN)/.test(text.slice(start - 2, start))) continue; // the tail of a SID, not a secret
      if (!randomish(value, 2, 3.2)) continue;
      const context = near(text, start, 240, 240);
      if (TWILIO_ID.test(context.replace(value, '')) || /twilio/i.test(lineAround(text, start))) out.push({ kind: 'twilio_key', start, end });
    }
  },
};

/** `Authorization: Bearer|Basic|SSWS|Token …` in a header, a curl -H, a headers object. */
const AUTH_HEADER = /(?:authorization|x-api-key|api-key|private-token|x-auth-token)["'`]?\s*[:=]\s*["'`]?(?:(?:bearer|basic|ssws|token|digest)[ \t]+)?(?<s>[A-Za-z0-9._~+/=-]{16,})/dgi;
const authHeader: Detector = {
  kind: 'auth_header',
  keywords: ['authorization', 'api-key', 'private-token', 'auth-token'],
  find(text, out) {
    AUTH_HEADER.lastIndex = 0;
    for (let m = AUTH_HEADER.exec(text); m; m = AUTH_HEADER.exec(text)) {
      const [start, end] = m.indices!.groups!.s;
      const value = m.groups!.s;
      const scheme = /(?:bearer|basic|ssws|token|digest)[ \t]+$/i.test(text.slice(Math.max(0, start - 8), start));
      // Without a scheme, code is not a credential: `authorization = checkAuthorization`.
      if (isPlaceholder(value) || /^(?:bearer|basic|token)$/i.test(value) || (!scheme && looksLikeCode(value))) continue;
      const basic = /basic[ \t]+$/i.test(text.slice(Math.max(0, start - 8), start));
      const ok = basic ? /^[\x20-\x7e]+:[\x20-\x7e]{4,}$/.test(decodeBase64(value)) : charClasses(value) >= 2 && shannonEntropy(value) >= 3.3;
      if (ok) out.push({ kind: 'auth_header', start, end });
    }
  },
};

/** `Basic <base64 of user:password>` wherever it sits (a header, a Postman export, a fetch call, a log). */
const BASIC_CREDENTIALS = /Basic[ \t]+(?<s>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/dg;

/**
 * The end of a client's name and its opening parenthesis: `…Client(`, `…ClientV2(`, `algoliasearch(`. An Algolia
 * search-only key has the admin key's shape: both count (a false alarm keeps a prompt local; a miss sends a key).
 */
const CLIENT_OPEN = /(?:client|search)(?:v\d+)?[ \t]*\(/gi;
/** Twilio's resource ids (account AC…, message SM…): two letters and 32 hex digits; an API key's SK… is its secret's name. */
const TWILIO_RESOURCE_SID = /^(?!SK)[A-Z]{2}[0-9a-f]{32}$/;
/** Keys published by design (a browser holds them): Supabase's publishable key, Stripe's pk_. */
const PUBLIC_KEY = /^(?:sb_publishable_|pk_(?:live|test)_)/;
const LITERAL = /(["'`])(?<v>[A-Za-z0-9_-]{24,128})\1/dg;
/**
 * A random-looking literal handed to an SDK client by position: `cohere.Client("…")`, `algoliasearch(id, "…")`,
 * `new SearchClient(url, "…")`. Only a client's constructor or factory, and only a literal that looks drawn at random.
 */
const positionalClientKey: Detector = {
  kind: 'vendor_token',
  keywords: ['client', 'search'],
  find(text, out) {
    CLIENT_OPEN.lastIndex = 0;
    for (let m = CLIENT_OPEN.exec(text); m; m = CLIENT_OPEN.exec(text)) {
      const at = m.index + m[0].length;
      const rest = text.slice(at, at + 400);
      const close = rest.search(/[()\r\n]/);
      if (close < 0 || rest[close] !== ')') continue; // the arguments: one line, no nested call
      const args = rest.slice(0, close);
      LITERAL.lastIndex = 0;
      for (let l = LITERAL.exec(args); l; l = LITERAL.exec(args)) {
        const [start, end] = l.indices!.groups!.v;
        const v = l.groups!.v;
        if (TWILIO_RESOURCE_SID.test(v) || PUBLIC_KEY.test(v)) continue; // an account id or a public key, not a secret
        if (randomish(v, 2, 3.5) && /\d/.test(v) && !looksLikeWords(v)) out.push({ kind: 'vendor_token', start: at + start, end: at + end });
      }
    }
  },
};

/** docker's config.json: "auth": base64 of user:password. */
const DOCKER_AUTH = /"auth"\s*:\s*"(?<s>[A-Za-z0-9+/]{12,}={0,2})"/dg;

/** A private key wrapped in base64 (kubeconfig client-key-data, a Kubernetes Secret's data). */
const B64_PEM = /(?<![A-Za-z0-9+/])(?<s>LS0tLS1CRUdJTi[A-Za-z0-9+/]{80,}={0,2})/dg;

/** .netrc: machine … login … password TOKEN. */
const NETRC_PASSWORD = /(?:^|\s)password[ \t]+(?<s>\S{8,})/dgm;

/** Prefixed tokens of the long tail, all reported as vendor_token. */
const VENDOR_TOKENS: string[] = [
  'dapi[0-9a-f]{32}(?:-\\d)?', // Databricks
  'lin_api_[A-Za-z0-9]{40}', // Linear
  'PMAK-[0-9a-f]{24}-[0-9a-f]{34}', // Postman
  'EAAA[A-Za-z0-9_-]{60}', // Square access token
  'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}', // Square
  'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', // age
  'ATATT3[A-Za-z0-9_=-]{150,}', // Atlassian API token
  'ATBB[A-Za-z0-9_=.-]{32,}', // Bitbucket app password
  'dp\\.(?:st|pt|ct|sa|scim|audit)\\.(?:[a-z0-9_-]+\\.)?[A-Za-z0-9]{40,44}', // Doppler
  'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}', // PlanetScale
  'sntry[su]_[A-Za-z0-9+/=_]{60,}', // Sentry auth token
  '(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/=]{32,})', // Grafana
  'HRKU-[A-Za-z0-9_-]{60}', // Heroku
  'tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]{8,}-[A-Za-z0-9]{20,}', // Tailscale
  'figd_[A-Za-z0-9_-]{40}', // Figma
  'ntn_[A-Za-z0-9]{46}', // Notion
  'AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,}', // Firebase Cloud Messaging server key
  'sk\\.eyJ[A-Za-z0-9_-]{40,}\\.[A-Za-z0-9_-]{20,}', // Mapbox secret token
  'sbp_[a-f0-9]{40}', // Supabase
  'pul-[a-f0-9]{40}', // Pulumi
  '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}', // Terraform Cloud
  'r8_[A-Za-z0-9]{37}', // Replicate
  'gsk_[A-Za-z0-9]{52}', // Groq
  'pplx-[A-Za-z0-9]{48}', // Perplexity
  'xai-[A-Za-z0-9]{80}', // xAI
  'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}', // LangSmith
  'NRAK-[A-Z0-9]{27}', // New Relic
  'CFPAT-[A-Za-z0-9_-]{43}', // Contentful
  'dckr_pat_[A-Za-z0-9_-]{27}', // Docker Hub
  'rubygems_[a-f0-9]{48}', // RubyGems
  'oy2[a-z0-9]{43}', // NuGet
  'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}', // Brevo
  'pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}', // HubSpot
  'LTAI[A-Za-z0-9]{12,20}', // Alibaba Cloud
  'fo1_[A-Za-z0-9_-]{43}', // Fly.io
  'nfp_[A-Za-z0-9]{36}', // Netlify
  'sb_secret_[A-Za-z0-9_-]{31,}', // Supabase secret key
  'sk-or-v1-[a-f0-9]{64}', // OpenRouter
];

/** A token known by its prefix: its kind, its shape (a regex body) and a check of its random part. */
interface Prefixed {
  kind: SecretKind;
  body: string;
  valid: (token: string) => boolean;
}

const PREFIXED: Prefixed[] = [
  { kind: 'google_api_key', body: 'AIza[0-9A-Za-z_-]{35}', valid: after(/^AIza/, 2, 3.5) },
  { kind: 'google_oauth', body: '(?:GOCSPX-[A-Za-z0-9_-]{28}|ya29\\.[A-Za-z0-9_-]{30,}|1//0[A-Za-z0-9_-]{40,})', valid: after(/^(?:GOCSPX-|ya29\.|1\/\/0)/, 2, 3.5) },
  { kind: 'twilio_key', body: 'SK[0-9a-fA-F]{32}', valid: (s) => shannonEntropy(s.slice(2)) >= 3 && /\d/.test(s) && /[a-f]/i.test(s.slice(2)) },
  { kind: 'vault_token', body: 'hv[sbr]\\.[A-Za-z0-9_-]{24,}', valid: after(/^hv[sbr]\./, 2, 3.5) },
  { kind: 'npm_token', body: 'npm_[A-Za-z0-9]{36}', valid: after(/^npm_/, 2, 3.5) },
  { kind: 'pypi_token', body: 'pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}', valid: () => true },
  {
    kind: 'gitlab_token',
    body: '(?:gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|cbt|soat|ffct)-|GR1348941)[A-Za-z0-9_-]{20,}',
    valid: after(/^(?:gl[a-z]+-|GR1348941)/, 2, 3.2),
  },
  { kind: 'huggingface_token', body: 'hf_[A-Za-z]{34}', valid: after(/^hf_/, 2, 3.8) },
  { kind: 'sendgrid_key', body: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', valid: after(/^SG\./, 2, 3.5) },
  { kind: 'mailgun_key', body: 'key-[0-9a-f]{32}', valid: (s) => shannonEntropy(s.slice(4)) >= 3.2 },
  { kind: 'shopify_token', body: 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', valid: (s) => shannonEntropy(s.slice(6)) >= 3 },
  { kind: 'digitalocean_token', body: 'do[opr]_v1_[a-f0-9]{64}', valid: (s) => shannonEntropy(s.slice(7)) >= 3.2 },
  { kind: 'stripe_key', body: 'whsec_[A-Za-z0-9+/=]{32,}', valid: after(/^whsec_/, 2, 3.5) },
  ...VENDOR_TOKENS.map((body): Prefixed => ({ kind: 'vendor_token', body, valid: (s) => randomish(s, 2, 3.2) && !looksLikeWords(s) })),
];

/**
 * Every prefixed token in one pass of one regex (a detector per vendor would read the text 60 times). The
 * lookahead on the characters a token can start with lets the engine pass over everything else quickly.
 */
const FIRST_CHARS = [...new Set(PREFIXED.flatMap((p) => firstChars(p.body)))].join('').replace(/[\]\\^-]/g, '\\$&');
const PREFIXED_RE = new RegExp(`${B}(?=[${FIRST_CHARS}])(?:${PREFIXED.map((p, i) => `(?<t${i}>${p.body})`).join('|')})${E}`, 'g');

/** The characters a regex body can start with: its first literal, or those of each alternative of a leading group. */
function firstChars(body: string): string[] {
  if (/^[A-Za-z0-9_/-]/.test(body)) return [body[0]];
  if (body.startsWith('[A-Za-z0-9]')) return [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
  if (!body.startsWith('(?:')) throw new Error(`vendor token shape needs a literal start: ${body}`);
  const alts: string[] = [];
  let depth = 0;
  let from = 3;
  for (let i = 3; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return [...alts, body.slice(from, i)].flatMap(firstChars);
    else if (c === '|' && depth === 0) {
      alts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  throw new Error(`unbalanced vendor token shape: ${body}`);
}

const prefixedTokens: Detector = {
  kind: 'vendor_token',
  emits: [...new Set(PREFIXED.map((p) => p.kind))],
  keywords: [''],
  find(text, out) {
    PREFIXED_RE.lastIndex = 0;
    for (let m = PREFIXED_RE.exec(text); m; m = PREFIXED_RE.exec(text)) {
      const i = Object.values(m.groups!).findIndex((g) => g !== undefined);
      const p = PREFIXED[i];
      if (p?.valid(m[0])) out.push({ kind: p.kind, start: m.index, end: m.index + m[0].length });
    }
  },
};

export const VENDOR_DETECTORS: readonly Detector[] = [
  prefixedTokens,
  // Azure: storage/service-bus keys in connection strings and flags, SAS signatures, Entra ID client secrets.
  regexDetector(
    'azure_secret',
    ['accountkey', 'sharedaccesskey', 'account-key', 'primarykey', 'secondarykey'],
    /(?:AccountKey|SharedAccessKey|account-key|PrimaryKey|SecondaryKey)["']?(?:[ \t]*[=:][ \t]*|[ \t]+)["']?(?<s>[A-Za-z0-9+/]{40,}={0,2})/dgi,
    (s) => randomish(s, 3, 4),
  ),
  regexDetector('azure_secret', ['sig='], /[?&]sig=(?<s>[A-Za-z0-9%+/=]{30,})/dg, (s, m, text) => /[?&](?:sv|se|sp)=/.test(lineAround(text, m.index)) && randomish(s, 2, 3.5)),
  regexDetector('azure_secret', ['q~'], /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/dg, (s) => randomish(s.slice(6), 2, 3.5)),
  twilioSecret,
  regexDetector('vault_token', ['vault'], re('s\\.[A-Za-z0-9]{24}'), (s, m, text) => /vault/i.test(lineAround(text, m.index)) && randomish(s.slice(2), 2, 3.5)),
  regexDetector('npm_token', ['_authtoken'], /_authToken[ \t]*=[ \t]*["']?(?<s>[A-Za-z0-9_.+/=-]{20,})/dg, (s) => !isPlaceholder(s) && randomish(s, 2, 3)),
  regexDetector('mailgun_key', ['mailgun'], re('[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}'), (s) => shannonEntropy(s) >= 3.2),
  // Telegram: in a URL the token follows `/bot`.
  regexDetector('vendor_token', [':aa'], /(?<![A-Za-z0-9_-])(?:bot)?(?<s>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/dg, (s) => randomish(s.slice(s.indexOf(':') + 3), 2, 3.5)),
  regexDetector('vendor_token', ['discord', 'client.run'], re('[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'), (s) =>
    /^\d{17,20}$/.test(Buffer.from(s.slice(0, s.indexOf('.')), 'base64url').toString('latin1')),
  ),
  regexDetector('vendor_token', ['discord'], /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/(?<s>[A-Za-z0-9_-]{60,80})/dg, (s) => randomish(s, 2, 3.5)),
  authHeader,
  regexDetector('auth_header', ['basic'], BASIC_CREDENTIALS, (s, m, text) => !/[A-Za-z0-9_]/.test(text[m.index - 1] ?? '') && /^[\x20-\x7e]{1,128}:[\x20-\x7e]{4,}$/.test(decodeBase64(s))),
  positionalClientKey,
  regexDetector('auth_header', ['"auth"'], DOCKER_AUTH, (s) => /^[\x20-\x7e]{1,128}:[\x20-\x7e]{4,}$/.test(decodeBase64(s))),
  regexDetector('private_key', ['ls0tls1crudjti'], B64_PEM, (s) => /PRIVATE KEY-----/.test(decodeBase64(s))),
  regexDetector('secret_assignment', ['machine'], NETRC_PASSWORD, (s, m, text) => /(?:^|\s)machine\s+\S+/.test(text.slice(Math.max(0, m.index - 300), m.index)) && !isPlaceholder(s) && randomish(s, 2, 3)),
];
