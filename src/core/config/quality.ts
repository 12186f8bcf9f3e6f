// The range and the shipped default of the cost-quality dial (`routing.quality`); what a setting means is
// in classify/quality.ts.

export const QUALITY_MIN = 0;
export const QUALITY_MAX = 10;
/**
 * The shipped default, read off the cross-validated curve of `llm-router eval FILE --cv 5` (the README shows
 * it): the setting closest to the three goals, i.e. with the least total shortfall from complexity
 * accuracy ≥ 85%, complex → premium ≥ 95% and simple off premium ≥ 90% (or what the shipped rules allow at
 * all: they send every test to premium, so even perfect labels keep only 89.4% of simple requests off it);
 * ties go to the higher setting. At 5 a request goes up a level when that level is more likely than not.
 * A test re-derives this choice from the curve (test/unit/evalTargets.test.ts).
 */
export const DEFAULT_QUALITY = 5;
