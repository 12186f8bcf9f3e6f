// The README figure generator (scripts/figures.ts): sections between markers are replaced, nothing else is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { e2eToolsText, README, replaceSection, SECTIONS, sectionBody, unknownSections } from '../../scripts/figures';

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
  it('a committed measurement renders as it is, with where and when it was measured', () => {
    const text = e2eToolsText({ date: '2026-12-03', cpus: 2, loadAverage: { before: 4.2, after: 6 }, installSeconds: 373, toolBytes: 953_155_584, parts: { vsce: 110_100_480, node24: 198_180_864, 'code-server': 646_971_392 } });
    assert.match(text, /on 2026-12-03 /);
    assert.match(text, /on 2 cores with a load average of 4\.2 at the start and 6 at the end/);
    assert.match(text, /took 373 s \(6\.2 minutes\) and left 909 MB in the tool folder \(code-server 617 MB, node24 189 MB, vsce 105 MB\)/);
  });
});
