// Syntax errors in a model's code answer, with a real parser and nothing shown to the user: the TypeScript
// compiler's parser for TypeScript and JavaScript, tree-sitter grammars (the WASM builds VS Code itself uses,
// from @vscode/tree-sitter-wasm) for Python, Go, Rust, Java, Ruby, PHP and shell, JSON.parse for JSON. Heavy:
// the bundles load this module on first use only (dist/syntax.js), and each grammar on its first answer.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';
import ts from 'typescript';
import grammars from './grammars.json';

export interface SyntaxReport {
  errors: number;
  /** The first error: 1-based line and column, and what is wrong. */
  first?: { line: number; col: number; message: string };
}

/** VS Code language id → grammar file. */
const GRAMMARS: Record<string, string> = grammars.languages;

const TS_KINDS: Record<string, ts.ScriptKind> = {
  typescript: ts.ScriptKind.TS,
  typescriptreact: ts.ScriptKind.TSX,
  javascript: ts.ScriptKind.JS,
  javascriptreact: ts.ScriptKind.JSX,
};

export const SUPPORTED = new Set([...Object.keys(TS_KINDS), ...Object.keys(GRAMMARS), 'json', 'jsonc']);

/** Beside the bundle (dist/parsers), else the package itself (tests, from source). */
function wasmDir(): string {
  const bundled = join(__dirname, 'parsers');
  if (existsSync(join(bundled, 'tree-sitter.wasm'))) return bundled;
  return dirname(require.resolve('@vscode/tree-sitter-wasm'));
}

function typescriptErrors(code: string, kind: ts.ScriptKind): SyntaxReport {
  const ext = kind === ts.ScriptKind.TSX ? 'tsx' : kind === ts.ScriptKind.JSX ? 'jsx' : kind === ts.ScriptKind.JS ? 'js' : 'ts';
  const out = ts.transpileModule(code, { fileName: `answer.${ext}`, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ESNext, jsx: ts.JsxEmit.Preserve, noEmit: true } });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error && d.file && d.start !== undefined);
  const d = errors[0];
  if (!d) return { errors: 0 };
  const at = d.file!.getLineAndCharacterOfPosition(d.start!);
  return { errors: errors.length, first: { line: at.line + 1, col: at.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') } };
}

function jsonErrors(code: string): SyntaxReport {
  try {
    JSON.parse(code);
    return { errors: 0 };
  } catch (err) {
    return { errors: 1, first: { line: 1, col: 1, message: (err as Error).message } };
  }
}

let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<TreeSitter.Language>>();

/** The runtime, then the grammar, each loaded once; a load that fails is forgotten, so the next check retries it. */
async function grammar(file: string): Promise<TreeSitter.Language> {
  const dir = wasmDir();
  runtime ??= TreeSitter.Parser.init({ locateFile: (name: string) => join(dir, name) }).catch((err: unknown) => {
    runtime = undefined;
    throw err;
  });
  await runtime;
  let lang = languages.get(file);
  if (!lang) {
    lang = TreeSitter.Language.load(join(dir, file)).catch((err: unknown) => {
      languages.delete(file);
      throw err;
    });
    languages.set(file, lang);
  }
  return lang;
}

/**
 * Python's indentation, which the grammar reads loosely: a block with no statement, and a statement that starts
 * deeper or shallower than the one before it in the same block.
 */
function pythonIndentError(node: TreeSitter.Node): { at: TreeSitter.Node; message: string } | undefined {
  if (node.type !== 'block' && node.type !== 'module') return undefined;
  if (node.type === 'block' && node.namedChildCount === 0) return { at: node, message: 'expected an indented block' };
  const statements = node.namedChildren.filter((c): c is TreeSitter.Node => !!c && c.type !== 'comment');
  for (let i = 1; i < statements.length; i++) {
    const [prev, cur] = [statements[i - 1], statements[i]];
    if (cur.startPosition.row > prev.endPosition.row && cur.startPosition.column !== statements[0].startPosition.column) {
      return { at: cur, message: cur.startPosition.column > statements[0].startPosition.column ? 'unexpected indent' : 'unindent does not match the block' };
    }
  }
  return undefined;
}

/** ERROR and MISSING nodes, and what the grammar accepts but the language does not (Python's indentation). */
function treeErrors(root: TreeSitter.Node, language: string): SyntaxReport {
  let errors = 0;
  let first: SyntaxReport['first'];
  const cursor = root.walk();
  const visit = (): void => {
    const node = cursor.currentNode;
    const indent = language === 'python' ? pythonIndentError(node) : undefined;
    if (node.type === 'ERROR' || node.isMissing || indent) {
      errors++;
      const at = indent?.at ?? node;
      const message = indent?.message ?? (node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.split('\n')[0].slice(0, 24))}`);
      first ??= { line: at.startPosition.row + 1, col: at.startPosition.column + 1, message };
      if (node.type === 'ERROR') return; // one error, however much it swallowed
    }
    if (!node.hasError && language !== 'python') return;
    if (cursor.gotoFirstChild()) {
      do visit();
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  visit();
  return { errors, first };
}

/** Syntax errors of `code` in `language`; undefined when no parser here knows the language. */
export async function checkSyntax(code: string, language: string): Promise<SyntaxReport | undefined> {
  if (language === 'json' || language === 'jsonc') return language === 'json' ? jsonErrors(code) : typescriptErrors(`(${code})`, ts.ScriptKind.JS);
  const kind = TS_KINDS[language];
  if (kind !== undefined) return typescriptErrors(code, kind);
  const file = GRAMMARS[language];
  if (!file) return undefined;
  const lang = await grammar(file);
  const parser = new TreeSitter.Parser();
  try {
    parser.setLanguage(lang);
    const tree = parser.parse(code);
    if (!tree) return undefined;
    try {
      return treeErrors(tree.rootNode, language);
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}
