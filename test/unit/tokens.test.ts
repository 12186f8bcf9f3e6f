// Token counting is linear on any input: long runs of one character are counted in pieces, large texts by
// sampling. Work is asserted by counting BPE calls and characters, never by the clock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { classify } from '../../src/core/classify';
import { countTokens, RUN_PIECE, SAMPLE_ABOVE, tokenWork } from '../../src/core/tokens';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const raw = require('gpt-tokenizer/encoding/cl100k_base') as { countTokens(t: string): number };

/** BPE calls and characters while `f` runs, and the longest text one call got. */
function work(f: () => unknown): { calls: number; chars: number; longest: number } {
  const before = { ...tokenWork };
  tokenWork.longest = 0;
  f();
  return { calls: tokenWork.bpeCalls - before.bpeCalls, chars: tokenWork.bpeChars - before.bpeChars, longest: tokenWork.longest };
}

const RUNS: Record<string, string> = { letters: 'a', symbols: '=', spaces: ' ', newlines: '\n', cjk: '中', emoji: '😀' };

describe('countTokens', () => {
  it('is exact (the tokenizer\'s own count) on ordinary source files', () => {
    for (const f of ['src/core/router.ts', 'src/core/classify/signals.ts', 'README.md', 'config/llm_routing.yaml']) {
      const text = readFileSync(join(__dirname, '..', '..', f), 'utf8').slice(0, SAMPLE_ABOVE);
      assert.equal(countTokens(text), raw.countTokens(text), f);
    }
  });

  it('counts special-token text such as <|endoftext|> as text instead of throwing', () => {
    assert.ok(countTokens('before <|endoftext|> after <|fim_prefix|>') > 5);
  });

  for (const [name, ch] of Object.entries(RUNS)) {
    it(`a long run of ${name} is counted in pieces of at most ${RUN_PIECE} characters, close to the exact count`, () => {
      const text = ch.repeat(4 * RUN_PIECE + 7);
      const w = work(() => countTokens(text));
      assert.ok(w.longest <= RUN_PIECE + 1, `one BPE call got ${w.longest} characters`);
      assert.ok(w.chars <= text.length, 'no character is counted twice');
      const exact = raw.countTokens(text);
      assert.ok(Math.abs(countTokens(text) - exact) <= Math.max(2, exact * 0.02), `${countTokens(text)} vs exact ${exact}`);
    });
  }

  it('does work proportional to the input, whatever its shape', () => {
    for (const ch of Object.values(RUNS)) {
      for (const n of [10_000, 100_000]) {
        const text = ch.repeat(n / ch.length);
        const w = work(() => countTokens(text));
        // Each BPE call sees at most one piece of a run; calls and characters grow with n at most.
        assert.ok(w.longest <= RUN_PIECE + 1, `one BPE call got ${w.longest} characters`);
        assert.ok(w.chars <= text.length, `${w.chars} chars for ${text.length}`);
        assert.ok(w.calls <= Math.ceil(text.length / RUN_PIECE) + 2, `${w.calls} calls`);
      }
    }
  });

  it('above SAMPLE_ABOVE counts a sample spread over the whole text, and scales it', () => {
    const code = readFileSync(join(__dirname, '..', '..', 'src', 'core', 'router.ts'), 'utf8');
    const prose = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    // Half code, half prose: a prefix sample would see only code.
    let text = '';
    while (text.length < 2 * SAMPLE_ABOVE) text += code;
    let tail = '';
    while (tail.length < 2 * SAMPLE_ABOVE) tail += prose;
    text += tail;
    const w = work(() => countTokens(text));
    assert.ok(w.chars <= SAMPLE_ABOVE + 64, `sampled ${w.chars} of ${text.length} characters`);
    const exact = raw.countTokens(text);
    assert.ok(Math.abs(countTokens(text) - exact) / exact < 0.05, `${countTokens(text)} vs about ${Math.round(exact)}`);
  });

  it('counts the same code once, whether alone or inside a message (segments chosen by content)', () => {
    const code = readFileSync(join(__dirname, '..', '..', 'src', 'core', 'rules.ts'), 'utf8') + `// ${Math.random()}\n`;
    const message = `Explain this code from rules.ts:\n\n\`\`\`typescript\n${code}\`\`\``;
    const first = work(() => countTokens(code));
    const inside = work(() => countTokens(message));
    assert.ok(first.chars >= code.length * 0.99);
    assert.ok(inside.chars < code.length * 0.3, `${inside.chars} of ${message.length} characters counted again`);
    assert.equal(countTokens(message), raw.countTokens(message), 'and the sum is exact');
  });
});

describe('classify on pathological input', () => {
  // A generous timeout that only stops a hung test: the quadratic path took over 60 s on 1 MB.
  for (const [name, ch] of Object.entries(RUNS)) {
    it(`1 MB of one repeated character (${name}) classifies, with BPE work bounded by the sample`, { timeout: 30_000 }, () => {
      const text = ch.repeat((1 << 20) / ch.length);
      const w = work(() => classify({ action: 'explain', text }));
      assert.ok(w.chars <= 3 * SAMPLE_ABOVE, `${w.chars} BPE characters`);
      const chat = work(() => classify({ action: 'chat', prompt: text }));
      assert.ok(chat.chars <= 3 * SAMPLE_ABOVE, `${chat.chars} BPE characters`);
    });
  }
});
