// Cuts a fill-in-the-middle completion to what an editor should show. Mid-line: the rest of the line, without
// what already follows the cursor. After code on the cursor's line: that statement, with the block it opens.
// On an empty line: statements up to a blank line, a finished block, or the end of the enclosing block.
// Never repeats the code after the cursor; at most `maxLines` lines. Pure.

export interface TrimContext {
  /** Code before the cursor (at least the cursor's line). */
  prefix: string;
  /** Code after the cursor. */
  suffix: string;
  /** Upper bound on lines shown (default 12). */
  maxLines?: number;
}

export interface Trimmed {
  text: string;
  /** A boundary was reached: more upstream text cannot change `text`, so the request can stop. */
  done: boolean;
}

const OPENERS = '([{';
const CLOSERS = ')]}';
/** Line ends that continue a statement on the next line. */
const CONTINUES = /(?:[{([,=+\-*/%&|^<>?.\\]|=>)\s*$/;
const COLON_END = /:\s*(?:#.*)?$/;

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;

/** Bracket depth after one line, ignoring strings and // comments; `cutAt` is where it went below zero. */
function scan(line: string, start: number): { depth: number; cutAt?: number } {
  let depth = start;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && line[i + 1] === '/') break;
    else if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c) && --depth < 0) return { depth, cutAt: i };
  }
  return { depth };
}

/**
 * `final`: the completion is whole. While it still streams the last line may be partial, so only complete
 * lines count toward `done`.
 */
export function trimCompletion(completion: string, ctx: TrimContext, final = true): Trimmed {
  const maxLines = ctx.maxLines ?? 12;
  const before = ctx.prefix.slice(ctx.prefix.lastIndexOf('\n') + 1);
  const nl = ctx.suffix.indexOf('\n');
  const restOfLine = (nl < 0 ? ctx.suffix : ctx.suffix.slice(0, nl)).trim();
  const text = completion.replace(/\r\n?/g, '\n');

  if (restOfLine) {
    const end = text.indexOf('\n');
    if (end < 0 && !final) return { text: '', done: false };
    let line = end < 0 ? text : text.slice(0, end);
    const at = line.lastIndexOf(restOfLine);
    if (at >= 0 && line.slice(at).trim() === restOfLine) line = line.slice(0, at);
    return { text: line.trimEnd(), done: true };
  }

  const suffixHead = ctx.suffix.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  const emptyLine = before.trim() === '';
  const base = indentOf(before);
  const lines = text.split('\n');
  if (!final) lines.pop();
  const out: string[] = [];
  let depth = 0;
  let braces = false; // a bracket block opened in the completion
  let colon = false; // an indentation block (line ending in ':') opened
  let done = false;
  for (let i = 0; i < lines.length && !done; i++) {
    const line = lines[i];
    if (i > 0) {
      const blank = line.trim() === '';
      const indent = indentOf(line);
      if (blank ? depth <= 0 : (depth <= 0 && (indent < base || (colon && indent <= base))) || line.trim() === suffixHead) {
        done = true;
        break;
      }
    }
    const s = scan(line, depth);
    if (s.cutAt !== undefined) {
      // Closes a block that began before the cursor: the code after the cursor has that closer.
      const head = line.slice(0, s.cutAt).trimEnd();
      if (head.trim()) out.push(head);
      done = true;
      break;
    }
    if (s.depth > 0) braces = true;
    if (depth <= 0 && s.depth <= 0 && COLON_END.test(line)) colon = true;
    depth = s.depth;
    out.push(line);
    const closedBlock = braces && depth <= 0 && !CONTINUES.test(line);
    const statementEnds = !emptyLine && !braces && !colon && depth <= 0 && !CONTINUES.test(line);
    if (closedBlock || statementEnds || out.length >= maxLines) done = true;
  }
  return { text: dropSuffixOverlap(out.join('\n').trimEnd(), ctx.suffix), done: done || final };
}

/** Removes an end of the completion that the code after the cursor already starts with. */
function dropSuffixOverlap(text: string, suffix: string): string {
  const s = suffix.trimStart();
  for (let n = Math.min(text.length, s.length); n >= 2; n--) {
    const cut = text.length - n;
    if (text.endsWith(s.slice(0, n)) && (cut === 0 || /\s/.test(text[cut - 1]))) return text.slice(0, cut).trimEnd();
  }
  return text;
}
