// The cost-quality dial (`routing.quality`, the `llmRouter.quality` setting): 0..10. It sets the calibrated
// probability a request must have of needing a complexity level before it is sent at that level. Higher
// quality sends more borderline requests up a level. No model import here: the config schema uses it.
import { QUALITY_MAX, QUALITY_MIN } from '../config/quality';
import type { Complexity } from '../types';

export { DEFAULT_QUALITY, QUALITY_MAX, QUALITY_MIN } from '../config/quality';

export type Probabilities = Record<Complexity, number>;

/** 0.5 at the middle of the dial; lower (more requests go up) as the quality rises. */
export function thresholdFor(quality: number): number {
  const q = Math.min(QUALITY_MAX, Math.max(QUALITY_MIN, quality));
  return (11 - q) / 12;
}

/** The level a request goes to: the highest one it needs with probability ≥ the dial's threshold. */
export function complexityAt(p: Probabilities, quality: number): Complexity {
  const t = thresholdFor(quality);
  if (p.complex >= t) return 'complex';
  return p.medium + p.complex >= t ? 'medium' : 'simple';
}
