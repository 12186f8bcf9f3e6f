// Every error the router raises on purpose. Anything else is an internal bug.

export class RouterError extends Error {
  override name = 'RouterError';
}

/** A config problem at a position: prints as FILE:LINE:COL: message. */
export class ConfigError extends RouterError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${col}: ${detail}`);
  }
}

/** Several config problems found in one pass; the message lists them one per line. */
export class ConfigErrors extends RouterError {
  override name = 'ConfigErrors';
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

export interface ProviderErrorInit {
  provider: string;
  model: string;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  message: string;
  /** The failure happened after the first token reached the user. */
  midStream?: boolean;
  /** What kind of refusal, when the server said: the model does not exist there, or the request is not supported. */
  kind?: ProviderErrorKind;
}

export type ProviderErrorKind = 'model_not_found' | 'unsupported';

export class ProviderError extends RouterError {
  override name = 'ProviderError';
  readonly provider: string;
  readonly model: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly midStream: boolean;
  readonly kind?: ProviderErrorKind;
  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.provider = init.provider;
    this.model = init.model;
    this.status = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
    this.midStream = init.midStream ?? false;
    if (init.kind) this.kind = init.kind;
  }
}

export class BudgetError extends RouterError {
  override name = 'BudgetError';
}

export interface AttemptRecord {
  provider: string;
  model: string;
  outcome: string;
  status?: number;
  ms: number;
}

export class NoRouteError extends RouterError {
  override name = 'NoRouteError';
  constructor(readonly attempts: AttemptRecord[], summary = 'every target in the chain failed') {
    super(
      `${summary}:` +
        (attempts.length
          ? attempts.map((a) => `\n  ${a.provider}:${a.model}: ${a.outcome}${a.status ? ` (HTTP ${a.status})` : ''}`).join('')
          : ' nothing could be tried'),
    );
  }
}

/** The user cancelled. Never a failure: no retry, no fallback. */
export class CancelledError extends RouterError {
  override name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

export function isAbortError(err: unknown): boolean {
  if (err instanceof CancelledError) return true;
  if (!(err instanceof Error)) return false;
  return err.name === 'AbortError' || err.name === 'APIUserAbortError' || /\baborted\b/i.test(err.message);
}
