// Where a YAML syntax error really is. The parser reports the offset where it gave up, which for an unclosed
// quote or bracket is the next line or the end of the file: the user needs the quote or bracket that was never
// closed. An error at the start of an indented line points at its first character.
export function yamlErrorOffset(text: string, offset: number, message: string): number {
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (quote) {
    for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) if (text[i] === quote && text[i - 1] !== '\\') return i;
  }
  const close = /end with an? ([\]}])/.exec(message)?.[1];
  if (close) {
    const open = close === ']' ? '[' : '{';
    let depth = 0;
    for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
      if (text[i] === close) depth++;
      else if (text[i] === open && depth-- === 0) return i;
    }
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (offset === lineStart) {
    const indent = /^[ \t]*/.exec(text.slice(offset))![0].length;
    if (offset + indent < text.length && text[offset + indent] !== '\n') return offset + indent;
  }
  return offset;
}
