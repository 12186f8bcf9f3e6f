// privacy.secrets: what happens to text bound for a cloud provider when the scanner finds secrets.
import { RouterError } from '../errors';
import type { SecretFinding, SecretKind } from './kinds';
import { scanSecrets, type ScanOptions } from './scan';
import { plural } from '../text';

export const SECRET_POLICIES = ['route_local', 'redact', 'block'] as const;
export type SecretPolicy = (typeof SECRET_POLICIES)[number];

export interface SecretPolicyResult<T extends string | readonly string[] = string> {
  /** The text to send: redacted under `redact`, else unchanged. */
  text: T;
  /** route_local with findings: only local providers may get this text. */
  localOnly: boolean;
  /** block with findings: nothing may be sent to a cloud provider. */
  blocked?: true;
  findings: SecretFinding[];
  /** One line per finding, e.g. "secret found: jwt at line 3". */
  reasons: string[];
  /** For the user; empty when nothing was found. Names kinds and lines, never values. */
  message: string;
}

export const placeholderFor = (kind: SecretKind) => `[REDACTED:${kind}]`;

/** Replaces each finding's span (from one text) with its placeholder. */
export function redactFindings(text: string, findings: readonly SecretFinding[]): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + placeholderFor(f.kind);
    at = f.end;
  }
  return out + text.slice(at);
}

const where = (f: SecretFinding) => `${f.part === undefined ? '' : `message ${f.part + 1} `}line ${f.line}`;

/** "aws_access_key_id at line 3, jwt at line 9" (at most `max`, then "and N more"). */
export function describeFindings(findings: readonly SecretFinding[], max = 5): string {
  const shown = findings.slice(0, max).map((f) => `${f.kind} at ${where(f)}`);
  return shown.join(', ') + (findings.length > max ? `, and ${findings.length - max} more` : '');
}

/** The request was refused because it contains secrets; the message names kinds and lines only. */
export class SecretBlockedError extends RouterError {
  override name = 'SecretBlockedError';
  readonly kinds: SecretKind[];
  constructor(readonly findings: readonly SecretFinding[]) {
    super(
      `not sent: the request contains ${plural(findings.length, 'secret')} (${describeFindings(findings)}) and privacy.secrets is "block". ` +
        'Remove them, or set privacy.secrets to route_local or redact.',
    );
    this.kinds = [...new Set(findings.map((f) => f.kind))];
  }
}


/** Scans one text or several (chat messages) and applies `policy`. */
export function applySecretPolicy<T extends string | readonly string[]>(text: T, policy: SecretPolicy, opts?: ScanOptions): SecretPolicyResult<T> {
  const parts: readonly string[] = typeof text === 'string' ? [text] : (text as readonly string[]);
  const perPart = parts.map((p, i) => scanSecrets(p, opts).map((f) => (typeof text === 'string' ? f : { ...f, part: i })));
  const findings = perPart.flat();
  if (!findings.length) return { text, localOnly: false, findings, reasons: [], message: '' };
  const reasons = findings.map((f) => `secret found: ${f.kind} at ${where(f)}`);
  const listed = describeFindings(findings);
  switch (policy) {
    case 'redact': {
      const redacted = parts.map((p, i) => redactFindings(p, perPart[i]));
      return {
        text: (typeof text === 'string' ? redacted[0] : redacted) as T,
        localOnly: false,
        findings,
        reasons: reasons.map((r) => `${r} (redacted)`),
        message: `redacted ${plural(findings.length, 'secret')} before sending: ${listed}`,
      };
    }
    case 'block':
      return { text, localOnly: false, blocked: true, findings, reasons, message: new SecretBlockedError(findings).message };
    default:
      return {
        text,
        localOnly: true,
        findings,
        reasons,
        message: `${plural(findings.length, 'secret')} found (${listed}): this request stays on local models`,
      };
  }
}
