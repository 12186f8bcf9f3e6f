// Checks a local model's answer before it is accepted (the seed's "local first, with verification"):
// non-empty, not a refusal, its code parses, and tests look like tests. The parser is a real one where one is
// shipped (TypeScript's for TS/JS, tree-sitter grammars for Python, Go, Rust, Java, Ruby, PHP and shell, see
// verify/syntax.ts), loaded on the first check; bracket balance for any other language. Nothing is shown to
// the user while it checks: no editor, no Problems entry.
import { extractCode } from './actions/prompts';
import type { TaskType } from './types';

type SyntaxModule = typeof import('./verify/syntax');
let syntaxModule: SyntaxModule | undefined;
// The bundles keep the parsers in their own file (dist/syntax.js), off the activation path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const syntax = () => (syntaxModule ??= require('./verify/syntax') as SyntaxModule);

export interface VerifyContext {
  taskType: TaskType;
  language?: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };
export type Verifier = (answer: string, ctx: VerifyContext) => VerifyResult | Promise<VerifyResult>;

/** The task types whose rules may say `verify: true`. */
export const VERIFIABLE: ReadonlySet<TaskType> = new Set(['code_generation', 'testing', 'docs']);

const REFUSAL = /^\s*(I('m| am) (sorry|unable)|I can(no|')t (help|do|assist)|As an AI\b)/i;
const TEST_MARKERS = /\b(test|it|describe|assert\w*|expect|should)\s*[(.!:]|def test_|func Test|#\[test\]|@Test\b/;

export const basicVerifier: Verifier = async (answer, ctx) => {
  if (!answer.trim()) return { ok: false, reason: 'empty answer' };
  if (REFUSAL.test(answer)) return { ok: false, reason: 'the model declined' };
  if (ctx.taskType === 'docs') return { ok: true };
  const code = extractCode(answer);
  const language = ctx.language ?? '';
  const report = await syntaxReport(code, language);
  if (report.errors > 0) {
    const where = report.first ? ` (${language}: ${report.first.message} at ${report.first.line}:${report.first.col})` : '';
    return { ok: false, reason: `${report.errors} syntax error${report.errors > 1 ? 's' : ''}${where}` };
  }
  if (ctx.taskType === 'testing' && !TEST_MARKERS.test(code)) return { ok: false, reason: 'no test case in the answer' };
  return { ok: true };
};

/**
 * The language's own parser when one is shipped, bracket balance otherwise — and also when the parser cannot
 * be loaded (a missing dist/syntax.js or grammar file): a check that cannot run must not fail the request.
 */
export async function syntaxReport(code: string, language: string): Promise<{ errors: number; first?: { line: number; col: number; message: string } }> {
  try {
    const report = await syntax().checkSyntax(code, language);
    if (report) return report;
  } catch {
    // The parser did not load; syntax.ts forgets the failed load, so the next check tries again.
  }
  return { errors: unbalanced(code) };
}

/** Brackets that do not pair up, outside strings and comments: a parser-free syntax check for any language. */
export function unbalanced(code: string): number {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let errors = 0;
  const text = code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/^\s*#.*$/gm, '')
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|`(?:\\.|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, '""');
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.at(-1) === pairs[c]) stack.pop();
      else errors++;
    }
  }
  return errors + stack.length;
}
