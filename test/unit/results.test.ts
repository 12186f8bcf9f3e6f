// The result page's content (Explain, Summarize, Ask, Show Routing Decision): an answer's Markdown as a tree
// of allowed elements (never HTML), and a decision as one short line with its details.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Classification, Decision } from '../../src/core/types';
import { decisionView } from '../../src/vscode/results/decisionView';
import { ALLOWED_TAGS, markdownTree, type MdNode } from '../../src/vscode/results/markdownTree';
import { ROOT } from './helpers/config';

const tags = (nodes: MdNode[]): string[] => nodes.flatMap((n) => (typeof n === 'string' ? [] : [n[0], ...tags(n.slice(2) as MdNode[])]));
const text = (nodes: MdNode[]): string => nodes.map((n) => (typeof n === 'string' ? n : text(n.slice(2) as MdNode[]))).join('');

describe('an answer as a tree of allowed elements', () => {
  it('headings, emphasis, code, lists, tables, quotes and fences become elements, not ** | > source', () => {
    const tree = markdownTree('# Why\n\nIt is **racy**: `count++` is not atomic.\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n> note\n\n```ts\nlet x = 1;\n```\n');
    assert.deepEqual(tree[0], ['h1', null, 'Why']);
    assert.deepEqual(tree[1], ['p', null, 'It is ', ['strong', null, 'racy'], ': ', ['code', null, 'count++'], ' is not atomic.']);
    assert.deepEqual(tree[2], ['ul', null, ['li', null, 'one'], ['li', null, 'two']]);
    assert.deepEqual(tags([tree[3]]), ['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td']);
    assert.deepEqual(tree[5], ['pre', null, ['code', { class: 'language-ts' }, 'let x = 1;\n']]);
    assert.doesNotMatch(text(tree), /\*\*|^\|/m);
  });

  it('raw HTML stays text, and only http(s) and mailto links keep their target', () => {
    const tree = markdownTree('<img src=x onerror=alert(1)> <script>alert(1)</script>\n\n[a](https://ok.dev) [b](javascript:alert(1)) [c](data:text/html,x)');
    assert.ok(tags(tree).every((t) => ALLOWED_TAGS.has(t)), tags(tree).join());
    assert.ok(!tags(tree).includes('img') && !tags(tree).includes('script'));
    assert.match(text(tree), /<script>alert\(1\)<\/script>/, 'shown as text');
    const links = JSON.stringify(tree).match(/"href":"[^"]*"/g);
    assert.deepEqual(links, ['"href":"https://ok.dev"']);
  });

  it('half-streamed Markdown renders as far as it goes (an open fence is a code block)', () => {
    const tree = markdownTree('Here:\n\n```python\ndef f(x):\n    return');
    assert.deepEqual(tree[1], ['pre', null, ['code', { class: 'language-python' }, 'def f(x):\n    return']]);
  });

  it('the page script builds only the same tags, and never markup from strings', () => {
    const script = readFileSync(join(ROOT, 'media', 'results.js'), 'utf8');
    const listed = new Set(JSON.parse(/const TAGS = new Set\((\[[^\]]*\])\)/.exec(script)![1].replace(/'/g, '"')) as string[]);
    assert.deepEqual([...listed].sort(), [...ALLOWED_TAGS].sort());
    for (const bad of [/\beval\s*\(/, /new\s+Function\s*\(/, /\.innerHTML\b/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/, /DOMParser/, /https?:\/\//]) {
      assert.doesNotMatch(script, bad);
    }
  });
});

describe('a decision as one line, details folded below', () => {
  const decision: Decision = {
    taskType: 'testing',
    complexity: 'medium',
    contextTokens: 120,
    rule: { index: 3, id: 'testing', line: 118 },
    chain: [
      { provider: 'anthropic', model: 'claude-x', reason: 'Tests need high quality', skipped: 'no key: ANTHROPIC_API_KEY is not set' },
      { provider: 'ollama', model: 'coder:33b', reason: 'Tests need high quality' },
      { provider: 'groq', model: 'llama-70b', reason: 'fallback_chain' },
    ],
    estimatedCostUsd: 0,
    explanation: 'medium testing → ollama:coder:33b (rule 4 "testing", line 118: Tests need high quality; free, local); then groq:llama-70b; skipped anthropic (no key) · stayed local: local-only mode is on',
  };
  const classification = { taskType: 'testing', complexity: 'medium', contextTokens: 120, confidence: 0.8, reason: 'the action asks for tests', signals: { tokens: 120, lines: 9, nestingDepth: 2, functionCount: 1, intentWords: ['test'], contributions: { 'action.tests': 2.514, 'code.lines': -0.02 } } } as Classification;

  it('the line: model, why, cost and the notes the explanation carries (stayed local, cached, verification)', () => {
    const v = decisionView(decision, { classification, isLocal: (p) => p === 'ollama' });
    assert.equal(v.line, 'ollama:coder:33b · Tests need high quality · free, local · stayed local: local-only mode is on');
    const paid = decisionView({ ...decision, chain: decision.chain.slice(2), estimatedCostUsd: 0.01234, explanation: 'x → groq · cached' }, { isLocal: () => false });
    assert.equal(paid.line, 'groq:llama-70b · fallback_chain · ≤ $0.0123 · cached');
    assert.equal(Object.fromEntries(paid.facts)['Estimated cost'], '≤ $0.0123 (worst case)');
    assert.equal(Object.fromEntries(v.facts)['Estimated cost'], 'nothing: the model is free', 'not "≤ $0.0000"');
  });

  it('the details: classification with its signals, the rule and its line, every step with its reason or why skipped', () => {
    const v = decisionView(decision, { classification, configPath: '/c.yaml', inputTokens: 130, maxTokens: 1024 });
    const facts = Object.fromEntries(v.facts);
    assert.equal(facts.Classification, 'testing, medium (confidence 0.80): the action asks for tests');
    assert.equal(facts.Rule, '4 "testing", line 118 of /c.yaml');
    assert.equal(facts.Context, '130 input tokens, up to 1024 output tokens');
    assert.equal(facts['Signal: intentWords'], 'test');
    assert.equal(facts['Signal: nestingDepth'], '2');
    assert.equal(facts['Signal: contributions'], 'action.tests 2.51, code.lines -0.02', 'a map of figures reads as names and rounded values, not JSON');
    assert.deepEqual(v.chain, [
      { target: 'anthropic:claude-x', note: 'skipped: no key: ANTHROPIC_API_KEY is not set', skipped: true },
      { target: 'ollama:coder:33b', note: 'Tests need high quality', skipped: false },
      { target: 'groq:llama-70b', note: 'fallback_chain', skipped: false },
    ]);
  });

  it('no usable model says so on the line', () => {
    const v = decisionView({ ...decision, chain: decision.chain.slice(0, 1), explanation: 'medium testing: no usable model' });
    assert.equal(v.line, 'no usable model (rule "testing")');
  });
});
