// The actual cost of one response, from the usage the provider returned. Pure.
// (Lives with the router for now; the spend side may adopt it.)
import type { Price } from '../spend/prices';
import type { Usage } from '../types';

export function costOfUsage(price: Price, usage: Usage): number {
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * price.cacheRead +
      usage.cacheWriteTokens * price.cacheWrite) /
    1e6
  );
}
