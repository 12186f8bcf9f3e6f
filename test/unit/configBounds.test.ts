// Hostile configs: alias bombs, undefined aliases, runaway nesting, huge lists, repeated keys and
// thousands of problems are each one positioned ConfigErrors (the CLI's exit 1), in bounded work, never an
// internal error or a stack overflow. Timeouts here only stop a hung test; timings are in `npm run bench config`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, MAX_DEPTH } from '../../src/core/config/yamlBounds';
import { ConfigErrors } from '../../src/core/errors';
import { ROOT, fromYaml, readText, SHIPPED } from './helpers/config';
import { HOSTILE_CONFIGS } from '../fixtures/configs/hostile';

/** The problems a config raises, as FILE:LINE:COL: message lines (asserting it raises ConfigErrors only). */
function problemsOf(yaml: string): string[] {
  try {
    fromYaml(yaml);
  } catch (err) {
    assert.ok(err instanceof ConfigErrors, `expected ConfigErrors, got ${(err as Error)?.stack ?? err}`);
    return err.message.split('\n');
  }
  assert.fail('config was accepted');
}

const POSITIONED = /^test\.yaml:[1-9]\d*:[1-9]\d*: /;

describe('hostile configs are positioned errors', { timeout: 120_000 }, () => {
  it('an alias bomb ("billion laughs") stops at the alias that expands too far', () => {
    const [msg] = problemsOf(HOSTILE_CONFIGS.aliasBomb);
    assert.match(msg, /^test\.yaml:\d+:\d+: YAML: aliases expand the config past \d+ values \(from \*a\d on\)$/);
  });

  it('an undefined alias names itself and its position', () => {
    assert.deepEqual(problemsOf(HOSTILE_CONFIGS.undefinedAlias), ['test.yaml:4:22: YAML: alias *nope has no anchor &nope before it']);
  });

  it('an alias inside the value it names is a cycle', () => {
    assert.deepEqual(problemsOf('providers:\n  local:\n    ollama: &p\n      models: [*p]\n'), ['test.yaml:4:16: YAML: alias *p is inside the value it names (a cycle)']);
  });

  it(`an anchor used more than ${MAX_ALIAS_COUNT} times (the yaml package's maxAliasCount)`, () => {
    const [msg] = problemsOf(HOSTILE_CONFIGS.manyAliases);
    assert.match(msg, new RegExp(`^test\\.yaml:\\d+:\\d+: YAML: anchor &x is used more than ${MAX_ALIAS_COUNT} times$`));
  });

  it('aliases within the limits still work', () => {
    const cfg = fromYaml('providers:\n  local:\n    ollama: { models: &m [a, b] }\n    lmstudio: { models: *m }\n');
    assert.deepEqual(cfg.providers.get('lmstudio')!.models, ['a', 'b']);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels, in flow and in block style`, () => {
    assert.deepEqual(problemsOf(HOSTILE_CONFIGS.deepFlow), [`test.yaml:1:${11 + MAX_DEPTH}: YAML: nested more than ${MAX_DEPTH} levels deep`]);
    const [block] = problemsOf(HOSTILE_CONFIGS.deepBlock);
    assert.match(block, new RegExp(`^test\\.yaml:${MAX_DEPTH + 1}:${MAX_DEPTH + 1}: YAML: nested more than ${MAX_DEPTH} levels deep$`));
  });

  it('a file over the size limit is refused with both sizes, before it is parsed', () => {
    const [msg] = problemsOf(HOSTILE_CONFIGS.fiveMbModelList);
    assert.match(msg, new RegExp(`^test\\.yaml:1:1: the config is \\d+ KB; a routing config may be at most ${MAX_CONFIG_BYTES / 1024} KB$`));
  });

  it('a model list just under the size limit loads (no recursion or spread a long list can overflow)', () => {
    const cfg = fromYaml(HOSTILE_CONFIGS.longModelList);
    assert.ok(cfg.providers.get('ollama')!.models.length > 5000);
  });

  it('repeated keys are found in one pass, at the repeat', () => {
    assert.deepEqual(problemsOf('providers:\n  local:\n    ollama: {}\n    lmstudio: {}\n    ollama: {}\n'), ['test.yaml:5:5: YAML: Map keys must be unique ("ollama" is repeated)']);
    const [many] = problemsOf(HOSTILE_CONFIGS.repeatedKeys);
    assert.match(many, /Map keys must be unique/);
  });

  it('thousands of problems: the first 50 positioned, then how many more', () => {
    const lines = problemsOf(HOSTILE_CONFIGS.thousandsOfUnknownKeys);
    assert.equal(lines.length, 51);
    for (const l of lines) assert.match(l, POSITIONED);
    assert.match(lines[50], /… and \d+ more problems after these$/);
  });
});

describe('config fuzz: mutations of the shipped config', { timeout: 300_000 }, () => {
  const shippedText = readText(SHIPPED);
  // Hostile fragments spliced in at a random line: every outcome is a config or a positioned ConfigErrors.
  const fragment = fc.oneof(
    fc.constantFrom('&a [x, x, x]', '*a', '*nope', '[[[[[[', ']]]]', '{a: *a}', '&b {c: *b}', '? [x]\n', '- *a\n', '<<: *a', '!!binary x', '%YAML 1.2\n---\n'),
    fc.nat({ max: 200 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.nat({ max: 200 }).map((n) => '{a: '.repeat(n) + '1' + '}'.repeat(n)),
    fc.nat({ max: 12 }).map((n) => Array.from({ length: n }, (_, i) => `l${i}: &l${i} [${Array(9).fill(i ? `*l${i - 1}` : 'x').join(',')}]`).join('\n') + '\n'),
  );
  it('never throws anything but ConfigErrors, and every error is positioned', () => {
    fc.assert(
      fc.property(fc.nat(), fragment, fc.boolean(), (at, frag, indent) => {
        const lines = shippedText.split('\n');
        const i = at % lines.length;
        lines.splice(i, 0, (indent ? '  ' : '') + frag);
        try {
          fromYaml(lines.join('\n'));
        } catch (err) {
          assert.ok(err instanceof ConfigErrors, `line ${i + 1} + ${JSON.stringify(frag).slice(0, 80)}: ${(err as Error)?.stack ?? err}`);
          for (const l of err.message.split('\n')) assert.match(l, POSITIONED);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('llm-router config check on hostile files', { timeout: 300_000 }, () => {
  it('exits 1 with FILE:LINE:COL for each, never 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-router-hostile-'));
    try {
      for (const [name, text] of Object.entries(HOSTILE_CONFIGS)) {
        if (name === 'longModelList') continue;
        const file = join(dir, `${name}.yaml`);
        writeFileSync(file, text);
        const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'config', 'check', file], { encoding: 'utf8' });
        assert.equal(r.status, 1, `${name}: exit ${r.status}\n${r.stderr}${r.stdout}`);
        assert.match(r.stderr + r.stdout, new RegExp(`${name}\\.yaml:\\d+:\\d+: `), name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
