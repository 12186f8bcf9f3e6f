// How the dashboard writes amounts, shares, times and counts.

/** Cents; four decimals below a cent; and never a misleading $0.0000 for a tiny non-zero amount. */
export function money(n: number): string {
  if (n === 0) return '$0';
  const a = Math.abs(n);
  const text = a < 0.0001 ? '<$0.0001' : `$${a < 0.01 ? a.toFixed(4) : a.toFixed(2)}`;
  return n < 0 ? `−${text}` : text;
}

export const pct = (n: number): string => `${Math.round(n * 100)}%`;

/** HH:MM:SS in the local time zone. */
export const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

export const tokens = (n: number): string => (n >= 10000 ? `${(n / 1000).toFixed(1)}k` : String(n));

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
