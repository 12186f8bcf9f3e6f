// The secret scanner: runs the detectors whose keywords occur, keeps the most specific finding where
// spans overlap, and locates each one. Linear in the text; no finding ever holds the secret.
import { assignmentDetector } from './assign';
import { KIND_PRIORITY, type SecretFinding, type SecretKind } from './kinds';
import { TOKEN_DETECTORS, type Detector, type Span } from './tokens';
import { VENDOR_DETECTORS } from './vendors';

const DETECTORS: readonly Detector[] = [...TOKEN_DETECTORS, ...VENDOR_DETECTORS, assignmentDetector];

const emits = (d: Detector): readonly SecretKind[] => d.emits ?? [d.kind];

/**
 * Every detector keyword in one pass over the lower-cased text (instead of one full read per keyword). Each
 * match restarts one character later, so overlapping keywords are seen; a keyword found also counts every
 * keyword inside it (`sk-ant-` holds `sk-` and `sk`).
 */
const ALL_KEYWORDS = [...new Set(DETECTORS.flatMap((d) => d.keywords).filter(Boolean))].sort((a, b) => b.length - a.length);
const INSIDE = new Map(ALL_KEYWORDS.map((k) => [k, ALL_KEYWORDS.filter((o) => k.includes(o))]));
const KEYWORDS = new RegExp(ALL_KEYWORDS.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
function keywordsIn(lower: string): Set<string> {
  const seen = new Set<string>(['']);
  KEYWORDS.lastIndex = 0;
  for (let m = KEYWORDS.exec(lower); m; m = KEYWORDS.exec(lower)) {
    if (!seen.has(m[0])) for (const k of INSIDE.get(m[0])!) seen.add(k);
    KEYWORDS.lastIndex = m.index + 1;
  }
  return seen;
}

export interface ScanOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly SecretKind[];
}

/** At most 4 leading characters, fewer for short secrets, then "…". */
export function maskPreview(secret: string): string {
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4))) + '…';
}

/** Scans done on another thread for large texts (core/analysis.ts), by text: the router finds them here. */
const scanned = new Map<string, SecretFinding[]>();
const SCANNED_KEPT = 64;

export function rememberScan(text: string, findings: SecretFinding[]): void {
  if (scanned.size >= SCANNED_KEPT) scanned.delete(scanned.keys().next().value!);
  scanned.set(text, findings);
}

export function scanSecrets(text: string, opts: ScanOptions = {}): SecretFinding[] {
  if (!text) return [];
  const done = opts.kinds ? undefined : scanned.get(text);
  if (done) return done.map((f) => ({ ...f }));
  const seen = keywordsIn(text.toLowerCase());
  const spans: Span[] = [];
  for (const d of DETECTORS) {
    if (opts.kinds && !emits(d).some((k) => opts.kinds!.includes(k))) continue;
    if (d.keywords.some((k) => seen.has(k))) d.find(text, spans);
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
