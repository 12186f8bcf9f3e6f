// The secret scanner: runs the detectors whose keywords occur, keeps the most specific finding where
// spans overlap, and locates each one. Linear in the text; no finding ever holds the secret.
import { assignmentDetector } from './assign';
import { KIND_PRIORITY, type SecretFinding, type SecretKind } from './kinds';
import { TOKEN_DETECTORS, type Detector, type Span } from './tokens';
import { VENDOR_DETECTORS } from './vendors';

const DETECTORS: readonly Detector[] = [...TOKEN_DETECTORS, ...VENDOR_DETECTORS, assignmentDetector];

const emits = (d: Detector): SecretKind[] => (d === assignmentDetector ? ['secret_assignment', 'aws_secret_access_key'] : [d.kind]);

export interface ScanOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly SecretKind[];
}

/** At most 4 leading characters, fewer for short secrets, then "…". */
export function maskPreview(secret: string): string {
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4))) + '…';
}

export function scanSecrets(text: string, opts: ScanOptions = {}): SecretFinding[] {
  if (!text) return [];
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const d of DETECTORS) {
    if (opts.kinds && !emits(d).some((k) => opts.kinds!.includes(k))) continue;
    if (d.keywords.some((k) => lower.includes(k))) d.find(text, spans);
  }
  const kept = resolveOverlaps(opts.kinds ? spans.filter((s) => opts.kinds!.includes(s.kind)) : spans);
  if (!kept.length) return [];
  const lines = lineStarts(text);
  return kept.map((s) => {
    const line = lineOf(lines, s.start);
    return { kind: s.kind, start: s.start, end: s.end, line: line + 1, col: s.start - lines[line] + 1, preview: maskPreview(text.slice(s.start, s.end)) };
  });
}

/** Among overlapping spans keeps the most specific kind (then the longest); one sweep, sorted by start. */
function resolveOverlaps(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  const better = (a: Span, b: Span) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || b.end - b.start - (a.end - a.start);
  const kept: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || better(a, b))) {
    const last = kept[kept.length - 1];
    if (!last || s.start >= last.end) kept.push(s);
    else if (better(s, last) < 0) kept[kept.length - 1] = s;
  }
  return kept;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
