// Shared by the eval reports: percentages, goal marks, confusion tables.
import type { Confusion } from '../../core/eval';
import { table } from '../io';

/** The goals on requests the classifier has never seen, shown next to the figures. */
export const TARGETS = { taskTypeAccuracy: 0.95, complexityAccuracy: 0.85, complexToPremiumRecall: 0.95, simpleOffPremiumShare: 0.9 } as const;

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const mark = (x: number, target: number) => `target ≥ ${Math.round(target * 100)}%  ${x >= target ? 'ok' : 'MISSED'}`;

/** Only the labels that occur, expected or predicted. */
export function confusionTable<L extends string>(c: Confusion<L>): string {
  const used = c.labels.filter((l) => c.labels.some((o) => c.matrix[l][o] > 0 || c.matrix[o][l] > 0));
  const short = (l: string) => (l === 'code_generation' ? 'code_gen' : l === 'classification' ? 'classify' : l === 'summarization' ? 'summary' : l);
  return table([['', ...used.map(short)], ...used.map((e) => ['  ' + short(e), ...used.map((p) => (c.matrix[e][p] ? String(c.matrix[e][p]) : '.'))])]);
}
