import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, nestingDepth } from '../../src/core/classify';
import { countTokens } from '../../src/core/tokens';

const SMALL = 'export const add = (a: number, b: number) => a + b;\n';
const BIG = Array.from({ length: 400 }, (_, i) => `function f${i}(x) {\n  if (x > ${i}) {\n    return x * ${i};\n  }\n  return x;\n}\n`).join('');

describe('task type', () => {
  it('comes from the action for editor actions', () => {
    assert.equal(classify({ action: 'explain', text: SMALL }).taskType, 'reasoning');
    assert.equal(classify({ action: 'refactor', text: SMALL }).taskType, 'code_generation');
    assert.equal(classify({ action: 'tests', text: SMALL }).taskType, 'testing');
    assert.equal(classify({ action: 'docs', text: SMALL }).taskType, 'docs');
    assert.equal(classify({ action: 'summarize', text: SMALL }).taskType, 'summarization');
    assert.equal(classify({ action: 'generate', prompt: 'a parser' }).taskType, 'code_generation');
  });
  it('comes from the intent of the prompt for chat', () => {
    const chat = (prompt: string) => classify({ action: 'chat', prompt }).taskType;
    assert.equal(chat('hi, how are you today?'), 'chat');
    assert.equal(chat('Write a function that parses ISO dates'), 'code_generation');
    assert.equal(chat('Why does this deadlock under load?'), 'reasoning');
    assert.equal(chat('Summarize this file for me'), 'summarization');
    assert.equal(chat('Just yes or no: can this deadlock?'), 'classification');
    assert.equal(chat('Write unit tests for the parser'), 'testing');
    assert.equal(chat('Add docstrings to these functions'), 'docs');
  });
});

describe('complexity', () => {
  it('a one-liner is simple', () => {
    assert.equal(classify({ action: 'explain', text: SMALL }).complexity, 'simple');
  });
  it('hundreds of lines of context raise it', () => {
    const c = classify({ action: 'refactor', text: BIG });
    assert.notEqual(c.complexity, 'simple');
    assert.equal(c.signals.lines, BIG.split('\n').length);
    assert.ok(c.signals.functionCount >= 400);
  });
  it('intent words raise it, even on small code', () => {
    const c = classify({ action: 'explain', text: SMALL, prompt: 'Is there a race condition or a security problem here?' });
    assert.equal(c.complexity, 'complex');
    assert.ok(c.signals.intentWords.includes('race'));
    assert.ok(c.signals.intentWords.includes('security'));
  });
  it('narrowing words lower it', () => {
    const plain = classify({ action: 'refactor', text: BIG.slice(0, 2000) });
    const narrowed = classify({ action: 'refactor', text: BIG.slice(0, 2000), prompt: 'just rename the variable, a quick typo fix' });
    const rank = { simple: 0, medium: 1, complex: 2 };
    assert.ok(rank[narrowed.complexity] <= rank[plain.complexity]);
    assert.ok(narrowed.signals.intentWords.includes('rename'));
  });
  it('summarizing more than 32k tokens is complex', () => {
    const huge = 'The quick brown fox jumps over the lazy dog. '.repeat(4000);
    const c = classify({ action: 'summarize', text: huge });
    assert.ok(c.contextTokens > 32_000);
    assert.equal(c.complexity, 'complex');
  });
  it('reports a reason and a confidence', () => {
    const c = classify({ action: 'explain', text: SMALL });
    assert.match(c.reason, /^reasoning from action explain; simple: \d+ tokens/);
    assert.ok(c.confidence > 0 && c.confidence <= 1);
  });
});

describe('signals', () => {
  it('counts tokens with a BPE tokenizer, not characters', () => {
    assert.equal(countTokens('hello world'), 2);
    const code = 'const result = items.map((item) => item.value * 2);';
    assert.ok(countTokens(code) < code.length / 2.5);
    assert.equal(countTokens(''), 0);
  });
  it('measures nesting', () => {
    assert.equal(nestingDepth('a'), 0);
    assert.equal(nestingDepth('f(g([1]))'), 3);
    assert.equal(nestingDepth('if x:\n    if y:\n        z()'), 2);
  });
});
