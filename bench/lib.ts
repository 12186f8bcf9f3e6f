// Shared bench helpers: percentiles, rows, and the results file.

export interface BenchRow {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** Against a peer measured in the same run (e.g. a direct SDK call), where one exists. */
  ratio?: number;
  goal?: string;
  note?: string;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

export const nowNs = () => process.hrtime.bigint();
