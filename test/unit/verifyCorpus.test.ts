// The verifier on a corpus of answers a local model could give (test/fixtures/verify): valid code with the
// constructs that fool bracket counting (brackets in strings, regexes, raw strings, heredocs, lifetimes), and
// broken code as models break it (cut off mid-function, prose after the code, a missing colon, semicolon,
// brace or `end`). Recall: broken answers rejected; false rejections: valid answers rejected. Both printed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, it } from 'node:test';
import { basicVerifier, unbalanced } from '../../src/core/verify';
import { ROOT } from './helpers/config';

const LANGUAGE: Record<string, string> = { '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.rb': 'ruby' };
const DIR = join(ROOT, 'test', 'fixtures', 'verify');
const corpus = (kind: 'valid' | 'broken') =>
  readdirSync(join(DIR, kind)).map((f) => ({ file: `${kind}/${f}`, language: LANGUAGE[extname(f)], code: readFileSync(join(DIR, kind, f), 'utf8') }));

describe('verifier: recall on broken answers, false rejections on valid ones', () => {
  const valid = corpus('valid');
  const broken = corpus('broken');

  it('the corpus: at least 30 snippets in at least 5 languages, every file a known language', () => {
    assert.ok(valid.length + broken.length >= 30);
    assert.ok(new Set([...valid, ...broken].map((s) => s.language)).size >= 5);
    for (const s of [...valid, ...broken]) assert.ok(s.language, `${s.file}: unknown extension`);
  });

  it('rejects every broken answer, and no valid one; the decision says where', { timeout: 120_000 }, async () => {
    const verdict = async (s: { code: string; language: string }) => basicVerifier('```\n' + s.code + '```', { taskType: 'code_generation', language: s.language });
    const falseRejections: string[] = [];
    const missed: string[] = [];
    for (const s of valid) {
      const v = await verdict(s);
      if (!v.ok) falseRejections.push(`${s.file}: ${v.reason}`);
    }
    for (const s of broken) {
      const v = await verdict(s);
      if (v.ok) missed.push(s.file);
      else assert.match(v.reason, new RegExp(`^\\d+ syntax errors? \\(${s.language}: .+ at \\d+:\\d+\\)$`), `${s.file}: ${v.reason}`);
    }
    // Bracket balance alone, the check before the parsers, on the same corpus.
    const oldMissed = broken.filter((s) => unbalanced(s.code) === 0).length;
    const oldFalse = valid.filter((s) => unbalanced(s.code) > 0).length;
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    console.log(
      `verifier corpus: ${valid.length} valid + ${broken.length} broken in ${new Set([...valid, ...broken].map((s) => s.language)).size} languages; ` +
        `recall ${pct(broken.length - missed.length, broken.length)} (${broken.length - missed.length}/${broken.length}), false rejections ${pct(falseRejections.length, valid.length)} (${falseRejections.length}/${valid.length}); ` +
        `bracket balance alone: recall ${pct(broken.length - oldMissed, broken.length)}, false rejections ${pct(oldFalse, valid.length)}`,
    );
    assert.deepEqual(falseRejections, []);
    assert.deepEqual(missed, []);
  });
});
