// The README figure generator (scripts/figures.ts): sections between markers are replaced, nothing else is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { README, replaceSection, SECTIONS, sectionBody, unknownSections } from '../../scripts/figures';

describe('README figures', () => {
  it('replaces only the text between a section\'s markers', () => {
    const readme = 'intro\n<!-- generated:x -->\nold\n<!-- /generated:x -->\noutro\n';
    const out = replaceSection(readme, 'x', sectionBody({ name: 'x', cli: ['eval', 'a.jsonl'] }, 'figure 1'));
    assert.equal(out, 'intro\n<!-- generated:x -->\n```text\n$ llm-router eval a.jsonl\nfigure 1\n```\n<!-- /generated:x -->\noutro\n');
    assert.equal(replaceSection(out, 'x', sectionBody({ name: 'x', cli: ['eval', 'a.jsonl'] }, 'figure 1')), out);
  });
  it('a missing or unknown section is an error, never a silent pass', () => {
    assert.throws(() => replaceSection('no markers', 'x', ''), /no <!-- generated:x --> … <!-- \/generated:x --> pair/);
    assert.deepEqual(unknownSections('<!-- generated:mystery -->', SECTIONS), ['mystery']);
  });
  it('every generator has its markers in the README, and the README names no section without a generator', () => {
    const readme = readFileSync(README, 'utf8');
    for (const s of SECTIONS) assert.ok(readme.includes(`<!-- generated:${s.name} -->`) && readme.includes(`<!-- /generated:${s.name} -->`), s.name);
    assert.deepEqual(unknownSections(readme, SECTIONS), []);
  });
});
