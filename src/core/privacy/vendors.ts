// Detectors for vendor credentials with a published shape (a prefix, a length, an alphabet) and for the
// places a credential sits whatever its vendor: an Authorization header, a docker `auth`, a .netrc
// password, a base64-wrapped private key. Shapes follow the vendors' documentation.
import { charClasses, isPlaceholder, shannonEntropy } from './entropy';
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

const TWILIO_ID = /\b(?:AC|SK)[0-9a-f]{32}\b/;
const TWILIO_VALUE = /(?<![A-Za-z0-9])(?<s>[0-9a-f]{32}|[A-Za-z0-9]{32})(?![A-Za-z0-9])/dg;

/** A Twilio auth token or API-key secret: 32 characters beside an account or key SID, or on a twilio line. */
const twilioSecret: Detector = {
  kind: 'twilio_key',
  keywords: ['twilio', 'ac', 'sk'],
  find(text, out) {
    if (!/twilio/i.test(text) && !TWILIO_ID.test(text)) return;
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
      if (isPlaceholder(value) || /^(?:bearer|basic|token)$/i.test(value)) continue;
      const basic = /basic[ \t]+$/i.test(text.slice(start - 8, start));
      const ok = basic ? /^[\x20-\x7e]+:[\x20-\x7e]{4,}$/.test(decodeBase64(value)) : charClasses(value) >= 2 && shannonEntropy(value) >= 3.3;
      if (ok) out.push({ kind: 'auth_header', start, end });
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
const VENDOR_TOKENS: [keywords: string[], body: string][] = [
  [['dapi'], 'dapi[0-9a-f]{32}(?:-\\d)?'], // Databricks
  [['lin_api_'], 'lin_api_[A-Za-z0-9]{40}'], // Linear
  [['pmak-'], 'PMAK-[0-9a-f]{24}-[0-9a-f]{34}'], // Postman
  [['eaaa'], 'EAAA[A-Za-z0-9_-]{60}'], // Square access token
  [['sq0atp-', 'sq0csp-'], 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}'], // Square
  [['age-secret-key-1'], 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'], // age
  [['atatt3'], 'ATATT3[A-Za-z0-9_=-]{150,}'], // Atlassian API token
  [['atbb'], 'ATBB[A-Za-z0-9_=.-]{32,}'], // Bitbucket app password
  [['dp.st.', 'dp.pt.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'], 'dp\\.(?:st|pt|ct|sa|scim|audit)\\.(?:[a-z0-9_-]+\\.)?[A-Za-z0-9]{40,44}'], // Doppler
  [['pscale_'], 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}'], // PlanetScale
  [['sntrys_', 'sntryu_'], 'sntry[su]_[A-Za-z0-9+/=_]{60,}'], // Sentry auth token
  [['glsa_', 'glc_'], '(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/=]{32,})'], // Grafana
  [['hrku-'], 'HRKU-[A-Za-z0-9_-]{60}'], // Heroku
  [['tskey-'], 'tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]{8,}-[A-Za-z0-9]{20,}'], // Tailscale
  [['figd_'], 'figd_[A-Za-z0-9_-]{40}'], // Figma
  [['ntn_'], 'ntn_[A-Za-z0-9]{46}'], // Notion
  [['apa91b'], 'AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,}'], // Firebase Cloud Messaging server key
  [['sk.eyj'], 'sk\\.eyJ[A-Za-z0-9_-]{40,}\\.[A-Za-z0-9_-]{20,}'], // Mapbox secret token
  [['sbp_'], 'sbp_[a-f0-9]{40}'], // Supabase
  [['pul-'], 'pul-[a-f0-9]{40}'], // Pulumi
  [['atlasv1'], '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}'], // Terraform Cloud
  [['r8_'], 'r8_[A-Za-z0-9]{37}'], // Replicate
  [['gsk_'], 'gsk_[A-Za-z0-9]{52}'], // Groq
  [['pplx-'], 'pplx-[A-Za-z0-9]{48}'], // Perplexity
  [['xai-'], 'xai-[A-Za-z0-9]{80}'], // xAI
  [['lsv2_'], 'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}'], // LangSmith
  [['nrak-'], 'NRAK-[A-Z0-9]{27}'], // New Relic
  [['cfpat-'], 'CFPAT-[A-Za-z0-9_-]{43}'], // Contentful
  [['dckr_pat_'], 'dckr_pat_[A-Za-z0-9_-]{27}'], // Docker Hub
  [['rubygems_'], 'rubygems_[a-f0-9]{48}'], // RubyGems
  [['oy2'], 'oy2[a-z0-9]{43}'], // NuGet
  [['xkeysib-'], 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'], // Brevo
  [['pat-na1-', 'pat-eu1-'], 'pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}'], // HubSpot
  [['ltai'], 'LTAI[A-Za-z0-9]{12,20}'], // Alibaba Cloud
  [['fo1_'], 'fo1_[A-Za-z0-9_-]{43}'], // Fly.io
  [['nfp_'], 'nfp_[A-Za-z0-9]{36}'], // Netlify
];

const vendor = (kind: SecretKind, keywords: string[], body: string, valid = after(/^[A-Za-z0-9]+[-_.]/, 2, 3)) => regexDetector(kind, keywords, re(body), valid);

export const VENDOR_DETECTORS: readonly Detector[] = [
  vendor('google_api_key', ['aiza'], 'AIza[0-9A-Za-z_-]{35}', after(/^AIza/, 2, 3.5)),
  vendor('google_oauth', ['gocspx-', 'ya29.', '1//0'], '(?:GOCSPX-[A-Za-z0-9_-]{28}|ya29\\.[A-Za-z0-9_-]{30,}|1//0[A-Za-z0-9_-]{40,})', after(/^(?:GOCSPX-|ya29\.|1\/\/0)/, 2, 3.5)),
  // Azure: storage/service-bus keys in connection strings and flags, SAS signatures, Entra ID client secrets.
  regexDetector(
    'azure_secret',
    ['accountkey', 'sharedaccesskey', 'account-key', 'primarykey', 'secondarykey'],
    /(?:AccountKey|SharedAccessKey|account-key|PrimaryKey|SecondaryKey)["']?(?:[ \t]*[=:][ \t]*|[ \t]+)["']?(?<s>[A-Za-z0-9+/]{40,}={0,2})/dgi,
    (s) => randomish(s, 3, 4),
  ),
  regexDetector('azure_secret', ['sig='], /[?&]sig=(?<s>[A-Za-z0-9%+/=]{30,})/dg, (s, m, text) => /[?&](?:sv|se|sp)=/.test(lineAround(text, m.index)) && randomish(s, 2, 3.5)),
  regexDetector('azure_secret', ['q~'], /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/dg, (s) => randomish(s.slice(6), 2, 3.5)),
  vendor('twilio_key', ['sk'], 'SK[0-9a-fA-F]{32}', (s) => shannonEntropy(s.slice(2)) >= 3 && /\d/.test(s) && /[a-f]/i.test(s.slice(2))),
  twilioSecret,
  vendor('vault_token', ['hvs.', 'hvb.', 'hvr.'], 'hv[sbr]\\.[A-Za-z0-9_-]{24,}', after(/^hv[sbr]\./, 2, 3.5)),
  regexDetector('vault_token', ['vault'], re('s\\.[A-Za-z0-9]{24}'), (s, m, text) => /vault/i.test(lineAround(text, m.index)) && randomish(s.slice(2), 2, 3.5)),
  vendor('npm_token', ['npm_'], 'npm_[A-Za-z0-9]{36}', after(/^npm_/, 2, 3.5)),
  regexDetector('npm_token', ['_authtoken'], /_authToken[ \t]*=[ \t]*["']?(?<s>[A-Za-z0-9_.+/=-]{20,})/dg, (s) => !isPlaceholder(s) && randomish(s, 2, 3)),
  vendor('pypi_token', ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'], 'pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}', () => true),
  vendor(
    'gitlab_token',
    ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glcbt-', 'glsoat-', 'glffct-', 'gr1348941'],
    '(?:gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|cbt|soat|ffct)-|GR1348941)[A-Za-z0-9_-]{20,}',
    after(/^(?:gl[a-z]+-|GR1348941)/, 2, 3.2),
  ),
  vendor('huggingface_token', ['hf_'], 'hf_[A-Za-z]{34}', after(/^hf_/, 2, 3.8)),
  vendor('sendgrid_key', ['sg.'], 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', after(/^SG\./, 2, 3.5)),
  vendor('mailgun_key', ['key-'], 'key-[0-9a-f]{32}', (s) => shannonEntropy(s.slice(4)) >= 3.2),
  regexDetector('mailgun_key', ['mailgun'], re('[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}'), (s) => shannonEntropy(s) >= 3.2),
  vendor('shopify_token', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', (s) => shannonEntropy(s.slice(6)) >= 3),
  vendor('digitalocean_token', ['dop_v1_', 'doo_v1_', 'dor_v1_'], 'do[opr]_v1_[a-f0-9]{64}', (s) => shannonEntropy(s.slice(7)) >= 3.2),
  vendor('stripe_key', ['whsec_'], 'whsec_[A-Za-z0-9+/=]{32,}', after(/^whsec_/, 2, 3.5)),
  // Telegram: in a URL the token follows `/bot`.
  regexDetector('vendor_token', ['api.telegram.org', 'bot', 'telegram'], /(?:(?<=\/bot)|(?<![A-Za-z0-9_-]))\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/dg, (s) =>
    randomish(s.slice(s.indexOf(':') + 3), 2, 3.5),
  ),
  regexDetector('vendor_token', ['discord', 'bot', 'client.run', 'token'], re('[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'), (s) =>
    /^\d{17,20}$/.test(Buffer.from(s.slice(0, s.indexOf('.')), 'base64url').toString('latin1')),
  ),
  ...VENDOR_TOKENS.map(([keywords, body]) => vendor('vendor_token', keywords, body, (s) => randomish(s, 2, 3.2))),
  authHeader,
  regexDetector('auth_header', ['"auth"'], DOCKER_AUTH, (s) => /^[\x20-\x7e]{1,128}:[\x20-\x7e]{4,}$/.test(decodeBase64(s))),
  regexDetector('private_key', ['ls0tls1crudjti'], B64_PEM, (s) => /PRIVATE KEY-----/.test(decodeBase64(s))),
  regexDetector('secret_assignment', ['machine'], NETRC_PASSWORD, (s, m, text) => /(?:^|\s)machine\s+\S+/.test(text.slice(Math.max(0, m.index - 300), m.index)) && !isPlaceholder(s) && randomish(s, 2, 3)),
];
