// privacy.local_only_paths: which context files keep a request on local models.
import { globToRegExp } from './glob';

export interface PathMatcherOptions {
  /** Workspace folders; a path under one is also matched relative to it. */
  workspaceRoots?: readonly string[];
  /** Default true on every platform: see GlobOptions. */
  caseInsensitive?: boolean;
}

export interface PathMatch {
  /** The path as shown to the user: workspace-relative when possible. */
  path: string;
  /** The pattern that decided (the last matching one, as in .gitignore). */
  pattern: string;
}

interface Compiled {
  pattern: string;
  negated: boolean;
  /** Patterns without a `/` match the base name, as in .gitignore. */
  baseOnly: boolean;
  re: RegExp;
}

const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/{2,}/g, '/');

// Matches paths against globs. `!pattern` re-includes (e.g. `!**/.env.example`); the last matching
// pattern wins. Each path is tried absolute, relative to each workspace root, and by base name for
// patterns without a slash.
export function createPathMatcher(patterns: readonly string[], opts: PathMatcherOptions = {}) {
  const ci = opts.caseInsensitive !== false;
  const compiled: Compiled[] = patterns
    .map((raw) => raw.trim())
    .filter((raw) => raw && !raw.startsWith('#'))
    .map((raw) => {
      const negated = raw.startsWith('!');
      const body = norm(negated ? raw.slice(1) : raw).replace(/^\.\//, '');
      return { pattern: raw, negated, baseOnly: !body.includes('/'), re: globToRegExp(body, { caseInsensitive: ci }) };
    });
  const roots = (opts.workspaceRoots ?? []).map((r) => norm(r).replace(/\/$/, ''));
  const key = (s: string) => (ci ? s.toLowerCase() : s);

  function candidates(path: string): { shown: string; forms: string[] } {
    const abs = norm(path);
    const forms = [abs];
    let shown = abs;
    for (const root of roots) {
      if (key(abs).startsWith(key(root) + '/')) {
        shown = abs.slice(root.length + 1);
        forms.push(shown);
      }
    }
    if (abs.startsWith('./')) forms.push((shown = abs.slice(2)));
    return { shown, forms };
  }

  return {
    /** The deciding pattern when `path` is private, else undefined. */
    match(path: string): PathMatch | undefined {
      if (!compiled.length || !path) return undefined;
      const { shown, forms } = candidates(path);
      const base = forms[0].slice(forms[0].lastIndexOf('/') + 1);
      let hit: Compiled | undefined;
      for (const c of compiled) {
        const ok = c.baseOnly ? c.re.test(base) || forms.some((f) => c.re.test(f)) : forms.some((f) => c.re.test(f));
        if (ok) hit = c;
      }
      return hit && !hit.negated ? { path: shown, pattern: hit.pattern } : undefined;
    },
  };
}

export type PathMatcher = ReturnType<typeof createPathMatcher>;
