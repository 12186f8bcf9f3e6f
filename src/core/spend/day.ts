// A budget day is a LOCAL calendar day: it runs from local midnight to local midnight.

/** Milliseconds since the epoch; injectable so tests can cross midnight. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of the local calendar day containing `ms`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return localDay(new Date(y, m - 1, d + n, 12).getTime());
}

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
