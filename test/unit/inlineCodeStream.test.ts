// CodeStream: the code of a streamed answer, for "Generate Code Here".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeStream } from '../../src/core/inline/codeStream';
import { generateMessages, CURSOR_MARK } from '../../src/core/inline/generate';

/** Feeds `answer` in pieces of `size` characters; returns what was emitted per push and in total. */
function feed(answer: string, size: number, indent = '') {
  const s = new CodeStream(indent);
  const pieces: string[] = [];
  for (let i = 0; i < answer.length; i += size) pieces.push(s.push(answer.slice(i, i + size)));
  pieces.push(s.end());
  return { total: pieces.join(''), pieces: pieces.filter(Boolean), text: s.text };
}

describe('CodeStream', () => {
  const fenced = '```ts\nfunction add(a: number, b: number) {\n  return a + b;\n}\n```\nThat adds.';

  it('emits only the inside of the fence, whatever the chunking', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 100]) {
      assert.equal(feed(fenced, size).total, 'function add(a: number, b: number) {\n  return a + b;\n}', `size ${size}`);
    }
  });

  it('streams line by line (not all at the end)', () => {
    assert.ok(feed(fenced, 4).pieces.length >= 3);
  });

  it('skips a preface line ending in a colon', () => {
    assert.equal(feed('Here is the code:\n\n```python\ndef f():\n    return 1\n```\n', 3).total, 'def f():\n    return 1');
  });

  it('takes an answer without a fence as code, trailing whitespace dropped', () => {
    assert.equal(feed('x = 1\ny = 2\n\n', 2).total, 'x = 1\ny = 2');
    assert.equal(feed('echo:1234 abcd', 3).total, 'echo:1234 abcd');
  });

  it('an unclosed fence still yields its code', () => {
    assert.equal(feed('```js\nlet a = 1;\nlet b', 4).total, 'let a = 1;\nlet b');
  });

  it("indents every new line like the cursor's line, leaving blank lines blank", () => {
    assert.equal(feed('```ts\nif (x) {\n  y();\n\n}\n```', 3, '    ').total, 'if (x) {\n      y();\n\n    }');
  });

  it('text is everything emitted', () => {
    const r = feed(fenced, 7);
    assert.equal(r.text, r.total);
  });
});

describe('generateMessages', () => {
  it('marks the cursor in the surrounding code and says what replaces the selection', () => {
    const [sys, user] = generateMessages({ instruction: 'add two numbers', language: 'typescript', fileName: 'math.ts', before: 'const a = 1;\n', after: '\nexport {};', selection: 'old()' });
    assert.equal(sys.role, 'system');
    assert.match(user.content, /add two numbers/);
    assert.ok(user.content.includes(`const a = 1;\n${CURSOR_MARK}\nexport {};`));
    assert.match(user.content, /replaces the selected code[\s\S]*old\(\)/);
  });
});
