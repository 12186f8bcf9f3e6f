// The timeouts that apply to one provider: its own `timeouts`, else the router's, else the defaults.
import type { ProviderInfo } from './model';
import type { RawConfig } from './schema';

export interface Timeouts {
  connect_ms: number;
  first_token_ms: number;
  idle_ms: number;
}

/** Defaults: local models may need to load before answering, so they are generous. */
export const DEFAULT_TIMEOUTS: Timeouts = { connect_ms: 30_000, first_token_ms: 60_000, idle_ms: 30_000 };

const resolved = new WeakMap<ProviderInfo, Timeouts>();

/** Provider's `timeouts`, else the router's, else the defaults. (ProviderInfo is per config, so is the cache.) */
export function timeoutsFor(router: RawConfig['router'], p: ProviderInfo): Timeouts {
  let t = resolved.get(p);
  if (!t) resolved.set(p, (t = resolve(router, p)));
  return t;
}

function resolve(router: RawConfig['router'], p: ProviderInfo): Timeouts {
  const r = router.timeouts;
  return {
    connect_ms: p.timeouts.connect_ms ?? r.connect_ms ?? DEFAULT_TIMEOUTS.connect_ms,
    first_token_ms: p.timeouts.first_token_ms ?? r.first_token_ms ?? DEFAULT_TIMEOUTS.first_token_ms,
    idle_ms: p.timeouts.idle_ms ?? r.idle_ms ?? DEFAULT_TIMEOUTS.idle_ms,
  };
}
