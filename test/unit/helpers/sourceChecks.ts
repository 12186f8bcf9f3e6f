// Checks over source text for the rules of the house and the import graph. Each takes a list of files, so a
// test runs it on the real tree and on a fixture that breaks the rule (which it must catch).
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Relative to the repository root, with forward slashes: `src/core/router.ts`. */
  path: string;
  text: string;
}

/** Every .ts file under `dir` (relative to root). */
export function readSources(root: string, dir = 'src'): SourceFile[] {
  const walk = (abs: string): string[] =>
    readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
      const p = join(abs, e.name);
      return e.isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  return walk(join(root, dir)).map((p) => ({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
}

/** Fixture files: path -> text. */
export function sources(byPath: Record<string, string>): SourceFile[] {
  return Object.entries(byPath).map(([path, text]) => ({ path, text }));
}

/** Every module a file names: imports (type-only too), re-exports, import(), require(). */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const isSdk = (spec: string, sdks: readonly string[]) => sdks.some((s) => spec === s || spec.startsWith(s + '/'));

/** Files under `under` that import the module `name` (or a subpath of it), in any form. */
export function filesImporting(files: readonly SourceFile[], under: string, names: readonly string[]): string[] {
  return files.filter((f) => f.path.startsWith(under) && importsOf(f.text).some((s) => isSdk(s, names))).map((f) => f.path);
}

/** The packages `files` import (bare specifiers, without subpaths; `node:` builtins left out), sorted. */
export function packagesImported(files: readonly SourceFile[]): string[] {
  const names = files.flatMap((f) => importsOf(f.text)).filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
  return [...new Set(names.map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))].sort();
}

// ---- the import graph

export type ImportGraph = Map<string, string[]>;

/** File -> the files of the set it imports (relative specifiers only; packages are not part of the graph). */
export function importGraph(files: readonly SourceFile[]): ImportGraph {
  const paths = new Set(files.map((f) => f.path));
  const resolve = (from: string, spec: string): string | undefined => {
    const base = posix.normalize(posix.join(posix.dirname(from), spec)).replace(/\.(m?js)$/, '');
    return [`${base}.ts`, `${base}/index.ts`, base].find((p) => paths.has(p));
  };
  const graph: ImportGraph = new Map();
  for (const f of files) {
    const deps = importsOf(f.text)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(f.path, s))
      .filter((p): p is string => p !== undefined);
    graph.set(f.path, [...new Set(deps)]);
  }
  return graph;
}

/** The import circles: each strongly connected component of two or more files (or a file importing itself). */
export function importCircles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)?.includes(v)) circles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

export interface Layer {
  name: string;
  /** Files (`src/core/types.ts`) and folders (`src/core/config/`) that belong to it. */
  paths: readonly string[];
}

/**
 * Levels, lowest first; each level holds layers. A file may import its own layer and any layer of a lower
 * level, never a layer of its own level (siblings) or of a higher one. Returns the violations, and files that
 * belong to no layer.
 */
export function layerViolations(graph: ImportGraph, levels: readonly (readonly Layer[])[]): string[] {
  const where = (file: string): { layer: Layer; level: number } | undefined => {
    let best: { layer: Layer; level: number; len: number } | undefined;
    levels.forEach((layers, level) => {
      for (const layer of layers)
        for (const p of layer.paths)
          if ((p.endsWith('/') ? file.startsWith(p) : file === p) && (!best || p.length > best.len)) best = { layer, level, len: p.length };
    });
    return best;
  };
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const from = where(file);
    if (!from) {
      out.push(`${file} belongs to no layer`);
      continue;
    }
    for (const dep of deps) {
      const to = where(dep);
      if (!to || to.layer === from.layer) continue;
      if (to.level >= from.level) out.push(`${file} (${from.layer.name}) imports ${dep} (${to.layer.name}): ${to.level === from.level ? 'a sibling layer' : 'a higher layer'}`);
    }
  }
  return out;
}

// ---- SDK clients

/**
 * Every `new X(...)` in `file` whose X comes from one of the `sdks`, whatever it is called locally: bound by an
 * import (default, named or namespace), destructured from or assigned `await import(...)`, or aliased from such
 * a name. Returns one line per construction: where it is, and whether its first argument is an object literal
 * holding `maxRetries: 0`.
 */
export function sdkConstructions(file: SourceFile, sdks: readonly string[]): { where: string; noRetries: boolean }[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const bound = new Set<string>();
  const importsSdk = (n: ts.Node): boolean => {
    let hit = false;
    const walk = (x: ts.Node) => {
      if (hit) return;
      if (ts.isCallExpression(x) && x.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(x.arguments[0]) && isSdk(x.arguments[0].text, sdks)) hit = true;
      else if (ts.isIdentifier(x) && bound.has(x.text)) hit = true;
      else ts.forEachChild(x, walk);
    };
    walk(n);
    return hit;
  };
  const names = (b: ts.BindingName): string[] => (ts.isIdentifier(b) ? [b.text] : b.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : names(e.name))));
  // Static imports bind names at once; variables are tainted until nothing changes (aliases of aliases).
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !isSdk(st.moduleSpecifier.text, sdks)) continue;
    const c = st.importClause;
    if (c?.name) bound.add(c.name.text);
    const nb = c?.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) bound.add(nb.name.text);
    if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) bound.add(el.name.text);
  }
  const declarations: ts.VariableDeclaration[] = [];
  const collect = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && n.initializer) declarations.push(n);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of declarations) {
      const fresh = names(d.name).filter((x) => !bound.has(x));
      if (fresh.length && importsSdk(d.initializer!)) {
        for (const x of fresh) bound.add(x);
        changed = true;
      }
    }
  }
  const out: { where: string; noRetries: boolean }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) && importsSdk(n.expression)) {
      const arg = n.arguments?.[0];
      const noRetries =
        !!arg &&
        ts.isObjectLiteralExpression(arg) &&
        arg.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'maxRetries' && ts.isNumericLiteral(p.initializer) && Number(p.initializer.text) === 0);
      out.push({ where: `${file.path}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`, noRetries });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
