// Token counts with a real BPE tokenizer (gpt-tokenizer's cl100k_base: pure JS, synchronous), not characters.
// Loaded on first use; the bundles keep it in its own file (dist/tokenizer.js), off the activation path.

type Encoder = { countTokens(text: string): number };
let encoder: Encoder | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bpeCount = (text: string) => (encoder ??= require('gpt-tokenizer/encoding/cl100k_base') as Encoder).countTokens(text);

/** Above this size, count a sample and scale: exact enough for routing, and bounded in time. */
const EXACT_LIMIT = 200_000;

export function countTokens(text: string): number {
  if (!text) return 0;
  if (text.length <= EXACT_LIMIT) return bpeCount(text);
  const sample = text.slice(0, EXACT_LIMIT);
  return Math.round((bpeCount(sample) * text.length) / sample.length);
}

export function countMessageTokens(messages: readonly { content: string }[]): number {
  // Chat formats add a few tokens of framing per message.
  let n = 0;
  for (const m of messages) n += countTokens(m.content) + 4;
  return n;
}
