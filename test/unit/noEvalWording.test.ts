// Fit to the task, not to the examples: no run of 4 consecutive words from any eval prompt (or any of their
// rewordings) appears in src/. Same tokenization as the project's before-stop hook: lowercase, [a-z0-9_]+,
// 4-grams, over every .ts/.js/.mjs/.json file under src (the fitted model.json included).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers/config';
import { devSkip, evalPrompts } from './helpers/evalSets';

const words = (text: string) => text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];

export function fourGrams(text: string): string[] {
  const w = words(text);
  const out: string[] = [];
  for (let i = 0; i + 4 <= w.length; i++) out.push(w.slice(i, i + 4).join(' '));
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs|json)$/.test(e.name) ? [p] : [];
  });
}

/** "file: "gram" (source)" for every eval 4-gram found in the files. */
export function wordingHits(files: readonly string[], prompts: readonly { source: string; prompt: string }[]): string[] {
  const grams = new Map<string, string>();
  for (const p of prompts) for (const g of fourGrams(p.prompt)) grams.set(g, p.source);
  const hits: string[] = [];
  for (const f of files) {
    for (const g of new Set(fourGrams(readFileSync(f, 'utf8')))) {
      if (grams.has(g)) hits.push(`${relative(ROOT, f)}: "${g}" (${grams.get(g)})`);
    }
  }
  return hits;
}

describe('no eval wording in src/', () => {
  it('the check finds a lifted phrase (negative control)', () => {
    const hits = wordingHits([join(ROOT, 'test', 'unit', 'noEvalWording.test.ts')], [{ source: 'control', prompt: 'Same tokenization as the project hook' }]);
    assert.equal(hits.length, 3);
  });
  it('no run of 4 words from an eval prompt or a rewording appears in any .ts/.js/.mjs/.json under src', { skip: devSkip }, () => {
    const prompts = evalPrompts();
    assert.ok(prompts.length > 150);
    const hits = wordingHits(sourceFiles(join(ROOT, 'src')), prompts);
    assert.deepEqual(hits, []);
  });
});
