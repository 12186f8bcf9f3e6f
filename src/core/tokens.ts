// Token counts with a real BPE tokenizer (gpt-tokenizer's cl100k_base: pure JS, synchronous), not characters.
// Loaded on first use; the bundles keep it in its own file (dist/tokenizer.js), off the activation path.
//
// Linear on any input. BPE is quadratic in the length of one pre-token (100k "a" took 12 s), and only runs
// of letters, of symbols or of whitespace make pre-tokens that long, so such runs are counted in pieces of
// RUN_PIECE characters (a few tokens more or less at each cut). Above SAMPLE_ABOVE characters the count is
// estimated from windows spread over the whole text.

type Encoder = { countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number };
let encoder: Encoder | undefined;
/** Special-token text such as "<|endoftext|>" is counted as text (the default throws on it). */
const AS_TEXT = { disallowedSpecial: new Set<string>() };
/** BPE calls made, for the tests that check the work stays linear. */
export const tokenWork = { bpeCalls: 0, bpeChars: 0 };

function bpe(text: string): number {
  if (!text) return 0;
  tokenWork.bpeCalls++;
  tokenWork.bpeChars += text.length;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (encoder ??= require('gpt-tokenizer/encoding/cl100k_base') as Encoder).countTokens(text, AS_TEXT);
}

/** Longest run counted in one BPE call; BPE on a piece this long takes microseconds. */
export const RUN_PIECE = 256;
/**
 * Runs of RUN_PIECE or more letters, symbols or whitespace characters. Each alternative may start only where
 * its run starts (the lookbehind), so the scan is linear.
 */
const LONG_RUN = new RegExp(
  `(?<!\\p{L})\\p{L}{${RUN_PIECE},}|(?<![^\\s\\p{L}\\p{N}])[^\\s\\p{L}\\p{N}]{${RUN_PIECE},}|(?<!\\s)\\s{${RUN_PIECE},}`,
  'gu',
);

/** Never cut between the two halves of a surrogate pair. */
const cutAt = (text: string, i: number) => (i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00 ? i - 1 : i);

function countRun(run: string): number {
  let n = 0;
  for (let i = 0; i < run.length; ) {
    const end = cutAt(run, Math.min(run.length, i + RUN_PIECE));
    n += bpe(run.slice(i, end));
    i = end;
  }
  return n;
}

/** Exact BPE count, except that over-long runs are counted in pieces. */
function countExact(text: string): number {
  if (text.length < RUN_PIECE) return bpe(text);
  let n = 0;
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    n += bpe(text.slice(last, m.index)) + countRun(m[0]);
    last = m.index + m[0].length;
  }
  return n + bpe(last ? text.slice(last) : text);
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

/** The last few counts of large texts: one request counts the same file as the subject and in its message. */
const MEMO_FROM = 16 * 1024;
const MEMO_SIZE = 8;
const memo = new Map<string, number>();

export function countTokens(text: string): number {
  if (!text) return 0;
  if (text.length < MEMO_FROM) return countExact(text);
  let n = memo.get(text);
  if (n === undefined) {
    n = text.length <= SAMPLE_ABOVE ? countExact(text) : sampleCount(text);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(text, n);
  }
  return n;
}

export function countMessageTokens(messages: readonly { content: string }[]): number {
  // Chat formats add a few tokens of framing per message.
  let n = 0;
  for (const m of messages) n += countTokens(m.content) + 4;
  return n;
}
