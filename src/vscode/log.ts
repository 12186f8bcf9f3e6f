// The "LLM Router" log channel: one line per decision and per attempt. No prompt text at info, no key ever.
import * as vscode from 'vscode';

export type Redact = (text: string) => string;

export interface RouterLog {
  readonly channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Replaces the function that scrubs keys from every line (the loaded keys change with the config). */
  setRedactor(redact: Redact): void;
}

export function createLog(): RouterLog {
  const channel = vscode.window.createOutputChannel('LLM Router', { log: true });
  let redact: Redact = (t) => t;
  return {
    channel,
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    setRedactor: (r) => (redact = r),
  };
}
