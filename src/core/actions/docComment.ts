// Turns plain doc text into a doc comment in the language's style, and says where it goes.

export interface DocPlacement {
  /** Lines to insert. */
  lines: string[];
  /** Insert above the symbol's first line, or below it (Python docstrings). */
  where: 'above' | 'below';
}

const LINE_STYLE: Record<string, string> = { rust: '///', csharp: '///', go: '//', ruby: '#', shellscript: '#', elixir: '#', fsharp: '///' };
const BLOCK_LANGS = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'java', 'kotlin', 'scala', 'php', 'c', 'cpp', 'swift', 'dart', 'groovy', 'objective-c']);

/** Strips fences and any comment markers the model added anyway, keeping the words. */
export function cleanDocText(answer: string): string[] {
  const fenced = /```[^\n`]*\n([\s\S]*?)(?:\n```|$)/.exec(answer);
  const body = fenced ? fenced[1] : answer;
  const lines = body
    .replace(/^\s*("""|''')/, '')
    .replace(/("""|''')\s*$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*(\/\*\*?|\*\/|\*(?!\*)|\/\/\/?|#)\s?/, '').replace(/\s*\*\/\s*$/, '').trimEnd());
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

export function docComment(text: string, language: string, indent: string): DocPlacement {
  const lines = cleanDocText(text);
  if (language === 'python') {
    const inner = indent + '    ';
    const body = lines.length === 1 ? [`${inner}"""${lines[0]}"""`] : [`${inner}"""`, ...lines.map((l) => (l ? inner + l : '')), `${inner}"""`];
    return { lines: body, where: 'below' };
  }
  if (BLOCK_LANGS.has(language)) {
    return { lines: [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ' ' + l : ''}`), `${indent} */`], where: 'above' };
  }
  const marker = LINE_STYLE[language] ?? '//';
  return { lines: lines.map((l) => `${indent}${marker}${l ? ' ' + l : ''}`), where: 'above' };
}
