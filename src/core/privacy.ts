// The privacy gate: decides, before the rules run, whether a request may leave the machine.
// Local-only mode, privacy.local_only_paths and the secret scanner; pure, no vscode.
import type { LoadedConfig, ProviderInfo } from './config/model';
import type { SecretFinding } from './privacy/kinds';
import { createPathMatcher, type PathMatch, type PathMatcherOptions } from './privacy/paths';
import { applySecretPolicy, type SecretPolicy } from './privacy/policy';

export { globToRegExp } from './privacy/glob';
export { SECRET_KINDS, type SecretFinding, type SecretKind } from './privacy/kinds';
export { createPathMatcher, type PathMatch, type PathMatcher, type PathMatcherOptions } from './privacy/paths';
export {
  applySecretPolicy,
  describeFindings,
  placeholderFor,
  redactFindings,
  SECRET_POLICIES,
  SecretBlockedError,
  type SecretPolicy,
  type SecretPolicyResult,
} from './privacy/policy';
export { createRedactor, KEY_PLACEHOLDER, MIN_KEY_LENGTH, redactKeys, type Redactor } from './privacy/redact';
export { maskPreview, scanSecrets, type ScanOptions } from './privacy/scan';

export const STAYED_LOCAL = 'stayed local';

/** Local: the `local` tier without a price, or `local: true` in the config (computed at load; see config/locality.ts). */
export function isLocalProvider(info: Pick<ProviderInfo, 'local'>): boolean {
  return info.local === true;
}

export interface PrivacySettings {
  local_only: boolean;
  local_only_paths: readonly string[];
  secrets: SecretPolicy;
}

export interface PrivacyContext<T extends string | readonly string[] = string> {
  /** Files the request's context came from (absolute or workspace-relative). */
  filePaths?: readonly string[];
  /** The text bound for the provider: one string, or one per chat message. */
  text?: T;
  /** Local-only mode from the setting, the status-bar toggle or `--local-only`. */
  localOnly?: boolean;
}

export interface PrivacyVerdict<T extends string | readonly string[] = string> {
  /** Only local providers may serve this request. */
  localOnly: boolean;
  /** Why, one line each: "local-only mode is on", "context from .env matches …", "secret found: jwt at line 3". */
  reasons: string[];
  /** Shown with the answer when it stayed local because of privacy. */
  badge?: typeof STAYED_LOCAL;
  /** The text to send (redacted under privacy.secrets: redact). */
  text?: T;
  findings: SecretFinding[];
  /** privacy.secrets: block, and secrets were found: no cloud provider may get this request. */
  blocked?: true;
  /** For the user (redaction or refusal notice); absent when there is nothing to say. */
  message?: string;
}

export type PrivacyGate = ReturnType<typeof createPrivacyGate>;

export function createPrivacyGate(source: Pick<LoadedConfig, 'raw'> | PrivacySettings, opts: PathMatcherOptions = {}) {
  const settings: PrivacySettings = 'raw' in source ? source.raw.privacy : source;
  const paths = createPathMatcher(settings.local_only_paths, opts);

  return {
    settings,
    /** The deciding pattern if `path` is private. */
    matchPath: (path: string): PathMatch | undefined => paths.match(path),

    check<T extends string | readonly string[] = string>(ctx: PrivacyContext<T>): PrivacyVerdict<T> {
      const reasons: string[] = [];
      if (ctx.localOnly || settings.local_only) reasons.push('local-only mode is on');
      for (const p of ctx.filePaths ?? []) {
        const m = paths.match(p);
        if (m) reasons.push(`context from ${m.path} matches privacy.local_only_paths (${m.pattern})`);
      }
      // Text that never leaves the machine needs no scan.
      if (reasons.length || ctx.text === undefined) {
        return { localOnly: reasons.length > 0, reasons, badge: reasons.length ? STAYED_LOCAL : undefined, text: ctx.text, findings: [] };
      }
      const r = applySecretPolicy(ctx.text, settings.secrets);
      const verdict: PrivacyVerdict<T> = { localOnly: r.localOnly, reasons: r.reasons, text: r.text, findings: r.findings };
      if (r.localOnly) verdict.badge = STAYED_LOCAL;
      if (r.blocked) verdict.blocked = true;
      if (r.message) verdict.message = r.message;
      return verdict;
    },
  };
}
