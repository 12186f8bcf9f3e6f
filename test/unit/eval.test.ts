import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import type { CliIO } from '../../src/cli/io';
import { loadConfigFile } from '../../src/core/config/load';
import { evaluate, parseEvalSet, selectionOf, type EvalCase, type LabelledInput } from '../../src/core/eval';
import { createDecider } from '../../src/core/rules';
import { countTokens } from '../../src/core/tokens';
import type { Classification, Complexity, TaskType } from '../../src/core/types';
import { ROOT } from './helpers/config';

const TINY = join(ROOT, 'test', 'fixtures', 'eval-extra', 'tiny');
const TINY_SET = join(TINY, 'requests.jsonl');
const TINY_CONFIG = join(TINY, 'config.yaml');

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), signal: new AbortController().signal, env, cwd: ROOT };
  const code = await run(args, io);
  return { code, out, err };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
/** Worst case on the fixture's premium model: $2 in, $10 out per million tokens, 500 output tokens. */
const premiumCost = (tokens: number) => (tokens * 2 + 500 * 10) / 1e6;

describe('parseEvalSet', () => {
  const line = (o: Record<string, unknown>) =>
    JSON.stringify({ id: 'a', action: 'chat', language: 'plaintext', file: null, lines: null, prompt: 'hi', expected: { taskType: 'chat', complexity: 'simple' }, ...o });

  it('reads the set format', () => {
    const cases = parseEvalSet(readFileSync(TINY_SET, 'utf8'));
    assert.equal(cases.length, 6);
    assert.deepEqual(cases[5], {
      id: 'tiny-6', action: 'tests', language: 'javascript', file: 'snippets/add.js', lines: [1, 1], prompt: null,
      expected: { taskType: 'testing', complexity: 'simple' }, why: 'A one-line pure function.',
    });
  });

  it('names the line of each problem', () => {
    assert.throws(() => parseEvalSet(`${line({})}\n{oops`, 'set.jsonl'), /^EvalSetError: set\.jsonl:2: not JSON/);
    assert.throws(() => parseEvalSet(line({ action: 'dance' })), /:1: "action" must be one of explain, /);
    assert.throws(() => parseEvalSet(line({ lines: [3, 4] })), /:1: "lines" needs a "file"/);
    assert.throws(() => parseEvalSet(line({ file: 'x.js', lines: [4, 3] })), /"lines" must be \[start, end\]/);
    assert.throws(() => parseEvalSet(line({ expected: { taskType: 'chat', complexity: 'hard' } })), /"expected\.complexity" must be one of simple, medium, complex/);
    assert.throws(() => parseEvalSet(`${line({})}\n\n${line({})}`), /:3: duplicate id "a"/);
  });
});

describe('selectionOf', () => {
  const c = (action: EvalCase['action'], lines: [number, number] | null) => ({ action, lines }) as EvalCase;
  const text = 'one\ntwo\nthree\nfour';
  it('only the selected lines count', () => {
    assert.equal(selectionOf(c('explain', [2, 3]), text), 'two\nthree');
    assert.equal(selectionOf(c('explain', null), text), text);
  });
  it('generate marks the cursor line; the whole file is context', () => {
    assert.equal(selectionOf(c('generate', [3, 3]), text), text);
  });
});

describe('evaluate (a fixed classifier, exact figures)', () => {
  const config = loadConfigFile(TINY_CONFIG, { env: () => 'key' });
  const decide = createDecider(config);
  const mk = (id: string, taskType: TaskType, complexity: Complexity, predicted: [TaskType, Complexity], tokens: number): LabelledInput & { p: [TaskType, Complexity, number] } => ({
    case: { id, action: 'chat', language: 'plaintext', file: null, lines: null, prompt: id, expected: { taskType, complexity } },
    input: { action: 'chat', prompt: id },
    p: [...predicted, tokens],
  });
  const items = [
    mk('a', 'reasoning', 'complex', ['reasoning', 'complex'], 1000),
    mk('b', 'reasoning', 'complex', ['reasoning', 'medium'], 2000), // under-called: off premium
    mk('c', 'chat', 'simple', ['chat', 'simple'], 100),
    mk('d', 'chat', 'simple', ['code_generation', 'complex'], 300), // over-called: on premium
    mk('e', 'docs', 'medium', ['docs', 'medium'], 400),
  ];
  const byPrompt = new Map(items.map((i) => [i.case.id, i.p]));
  const classifier = (input: { prompt?: string }): Classification => {
    const [taskType, complexity, contextTokens] = byPrompt.get(input.prompt!)!;
    return { taskType, complexity, contextTokens, confidence: 1, reason: 'stub', signals: { tokens: contextTokens, lines: 0, nestingDepth: 0, functionCount: 0, intentWords: [] } };
  };
  const r = evaluate(items, decide, { classifier });

  it('accuracies and confusion matrices', () => {
    assert.equal(r.cases, 5);
    assert.equal(r.taskTypeAccuracy, 0.8);
    assert.equal(r.complexityAccuracy, 0.6);
    assert.equal(r.confusion.taskType.matrix.chat.code_generation, 1);
    assert.equal(r.confusion.taskType.matrix.reasoning.reasoning, 2);
    assert.equal(r.confusion.complexity.matrix.complex.medium, 1);
    assert.equal(r.confusion.complexity.matrix.simple.complex, 1);
    assert.equal(r.confusion.complexity.matrix.medium.medium, 1);
    assert.deepEqual(r.misses.map((m) => m.id), ['b', 'd']);
  });

  it('routing figures, premium taken from the config tiers', () => {
    assert.deepEqual(r.routing.premiumProviders, ['premiumco']);
    assert.equal(r.routing.allPremiumTarget, 'premiumco:big-model');
    assert.equal(r.premiumShare, 0.4); // a, d
    assert.equal(r.complexToPremiumRecall, 0.5); // a of a, b
    assert.equal(r.simpleOffPremiumShare, 0.5); // c of c, d
    assert.deepEqual(r.complexOffPremium.map((x) => x.id), ['b']);
    assert.deepEqual(r.simpleOnPremium.map((x) => x.id), ['d']);
    const routed = premiumCost(1000) + premiumCost(300);
    const all = [1000, 2000, 100, 300, 400].reduce((s, t) => s + premiumCost(t), 0);
    assert.equal(r.routedCostUsd, Math.round(routed * 1e6) / 1e6);
    assert.equal(r.costVsAllPremium, round4(routed / all));
  });

  it('the same routing with the expected labels separates the rules from the classifier', () => {
    const o = r.withExpectedLabels;
    assert.equal(o.premiumShare, 0.4); // a, b
    assert.equal(o.complexToPremiumRecall, 1);
    assert.equal(o.simpleOffPremiumShare, 1);
    assert.equal(o.costVsAllPremium, round4((premiumCost(1000) + premiumCost(2000)) / [1000, 2000, 100, 300, 400].reduce((s, t) => s + premiumCost(t), 0)));
  });
});

describe('llm-router eval (the real classifier on a tiny set)', () => {
  const tokens = {
    add: countTokens(readFileSync(join(TINY, 'snippets', 'add.js'), 'utf8')),
    spin: countTokens(readFileSync(join(TINY, 'snippets', 'spin.c'), 'utf8')),
    notes: countTokens(readFileSync(join(TINY, 'snippets', 'notes.md'), 'utf8')),
    addLine: countTokens(readFileSync(join(TINY, 'snippets', 'add.js'), 'utf8').split('\n')[0]),
    thanks: countTokens('thanks!'),
    closure: countTokens("what's a closure?"),
  };

  it('--json prints the figures as keys, with exact values', async () => {
    // No key in the environment: the eval assumes every provider keyed.
    const r = await cli(['eval', TINY_SET, '--config', TINY_CONFIG, '--json']);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.equal(d.taskTypeAccuracy, round4(5 / 6));
    assert.equal(d.complexityAccuracy, round4(5 / 6));
    assert.equal(d.premiumShare, round4(1 / 6));
    assert.equal(d.complexToPremiumRecall, 1);
    assert.equal(d.simpleOffPremiumShare, 1);
    const all = Object.values(tokens).reduce((s, t) => s + premiumCost(t), 0);
    assert.equal(d.costVsAllPremium, round4(premiumCost(tokens.spin) / all));
    assert.deepEqual(d.misses.map((m: { id: string }) => m.id), ['tiny-4']);
    assert.deepEqual(d.misses[0].predicted, { taskType: 'chat', complexity: 'simple' });
    assert.deepEqual(d.confusion.taskType.matrix.reasoning, { reasoning: 2, code_generation: 0, classification: 0, embedding: 0, summarization: 0, chat: 1, testing: 0, docs: 0 });
    assert.equal(d.results.find((x: { id: string }) => x.id === 'tiny-2').target, 'premiumco:big-model');
    assert.equal(d.routing.assumption, 'every provider keyed (as if every API key were set)');
  });

  it('prints a readable report', async () => {
    const r = await cli(['eval', TINY_SET, '--config', TINY_CONFIG]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^eval: 6 cases from /);
    assert.match(r.out, /task type accuracy\s+83\.3%\s+\(5\/6\)\s+target ≥ 95%\s+MISSED/);
    assert.match(r.out, /complex cases to premium\s+100\.0%\s+\(1\/1\)\s+target ≥ 95%\s+ok/);
    assert.match(r.out, /as if every API key were set \(premium = the `premium` tier: premiumco\)/);
    assert.match(r.out, /all-premium = every request to premiumco:big-model/);
    assert.match(r.out, /task type confusion \(rows: expected, columns: predicted\)/);
    assert.match(r.out, /tiny-4\s+chat: expected medium reasoning, got simple chat; /);
  });

  it('user errors: exit 1 with one clear line', async () => {
    const missing = await cli(['eval', 'nope.jsonl']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^cannot read nope\.jsonl: ENOENT\n$/);
    const none = await cli(['eval']);
    assert.equal(none.code, 1);
    assert.match(none.err, /^expected one labelled set/);
  });
});
