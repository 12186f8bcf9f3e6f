// A tolerant one-pass scanner: splits source text into code (comments dropped, string bodies blanked)
// and the string/regex literals it held. Not a parser: good enough to count decision points and API
// names without being fooled by words inside comments or strings, and linear in the input.

export type CommentStyle = 'slash' | 'hash' | 'dash' | 'none';

export interface LanguageTraits {
  comments: CommentStyle;
  /** `'x'` is a character literal (or a lifetime), not a string. */
  charQuote: boolean;
  /** Blocks are shown by indentation (or closed by `end`) rather than braces. */
  indentBlocks: boolean;
  /** `/re/` literals exist. */
  regexLiterals: boolean;
  /** Text, not code: no structure to measure. */
  prose: boolean;
}

const HASH = new Set(['python', 'ruby', 'shell', 'bash', 'sh', 'zsh', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir', 'nim', 'coffeescript', 'julia', 'crystal']);
const DASH = new Set(['sql', 'plsql', 'tsql', 'lua', 'haskell', 'ada', 'elm']);
const CHAR_QUOTE = new Set(['c', 'cpp', 'c++', 'objective-c', 'java', 'csharp', 'kotlin', 'scala', 'go', 'rust', 'swift', 'dart', 'zig']);
const INDENT = new Set(['python', 'yaml', 'coffeescript', 'nim', 'haskell', 'elm', 'fsharp', 'ruby', 'elixir', 'crystal', 'julia', 'lua']);
const REGEX_LITERALS = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'ruby', 'perl']);
const PROSE = new Set(['markdown', 'plaintext', 'text', 'restructuredtext', 'asciidoc', 'latex', 'org']);

export function traitsOf(language: string | undefined): LanguageTraits {
  const l = (language ?? '').toLowerCase();
  return {
    comments: HASH.has(l) ? 'hash' : DASH.has(l) ? 'dash' : PROSE.has(l) ? 'none' : 'slash',
    charQuote: CHAR_QUOTE.has(l),
    indentBlocks: INDENT.has(l),
    regexLiterals: REGEX_LITERALS.has(l),
    prose: PROSE.has(l),
  };
}

export interface Scanned {
  /** The text with comments removed and every string/regex literal replaced by `""`; newlines kept. */
  code: string;
  /** The bodies of string and regex literals, joined by newlines. */
  literals: string;
  /** Characters inside comments. */
  commentChars: number;
}

const NL = 10;
const isIdent = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;

/** Characters after which a `/` starts a regex literal rather than a division. */
const REGEX_PRECEDERS = new Set('(,=:[!&|?{};+-*%<>~^'.split('').map((c) => c.charCodeAt(0)));

export function scan(text: string, traits: LanguageTraits): Scanned {
  if (traits.prose) return { code: '', literals: '', commentChars: 0 };
  const n = text.length;
  let code = '';
  let literals = '';
  let commentChars = 0;
  let start = 0; // start of the pending code run
  let i = 0;
  let lastSignificant = 0; // last non-space code char, for regex detection
  const flush = (end: number) => {
    if (end > start) code += text.slice(start, end);
  };
  const keepNewlines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === NL) code += '\n';
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    // Line comments.
    if (
      (traits.comments === 'slash' && c === 47 && next === 47) ||
      (traits.comments === 'hash' && c === 35) ||
      (traits.comments === 'dash' && c === 45 && next === 45)
    ) {
      flush(i);
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      commentChars += j - i;
      i = j;
      start = i;
      continue;
    }
    // Block comments.
    if (c === 47 && next === 42 && traits.comments !== 'hash') {
      flush(i);
      let j = text.indexOf('*/', i + 2);
      j = j < 0 ? n : j + 2;
      commentChars += j - i;
      keepNewlines(i, j);
      i = j;
      start = i;
      continue;
    }
    // Strings: "…", '…', `…`, and Python's triple quotes.
    if (c === 34 || c === 39 || c === 96) {
      if (c === 39 && traits.charQuote) {
        // A char literal is short; otherwise it is a lifetime or a generic quote: leave it as code.
        const m = /^'(?:\\u\{[0-9a-fA-F]+\}|\\.[0-9a-fA-F]{0,3}|[^'\\\n])'/.exec(text.slice(i, i + 12));
        if (!m) {
          i++;
          continue;
        }
        flush(i);
        code += '""';
        literals += m[0].slice(1, -1) + '\n';
        i += m[0].length;
        start = i;
        lastSignificant = 34;
        continue;
      }
      const triple = next === c && i + 2 < n && text.charCodeAt(i + 2) === c;
      const quote = String.fromCharCode(c).repeat(triple ? 3 : 1);
      const multiline = triple || c === 96;
      let j = i + quote.length;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \ */) {
          j += 2;
          continue;
        }
        if (d === NL && !multiline) break;
        if (text.startsWith(quote, j)) break;
        j++;
      }
      const end = Math.min(n, j + (j < n && text.charCodeAt(j) !== NL ? quote.length : 0));
      flush(i);
      code += '""';
      literals += text.slice(i + quote.length, Math.min(j, n)) + '\n';
      keepNewlines(i, end);
      i = end;
      start = i;
      lastSignificant = 34;
      continue;
    }
    // Regex literals.
    if (c === 47 && traits.regexLiterals && (lastSignificant === 0 || REGEX_PRECEDERS.has(lastSignificant) || endsWithKeyword(text, i))) {
      let j = i + 1;
      let inClass = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === NL) break;
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === 91) inClass = true;
        else if (d === 93) inClass = false;
        else if (d === 47 && !inClass) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) === 47 && j > i + 1) {
        flush(i);
        code += '""';
        literals += text.slice(i + 1, j) + '\n';
        i = j + 1;
        while (i < n && isIdent(text.charCodeAt(i))) i++; // flags
        start = i;
        lastSignificant = 34;
        continue;
      }
    }
    if (c !== 32 && c !== 9 && c !== NL && c !== 13) lastSignificant = c;
    i++;
  }
  flush(n);
  return { code, literals, commentChars };
}

function endsWithKeyword(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 8), at).trimEnd();
  return /(?:^|[^\w$])(?:return|typeof|case|in|of|when|if|unless|split|scan|match)$/.test(before);
}
