// The code around the cursor that a fill-in-the-middle request carries, the same for the editor and the CLI:
// up to 80 lines (6,000 characters) before it and 30 lines (2,000 characters) after it, cut at line starts so
// typing on a line keeps the same window start. Pure.

export const INLINE_WINDOW = { prefixLines: 80, suffixLines: 30, prefixChars: 6000, suffixChars: 2000 } as const;
/** What the editor's inline completions ask for and show: at most 12 lines, from at most 128 tokens. */
export const INLINE_LIMITS = { maxLines: 12, maxTokens: 128 } as const;

/** Cuts a prefix and suffix (already bounded by lines) to the character limits, at line boundaries. */
export function boundWindow(prefix: string, suffix: string): { prefix: string; suffix: string } {
  const { prefixChars, suffixChars } = INLINE_WINDOW;
  if (prefix.length > prefixChars) {
    const cut = prefix.indexOf('\n', prefix.length - prefixChars);
    prefix = cut < 0 ? prefix.slice(-prefixChars) : prefix.slice(cut + 1);
  }
  if (suffix.length > suffixChars) suffix = suffix.slice(0, suffix.lastIndexOf('\n', suffixChars) + 1 || suffixChars);
  return { prefix, suffix };
}

/** The window at a cursor in a whole text; `line` and `col` are 0-based, as in the editor. */
export function windowAt(text: string, line: number, col: number): { prefix: string; suffix: string } {
  const lines = text.split('\n');
  const startLine = Math.max(0, line - INLINE_WINDOW.prefixLines);
  const endLine = Math.min(lines.length - 1, line + INLINE_WINDOW.suffixLines);
  const before = lines.slice(startLine, line).map((l) => l + '\n').join('') + lines[line].slice(0, col);
  const after = lines[line].slice(col) + lines.slice(line + 1, endLine + 1).map((l) => '\n' + l).join('');
  return boundWindow(before, after);
}
