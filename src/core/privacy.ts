// The privacy gate: decides, before the rules run, whether a request may leave the machine.
// Local-only mode, privacy.local_only_paths and the secret scanner; pure, no vscode.

export { SECRET_KINDS, type SecretFinding, type SecretKind } from './privacy/kinds';
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
export { maskPreview, scanSecrets, type ScanOptions } from './privacy/scan';
