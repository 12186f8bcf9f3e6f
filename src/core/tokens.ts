// Token counts with a real BPE tokenizer (gpt-tokenizer's cl100k_base: pure JS, synchronous), not characters.
// Loaded on first use; the bundles keep it in its own file (dist/tokenizer.js), off the activation path.
//
// - Linear on any input. BPE is quadratic in the length of one pre-token (100k "a" took 12 s); only stretches
//   of whitespace, or of non-space non-digit characters, hold pre-tokens that long, so stretches over
//   RUN_PIECE characters are counted in pieces (a token more or less at a cut).
// - Text is counted in segments that end where a pre-token must end (after a line break that a non-blank
//   line follows), chosen by their content, so the sum is the exact count and a segment seen before (the same
//   code as the subject and inside the message, the same history every chat turn) is not counted again.
// - Above SAMPLE_ABOVE characters the count is estimated from windows spread over the whole text.

type Encoder = { countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number };
let encoder: Encoder | undefined;
/** Special-token text such as "<|endoftext|>" is counted as text (the default throws on it). */
const AS_TEXT = { disallowedSpecial: new Set<string>() };
/** BPE work done, for the tests that check it stays linear. */
export const tokenWork = { bpeCalls: 0, bpeChars: 0, longest: 0 };

function bpe(text: string): number {
  if (!text) return 0;
  tokenWork.bpeCalls++;
  tokenWork.bpeChars += text.length;
  tokenWork.longest = Math.max(tokenWork.longest, text.length);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (encoder ??= require('gpt-tokenizer/encoding/cl100k_base') as Encoder).countTokens(text, AS_TEXT);
}

/** Segments counted before, by their text: bounded, oldest first out. */
const SEGMENTS_KEPT = 4096;
const segments = new Map<string, number>();

function countSegment(text: string): number {
  let n = segments.get(text);
  if (n === undefined) {
    n = bpe(text);
    if (segments.size >= SEGMENTS_KEPT) segments.delete(segments.keys().next().value!);
    segments.set(text, n);
  }
  return n;
}

/** Longest stretch counted in one BPE call; BPE on a piece this long takes microseconds. */
export const RUN_PIECE = 256;
/** Segments end after a line whose hash is 0 mod this (about one line in eight), once they hold SEGMENT_MIN characters. */
const CUT_EVERY = 8;
const SEGMENT_MIN = 512;

const WS = 0;
const DIGIT = 1;
const WORD = 2;
/** ASCII classes; anything else is WORD except the Unicode spaces. */
const ASCII = new Uint8Array(128).map((_, c) => (c === 32 || (c >= 9 && c <= 13) ? WS : c >= 48 && c <= 57 ? DIGIT : WORD));
const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
const classOf = (c: number) =>
  c < 128 ? ASCII[c] : c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff ? WS : WORD;

/** Never cut between the two halves of a surrogate pair. */
const cutAt = (text: string, i: number) => (i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00 ? i - 1 : i);

/** Exact BPE count, except that over-long stretches are cut. One pass over the character codes. */
function countExact(text: string): number {
  if (text.length <= SEGMENT_MIN) return countSegment(text);
  let n = 0;
  let from = 0; // start of the segment being read
  let runStart = 0;
  let runClass = -1;
  let boundary = -1; // last letter/symbol change inside the current stretch
  let lineHash = 0;
  let pending = -1; // a line break after a hash-chosen line: a cut once the next line proves non-blank
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = classOf(c);
    if (c === 10) {
      pending = (lineHash & (CUT_EVERY - 1)) === 0 && i + 1 - from >= SEGMENT_MIN ? i + 1 : -1;
      lineHash = 0;
    } else {
      lineHash = (lineHash * 31 + c) | 0;
      if (pending >= 0 && k !== WS) {
        n += countSegment(text.slice(from, pending));
        from = pending;
        pending = -1;
      }
    }
    if (k !== runClass) {
      runClass = k;
      runStart = i;
      boundary = -1;
      continue;
    }
    const prev = text.charCodeAt(i - 1);
    if (k === WORD && c < 128 && prev < 128 && isAsciiLetter(c) !== isAsciiLetter(prev)) boundary = i;
    if (k !== DIGIT && i - runStart >= RUN_PIECE) {
      const cut = cutAt(text, boundary > runStart + RUN_PIECE / 2 ? boundary : i);
      n += countSegment(text.slice(from, cut));
      from = runStart = cut;
      boundary = pending = -1;
    }
  }
  return n + countSegment(from ? text.slice(from) : text);
}

/** Above this size, count a sample and scale: exact enough for routing, and bounded in time. */
export const SAMPLE_ABOVE = 128 * 1024;
const WINDOWS = 16;
const WINDOW = SAMPLE_ABOVE / WINDOWS;

/** Windows spread evenly from the start to the end, each moved to start after a line break or space when one is near. */
function sampleCount(text: string): number {
  let tokens = 0;
  let chars = 0;
  const stride = (text.length - WINDOW) / (WINDOWS - 1);
  for (let w = 0; w < WINDOWS; w++) {
    let start = Math.floor(w * stride);
    if (start > 0) {
      const ws = text.slice(start, start + 64).search(/\s/);
      if (ws >= 0) start += ws + 1;
      start = cutAt(text, start);
    }
    const window = text.slice(start, cutAt(text, Math.min(text.length, start + WINDOW)));
    tokens += countExact(window);
    chars += window.length;
  }
  return Math.round((tokens * text.length) / Math.max(1, chars));
}

/** Counts of whole texts: large ones counted here, and those another thread counted (rememberTokens). */
const KNOWN_FROM = 16 * 1024;
const KNOWN_KEPT = 256;
const known = new Map<string, number>();

export function rememberTokens(text: string, tokens: number): void {
  if (known.size >= KNOWN_KEPT) known.delete(known.keys().next().value!);
  known.set(text, tokens);
}

export function countTokens(text: string): number {
  if (!text) return 0;
  if (text.length < SEGMENT_MIN) return countSegment(text);
  let n = known.get(text);
  if (n === undefined) {
    n = text.length <= SAMPLE_ABOVE ? countExact(text) : sampleCount(text);
    if (text.length >= KNOWN_FROM) rememberTokens(text, n);
  }
  return n;
}

export function countMessageTokens(messages: readonly { content: string }[]): number {
  // Chat formats add a few tokens of framing per message.
  let n = 0;
  for (const m of messages) n += countTokens(m.content) + 4;
  return n;
}
