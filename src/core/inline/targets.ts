// Which providers may serve inline completions: fill-in-the-middle capable, usable, and local unless the
// config says `inline.allow_paid: true`. The router enforces the same (Router.fim); this answers "is inline
// available at all" for the status bar without building a request.
import type { LoadedConfig } from '../config/model';

export function inlineProviders(config: LoadedConfig): string[] {
  const allowPaid = config.raw.inline.allow_paid;
  return [...config.providers.values()].filter((p) => p.fim && !p.disabled && (p.local || allowPaid)).map((p) => p.name);
}
