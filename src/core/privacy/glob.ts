// A small glob compiler for privacy.local_only_paths: `**`, `*`, `?`, `[...]`, `{a,b}`.
// Dotfiles always match (a pattern about secrets must not miss `.env`). No dependency: node's
// path.matchesGlob is experimental on Node 20 and skips dot directories such as `~/.ssh`.

export interface GlobOptions {
  /** Default true: a privacy list fails closed, and `SERVER.KEY` is a key on any file system. */
  caseInsensitive?: boolean;
}

/** Compiles one glob to an anchored RegExp over `/`-separated paths. `\` in a pattern is a separator. */
export function globToRegExp(glob: string, opts: GlobOptions = {}): RegExp {
  const src = compile(glob.replace(/\\/g, '/'));
  return new RegExp(`^${src}$`, opts.caseInsensitive === false ? '' : 'i');
}

function compile(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        let j = i + 2;
        while (p[j] === '*') j++;
        if (atStart && p[j] === '/') {
          out += '(?:[^/]*/)*'; // `**/`: zero or more whole segments
          i = j;
          continue;
        }
        if (atStart && j === p.length) {
          out += '.*';
          i = j - 1;
          continue;
        }
        i = j - 1; // `a**b` is just a star
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = p.slice(i + 1, end);
        const negate = body[0] === '!' || body[0] === '^';
        if (negate) body = body.slice(1);
        out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = matchingBrace(p, i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${splitTop(p.slice(i + 1, end)).map(compile).join('|')})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\]}\\]/g, '\\$&');
  }
  return out;
}

function matchingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Splits `a,b{c,d},e` on top-level commas. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
