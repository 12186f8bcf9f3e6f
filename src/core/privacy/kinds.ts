// The kinds of secret the scanner reports. Names describe the credential, never a provider alone.

export const SECRET_KINDS = [
  'private_key',
  'aws_access_key_id',
  'aws_secret_access_key',
  'github_token',
  'slack_token',
  'slack_webhook',
  'stripe_key',
  'openai_api_key',
  'anthropic_api_key',
  'jwt',
  'connection_string',
  'secret_assignment',
  'google_api_key',
  'google_oauth',
  'azure_secret',
  'twilio_key',
  'vault_token',
  'npm_token',
  'pypi_token',
  'gitlab_token',
  'huggingface_token',
  'sendgrid_key',
  'mailgun_key',
  'shopify_token',
  'digitalocean_token',
  'vendor_token',
  'auth_header',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** A secret in a text. Never carries the secret itself: only where it is and a masked preview. */
export interface SecretFinding {
  kind: SecretKind;
  /** UTF-16 offsets of the secret part (for a connection string, the password only). */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  col: number;
  /** At most 4 leading characters and "…": enough to recognize, never enough to use. */
  preview: string;
  /** Index into the texts when several were scanned together (chat messages). */
  part?: number;
}

/** Lower wins when two findings overlap: the specific kind over the generic one. */
export const KIND_PRIORITY: Record<SecretKind, number> = {
  private_key: 0,
  aws_access_key_id: 1,
  aws_secret_access_key: 1,
  github_token: 1,
  slack_token: 1,
  slack_webhook: 1,
  stripe_key: 1,
  anthropic_api_key: 1,
  openai_api_key: 2,
  jwt: 2,
  connection_string: 3,
  secret_assignment: 4,
  google_api_key: 1,
  google_oauth: 1,
  azure_secret: 1,
  twilio_key: 1,
  vault_token: 1,
  npm_token: 2,
  pypi_token: 1,
  gitlab_token: 1,
  huggingface_token: 1,
  sendgrid_key: 1,
  mailgun_key: 1,
  shopify_token: 1,
  digitalocean_token: 1,
  vendor_token: 2,
  auth_header: 3,
};
