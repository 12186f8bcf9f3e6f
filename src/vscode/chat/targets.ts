// Who answered, in the chat's terms (provider, model, tier, local), and the tier a retry would climb to.
import { nextTier, type Target } from '../../core/chat/present';
import { TIERS, type Tier } from '../../core/types';
import type { Services } from '../services';

export function targetOf(services: Services, provider?: string, model?: string): Target | undefined {
  const p = provider ? services.router.config.providers.get(provider) : undefined;
  return p && model !== undefined ? { provider: p.name, model, tier: p.tier, local: p.local } : undefined;
}

/** The tier above `tier` when some usable provider serves it and nothing keeps the request local. */
export function escalation(services: Services, tier: Tier | undefined): Tier | undefined {
  const next = tier && nextTier(tier);
  const config = services.router.config;
  if (!next || services.localOnlySetting() || config.raw.privacy.local_only) return undefined;
  const rank = TIERS.indexOf(next);
  return [...config.providers.values()].some((p) => TIERS.indexOf(p.tier) >= rank && !p.disabled) ? next : undefined;
}
