// Combines code signals and prompt signals into one difficulty score, kept as named parts so the
// reason can say what decided it. Bands: score ≤ 1 simple, 2–3 medium, ≥ 4 complex.
//
// The shape of the score follows the labelling rules:
// - plain code, however long, tops out at medium: its weight counts *novel* lines (repetition
//   discounted) and decision points, not raw length; only thousands of lines of real logic reach 3;
// - short but tricky code is complex on its own: lock-free / atomics (+4), dense regexes (+4),
//   unsafe (+2), concurrency primitives (+1/+2), security-sensitive code (+1/+2);
// - the prompt counts: each requirement category it adds (concurrency, security, failure modes,
//   scale, design, depth) is +2, narrowing words are −1 each;
// - summarize follows input size: > 32k tokens or 1500+ lines is complex.
import type { Complexity, TaskType } from '../types';
import type { PromptAnalysis } from './prompt';
import type { CodeSignals } from './signals';

export interface ScorePart {
  points: number;
  /** A few words for the reason: "lock-free atomics in the code". */
  why: string;
}

export interface Scored {
  score: number;
  complexity: Complexity;
  parts: ScorePart[];
  /** Set when a rule decides outright (long summarize input). */
  forced?: string;
}

export const LONG_INPUT_TOKENS = 32_000;
export const LONG_INPUT_LINES = 1500;

export function band(score: number): Complexity {
  return score <= 1 ? 'simple' : score <= 3 ? 'medium' : 'complex';
}

/** 0..3 from the code alone, ignoring trickiness: how much real logic there is to take in. */
export function codeWeight(s: CodeSignals, tokens: number): { base: number; why: string } {
  if (s.prose) {
    const base = tokens < 300 ? 0 : tokens < 2500 ? 1 : 2;
    return { base, why: `${s.lines} lines of prose` };
  }
  if (!s.codeLines) return { base: 0, why: 'no code' };
  // Novel lines: distinct shapes, discounted again by how repetitive the text is.
  const novel = (s.distinctShapes * s.distinctShapes) / s.codeLines;
  const w = novel / 12 + s.decisionPoints / 4 + Math.max(0, s.nestingDepth - 4) * 0.25 + (s.recursive ? 1 : 0) + (s.imports >= 5 ? 0.5 : 0);
  const effectiveTokens = tokens * (1 - s.repetition);
  if (novel >= 400 || effectiveTokens >= 12_000) return { base: 3, why: `${s.codeLines} lines of real logic` };
  const base = w < 1 ? 0 : w < 2.2 ? 1 : 2;
  const what =
    s.repetition >= 0.5 && s.codeLines >= 30
      ? `${s.codeLines} repetitive lines`
      : `${s.codeLines} lines, ${s.decisionPoints} decision points${s.recursive ? ', recursive' : ''}`;
  return { base, why: what };
}

/** Points for code that is hard however short it is. Capped at 4. */
export function trickyParts(s: CodeSignals): ScorePart[] {
  const parts: ScorePart[] = [];
  if (s.lockFree.length) parts.push({ points: 4, why: `lock-free/atomic code (${s.lockFree.slice(0, 3).join(', ')})` });
  if (s.unsafe.length) parts.push({ points: 2, why: `unsafe code (${s.unsafe.slice(0, 2).join(', ')})` });
  if (s.concurrency.length) parts.push({ points: s.concurrency.length >= 2 ? 2 : 1, why: `concurrency primitives (${s.concurrency.slice(0, 3).join(', ')})` });
  const rc = s.regexConstructs;
  if (rc >= 20 || (rc >= 8 && rc >= s.codeLines)) parts.push({ points: 4, why: `dense regexes (${rc} constructs)` });
  else if (rc >= 8) parts.push({ points: 2, why: `regexes (${rc} constructs)` });
  else if (rc >= 4) parts.push({ points: 1, why: `some regexes` });
  if (s.security.length >= 2) parts.push({ points: s.security.length >= 3 ? 2 : 1, why: `security-sensitive code (${s.security.join(', ')})` });
  // Keep the total at 4: one strong reason is enough, several do not add up further.
  let budget = 4;
  return parts
    .sort((a, b) => b.points - a.points)
    .map((p) => {
      const points = Math.min(p.points, budget);
      budget -= points;
      return { ...p, points };
    })
    .filter((p) => p.points > 0);
}

export interface PromptScoring {
  task: TaskType;
  /** The prompt is the whole specification (generate, chat without code). */
  specOnly: boolean;
  hasCode: boolean;
  codeSecurity: number;
}

export function promptParts(p: PromptAnalysis, ctx: PromptScoring): ScorePart[] {
  const parts: ScorePart[] = [];
  const cats = Object.keys(p.hard);
  if (cats.length) {
    const terms = cats.reduce((n, c) => n + p.hard[c].length, 0);
    let pts = Math.min(5, cats.length * 2 + (terms - cats.length));
    if (p.lowLevelConcurrency) pts = Math.min(6, pts + 2);
    // A general question that merely mentions threads or security is not a requirement.
    if (ctx.task === 'chat') pts = Math.floor(pts / 2);
    const words = cats.flatMap((c) => p.hard[c].slice(0, 2));
    if (pts) parts.push({ points: pts, why: `the prompt asks about ${cats.join(' + ')} ("${words.slice(0, 3).join('", "')}")` });
    if (p.hard.security && ctx.codeSecurity >= 1) parts.push({ points: 1, why: 'a security question on security-sensitive code' });
  }
  if (!p.hard.security && p.judgement && ctx.codeSecurity >= 1) parts.push({ points: 2, why: 'a review of security-sensitive code' });
  // A build request (code, tests, docs) with no code at hand is its own specification: named techniques,
  // parts to build and several requirements add up. With code at hand the code measures the work (and
  // named parts only name the subject); a question that names a technique is not a specification.
  const spec = ctx.specOnly && (ctx.task === 'code_generation' || ctx.task === 'testing' || ctx.task === 'docs');
  const modKinds = Object.keys(p.moderate).filter((k) => k !== 'parts' || spec);
  if (modKinds.length) {
    let pts = 0;
    for (const k of modKinds) pts += k === 'technique' && spec ? 2 : 1;
    pts = Math.min(spec ? 3 : 1, pts);
    parts.push({ points: pts, why: `${modKinds.join(', ')} ("${modKinds.map((k) => p.moderate[k][0]).slice(0, 2).join('", "')}")` });
  }
  if (p.symptom && (ctx.task === 'reasoning' || ctx.task === 'code_generation' || ctx.task === 'chat')) {
    parts.push({ points: ctx.hasCode || p.intermittent ? 2 : 1, why: `${p.intermittent ? 'an intermittent bug' : 'a bug'} to hunt ("${p.symptom.slice(0, 40)}")` });
  }
  if (ctx.specOnly && (ctx.task === 'reasoning' || ctx.task === 'chat') && p.question && p.totalWords > 20) {
    parts.push({ points: 1, why: `a ${p.totalWords}-word question` });
  } else if (ctx.specOnly && p.words > 40) {
    parts.push({ points: 1, why: `a ${p.words}-word specification` });
  }
  if (p.narrow.length) parts.push({ points: -Math.min(2, p.narrow.length), why: `narrowed by "${p.narrow.slice(0, 2).join('", "')}"` });
  return parts;
}

export function total(parts: ScorePart[]): number {
  return parts.reduce((n, p) => n + p.points, 0);
}
