// The work a request's text costs before the router can decide: token counts, the secret scan and the
// classification. Linear, but on a large input (a whole file, megabytes) it would hold the event loop for
// seconds, so the extension runs `analyze` on another thread (src/vscode/analysisWorker.ts) and `remember`s the
// results here: the router's own synchronous calls then find them instead of doing the work again.
import { classify, type ClassifyInput } from './classify';
import { isBinaryText, rememberBinary } from './input';
import type { SecretFinding } from './privacy/kinds';
import { rememberScan, scanSecrets } from './privacy/scan';
import { countTokens, rememberTokens } from './tokens';
import type { Classification } from './types';

/** Requests with more characters than this are analyzed off the event loop when an analyzer is given. */
export const LARGE_INPUT_CHARS = 64 * 1024;

export interface AnalysisInput {
  /** Texts to count and scan for secrets (a request's message contents). */
  scan?: readonly string[];
  /** Texts only to count (batch items). */
  count?: readonly string[];
  classify?: ClassifyInput;
  /** The cost-quality dial the classification uses (routing.quality). */
  quality?: number;
}

/**
 * What crosses to the thread: each distinct text once (a request's subject and prompt are usually inside its
 * messages too, and copying megabytes is what the event loop would wait for), the rest as indexes into it.
 */
export interface PackedInput {
  texts: string[];
  scan: number[];
  count: number[];
  classify?: Omit<ClassifyInput, 'text' | 'prompt'> & { text?: number; prompt?: number };
  quality?: number;
}

export function pack(input: AnalysisInput): PackedInput {
  const texts: string[] = [];
  const index = new Map<string, number>();
  const ref = (t: string) => {
    let i = index.get(t);
    if (i === undefined) index.set(t, (i = texts.push(t) - 1));
    return i;
  };
  const c = input.classify;
  return {
    texts,
    scan: (input.scan ?? []).map(ref),
    count: (input.count ?? []).map(ref),
    classify: c && { ...c, text: c.text === undefined ? undefined : ref(c.text), prompt: c.prompt === undefined ? undefined : ref(c.prompt) },
    quality: input.quality,
  };
}

export function unpack(p: PackedInput): AnalysisInput {
  const c = p.classify;
  return {
    scan: p.scan.map((i) => p.texts[i]),
    count: p.count.map((i) => p.texts[i]),
    classify: c && { ...c, text: c.text === undefined ? undefined : p.texts[c.text], prompt: c.prompt === undefined ? undefined : p.texts[c.prompt] },
    quality: p.quality,
  };
}

export interface Analysis {
  /** Per scanned text: binary data (never sent). */
  binary: boolean[];
  scanTokens: number[];
  findings: SecretFinding[][];
  countTokens: number[];
  classification?: Classification;
}

/** A thread (or anything asynchronous) that runs `analyze`. */
export type Analyzer = (input: AnalysisInput) => Promise<Analysis>;

export function analyze(input: AnalysisInput): Analysis {
  const scan = input.scan ?? [];
  return {
    binary: scan.map(isBinaryText),
    scanTokens: scan.map(countTokens),
    findings: scan.map((t) => scanSecrets(t)),
    countTokens: (input.count ?? []).map(countTokens),
    classification: input.classify && classify(input.classify, { quality: input.quality }),
  };
}

/** Keeps what `analyze` found, so the synchronous calls on the same texts return it at once. */
export function remember(input: AnalysisInput, a: Analysis): void {
  input.scan?.forEach((t, i) => {
    rememberBinary(t, a.binary[i]);
    rememberTokens(t, a.scanTokens[i]);
    rememberScan(t, a.findings[i]);
  });
  input.count?.forEach((t, i) => rememberTokens(t, a.countTokens[i]));
}

export const charsOf = (texts: readonly string[]) => texts.reduce((n, t) => n + t.length, 0);
