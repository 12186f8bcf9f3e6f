// Checks a local model's answer before it is accepted (the seed's "local first, with verification"):
// non-empty, not a refusal, its code parses (a parser where one exists here, bracket balance otherwise),
// and tests look like tests. The VS Code side may add the language's own diagnostics.
import { extractCode } from './actions/prompts';
import type { TaskType } from './types';

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

export const basicVerifier: Verifier = (answer, ctx) => {
  if (!answer.trim()) return { ok: false, reason: 'empty answer' };
  if (REFUSAL.test(answer)) return { ok: false, reason: 'the model declined' };
  if (ctx.taskType === 'docs') return { ok: true };
  const code = extractCode(answer);
  const errors = syntaxErrors(code, ctx.language ?? '');
  if (errors > 0) return { ok: false, reason: `${errors} syntax error${errors > 1 ? 's' : ''}` };
  if (ctx.taskType === 'testing' && !TEST_MARKERS.test(code)) return { ok: false, reason: 'no test case in the answer' };
  return { ok: true };
};

export function syntaxErrors(code: string, language: string): number {
  if (language === 'json') {
    try {
      JSON.parse(code);
      return 0;
    } catch {
      return 1;
    }
  }
  if (language === 'javascript') {
    // Compiles (never runs) the code as a function body; module syntax is stripped first.
    const body = code.replace(/^\s*import\s[^;\n]*;?$/gm, '').replace(/^(\s*)export\s+(default\s+)?/gm, '$1');
    try {
      new Function(body);
      return 0;
    } catch (err) {
      if (err instanceof SyntaxError) return 1;
    }
  }
  return unbalanced(code);
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
