// trimCompletion: what an inline completion may show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trimCompletion } from '../../src/core/inline/trim';

const t = (completion: string, prefix: string, suffix = '', final = true, maxLines?: number) => trimCompletion(completion, { prefix, suffix, maxLines }, final);

describe('trimCompletion', () => {
  it('mid-line: only the rest of the line, without what already follows the cursor', () => {
    assert.deepEqual(t('a + b);\nconsole.log(1);', 'const x = add(', ');'), { text: 'a + b', done: true });
    assert.deepEqual(t('a, b', 'f(', ')'), { text: 'a, b', done: true });
  });

  it('mid-line while streaming: not done until the line ends', () => {
    assert.deepEqual(t('a + ', 'f(', ')', false), { text: '', done: false });
    assert.equal(t('a + b\nmore', 'f(', ')', false).done, true);
  });

  it('a statement in progress ends with its line', () => {
    assert.deepEqual(t('1;\nconst y = 2;\n', 'const x = '), { text: '1;', done: true });
  });

  it('a statement that continues (operator, open bracket) keeps going to its end', () => {
    assert.equal(t('a +\n  b;\nnext();', 'const x = ').text, 'a +\n  b;');
    assert.equal(t('[\n  1,\n  2,\n];\nfoo();', 'const xs = ').text, '[\n  1,\n  2,\n];');
  });

  it('a block opened on the cursor line ends where it closes', () => {
    const c = '{\n  return a + b;\n}\n\nfunction other() {}\n';
    assert.deepEqual(t(c, 'function add(a, b) '), { text: '{\n  return a + b;\n}', done: true });
  });

  it('stops before a closer of a block that began before the cursor (the suffix has it)', () => {
    const r = t('return a + b;\n}\n\nexport const z = 1;', 'function add(a, b) {\n  ', '\n}\n');
    assert.equal(r.text, 'return a + b;');
  });

  it('on an empty line: several statements, up to a blank line', () => {
    const r = t('const a = 1;\n  const b = 2;\n\n  const c = 3;', 'function f() {\n  ', '\n}');
    assert.equal(r.text, 'const a = 1;\n  const b = 2;');
  });

  it('on an empty line: stops at a dedent below the cursor line', () => {
    const r = t('x = 1\n    y = 2\nz = 3', 'def f():\n    ', '\n');
    assert.equal(r.text, 'x = 1\n    y = 2');
  });

  it('an indentation block (Python) ends when the indentation comes back', () => {
    const r = t(':\n    return a + b\nprint(add(1, 2))', 'def add(a, b)', '');
    assert.equal(r.text, ':\n    return a + b');
  });

  it('never repeats the line after the cursor', () => {
    const r = t('const b = 2;\n  return a + b;\n', 'function f() {\n  const a = 1;\n  ', '\n  return a + b;\n}');
    assert.equal(r.text, 'const b = 2;');
  });

  it('drops an end that the suffix starts with', () => {
    assert.equal(t('foo(1); bar()', '  ', 'bar()\n').text, 'foo(1);');
  });

  it('limits lines', () => {
    const many = Array.from({ length: 30 }, (_, i) => `x${i} = ${i};`).join('\n');
    const r = t(many, '', '', true, 5);
    assert.equal(r.text.split('\n').length, 5);
    assert.equal(r.done, true);
  });

  it('ignores brackets in strings and comments', () => {
    assert.equal(t('"}" + x; // }\nnext();', 'const s = ').text, '"}" + x; // }');
  });

  it('while streaming, a partial last line does not end anything yet', () => {
    assert.deepEqual(t('{\n  return a', 'function f() ', '', false), { text: '{', done: false });
  });
});
