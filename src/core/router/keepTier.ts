// Conversations keep their tier: once a chat conversation was answered on a higher tier, its next turns start
// at least there. A switch to a cheaper model mid-conversation throws away the provider's prompt cache and
// the quality of context the conversation was built on. Pure.
import { TIERS, type Decision, type Tier } from '../types';

export const KEPT_TIER = 'kept tier from earlier in this conversation';

/** What an earlier answer of the conversation left in its metadata. */
export interface EarlierAnswer {
  ok: boolean;
  /** The tier of the provider that answered. */
  tier?: Tier;
}

/** The highest tier an earlier answer came from, when it is above local; undefined otherwise. */
export function conversationTier(answers: readonly EarlierAnswer[]): Tier | undefined {
  let rank = 0;
  for (const a of answers) if (a.ok && a.tier) rank = Math.max(rank, TIERS.indexOf(a.tier));
  return rank > 0 ? TIERS[rank] : undefined;
}

/** The tier the decision would answer on: its first usable step's. */
export function headTier(decision: Decision, tierOf: (provider: string) => Tier | undefined): Tier | undefined {
  const head = decision.chain.find((s) => !s.skipped);
  return head ? tierOf(head.provider) : undefined;
}

/** The decision falls below the kept tier (and no stronger minimum is asked for already). */
export function fallsBelow(kept: Tier | undefined, head: Tier | undefined, minTier: Tier | undefined): kept is Tier {
  if (!kept || !head) return false;
  const rank = TIERS.indexOf(kept);
  return TIERS.indexOf(head) < rank && (!minTier || TIERS.indexOf(minTier) < rank);
}
