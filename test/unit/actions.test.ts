import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docComment, cleanDocText } from '../../src/core/actions/docComment';
import { actionMessages, extractCode } from '../../src/core/actions/prompts';
import { testFileName } from '../../src/core/actions/testFile';

describe('editor action helpers', () => {
  it('names test files by each language convention', () => {
    assert.equal(testFileName('/w/src/foo.ts', 'typescript'), '/w/src/foo.test.ts');
    assert.equal(testFileName('/w/src/foo.jsx', 'javascriptreact'), '/w/src/foo.test.jsx');
    assert.equal(testFileName('/w/pkg/foo.py', 'python'), '/w/pkg/test_foo.py');
    assert.equal(testFileName('/w/pkg/foo.go', 'go'), '/w/pkg/foo_test.go');
    assert.equal(testFileName('/w/src/Order.java', 'java'), '/w/src/OrderTest.java');
    assert.equal(testFileName('/w/src/money.cs', 'csharp'), '/w/src/MoneyTests.cs');
    assert.equal(testFileName('/w/lib/inventory.rb', 'ruby'), '/w/lib/inventory_spec.rb');
  });

  it('extracts the first fenced block, or the whole answer', () => {
    assert.equal(extractCode('Here:\n```ts\nconst a = 1;\n```\nDone.'), 'const a = 1;\n');
    assert.equal(extractCode('const b = 2;'), 'const b = 2;\n');
    assert.equal(extractCode('```python\ndef f():\n    pass'), 'def f():\n    pass\n');
  });

  it('builds messages with the code fenced in its language and the request', () => {
    const m = actionMessages({ action: 'refactor', code: 'let x=1', language: 'typescript', prompt: 'use const' });
    assert.equal(m[0].role, 'system');
    assert.match(m[1].content, /^Refactor this code .*one fenced code block\.\n\nRequest: use const\n\n```typescript\nlet x=1\n```$/s);
  });

  it('formats doc comments per language', () => {
    assert.deepEqual(docComment('Adds two numbers.\n\n@param a first', 'typescript', '  ').lines, ['  /**', '   * Adds two numbers.', '   *', '   * @param a first', '   */']);
    assert.deepEqual(docComment('Adds.', 'python', ''), { lines: ['    """Adds."""'], where: 'below' });
    assert.deepEqual(docComment('Adds.', 'go', '').lines, ['// Adds.']);
    assert.deepEqual(docComment('Adds.', 'rust', '    ').lines, ['    /// Adds.']);
  });

  it('strips comment markers and fences the model added anyway', () => {
    assert.deepEqual(cleanDocText('```\n/**\n * Adds.\n */\n```'), ['Adds.']);
    assert.deepEqual(cleanDocText('"""Adds two."""'), ['Adds two.']);
  });
});
