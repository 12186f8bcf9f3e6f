// Small wording helpers for what users read.

/** "1 request", "2 requests". */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** What one request cost, as its footer says it: "no charge" for nothing, never "$0.0000" for a sliver of a cent. */
export const chargeText = (usd: number) => (!Number.isFinite(usd) ? 'cost unknown' : usd > 0 ? (usd < 0.0001 ? '<$0.0001' : `$${usd.toFixed(4)}`) : 'no charge');
