// Saving a what-if chain: only the rule's target list changes; every comment and the layout stay as written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setRuleChain, usePath } from '../../src/core/dashboard/yamlEdit';
import { WhatIfError } from '../../src/core/dashboard/whatIf';
import { fromYaml, readText, SEED, SHIPPED } from './helpers/config';
import { E2E_TEXT, e2eConfig, KEYS } from './helpers/dashboardFixture';

/** Indexes of the lines that differ (same line count required). */
function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  assert.equal(y.length, x.length, 'the line count changed');
  return x.map((l, i) => (l === y[i] ? -1 : i)).filter((i) => i >= 0);
}

describe('dashboard: saving a rule chain into the YAML', () => {
  it('rewrites only the use list of a `rules` entry, in its flow style and quoting', () => {
    const cfg = e2eConfig();
    const rule = cfg.rules.find((r) => r.id === 'complex-reasoning')!;
    const out = setRuleChain(E2E_TEXT, rule, ['groq', 'ollama:deepseek-coder:33b']);
    const changed = changedLines(E2E_TEXT, out);
    assert.equal(changed.length, 1);
    assert.equal(out.split('\n')[changed[0]], '    use: ["groq", "ollama:deepseek-coder:33b"]');
    // The result loads, and the rule now routes as edited.
    const after = fromYaml(out, KEYS).rules.find((r) => r.id === 'complex-reasoning')!;
    assert.deepEqual(
      after.targets.filter((t) => !t.fromFallback).map((t) => (t.model ? `${t.provider}:${t.model}` : t.provider)),
      ['groq', 'ollama:deepseek-coder:33b'],
    );
  });

  it('keeps every other byte of the shipped config, whose comments a re-serialization would move', () => {
    const text = readText(SHIPPED);
    const cfg = fromYaml(text);
    const rule = cfg.rules.find((r) => r.source === 'rules' && r.targets.filter((t) => !t.fromFallback).length > 1)!;
    const use = rule.targets.filter((t) => !t.fromFallback).map((t) => (t.model ? `${t.provider}:${t.model}` : t.provider));
    const out = setRuleChain(text, rule, use.reverse());
    assert.equal(changedLines(text, out).length, 1);
    assert.ok(out.includes('enabled: false   # set to true'), 'an aligned trailing comment was re-spaced');
  });

  it('edits the seed format: routing_rules.TASK.KEY, with its comments and trailing-space lines', () => {
    const text = readText(SEED);
    const cfg = fromYaml(text);
    const rule = cfg.rules.find((r) => r.id === 'code_generation.medium')!;
    assert.deepEqual(usePath(rule), ['routing_rules', 'code_generation', 'medium']);
    const out = setRuleChain(text, rule, ['anthropic', 'ollama:deepseek-coder:33b']);
    const changed = changedLines(text, out);
    assert.equal(changed.length, 1);
    assert.match(out.split('\n')[changed[0]], /^ {4}medium: \["anthropic", "ollama:deepseek-coder:33b"\]$/);
    assert.equal(fromYaml(out).rules.find((r) => r.id === 'code_generation.medium')!.targets[0].provider, 'anthropic');
  });

  it('rewrites a block list at its indentation and keeps the comments around it', () => {
    const text = [
      'providers:',
      '  local:',
      '    a: { type: ollama, base_url: "http://127.0.0.1:1", default_model: m }',
      '    b: { type: ollama, base_url: "http://127.0.0.1:2", default_model: m }',
      'rules:',
      '  # the one rule',
      '  - id: only',
      '    use:',
      '      - a',
      '      - b:m',
      '    # why',
      '    reason: "r"',
      '',
    ].join('\n');
    const out = setRuleChain(text, { source: 'rules', index: 0, id: 'only' }, ['b', 'a:x:y', 'a']);
    assert.equal(out, text.replace('      - a\n      - b:m\n', '      - b\n      - a:x:y\n      - a\n'));
    assert.deepEqual(fromYaml(out).rules[0].targets.map((t) => t.model ?? t.provider), ['b', 'x:y', 'a']);
  });

  it('keeps a padded flow list padded and plain scalars plain', () => {
    const text = 'rules:\n  - id: p\n    use: [ a, b ]  # two\n    reason: r\n';
    assert.equal(setRuleChain(text, { source: 'rules', index: 0, id: 'p' }, ['c']), 'rules:\n  - id: p\n    use: [ c ]  # two\n    reason: r\n');
  });

  it('refuses when the file no longer holds the rule, and for the implicit catch-all', () => {
    const cfg = e2eConfig();
    const rule = cfg.rules.find((r) => r.id === 'testing')!;
    const moved = E2E_TEXT.replace('  - id: testing', '  - id: tests-renamed');
    assert.throws(() => setRuleChain(moved, rule, ['ollama']), (e) => e instanceof WhatIfError && /changed/.test(e.message));
    assert.throws(() => usePath({ source: 'default', index: 9, id: 'no-rule-matched' }), WhatIfError);
  });
});
