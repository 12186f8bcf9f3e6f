// (action, text, editor signals) -> {taskType, complexity, contextTokens}, with the signals that decided it.
// First version: transparent heuristics, each signal reported so a later classifier can be measured against it.
import { countTokens } from './tokens';
import type { Action, Classification, Complexity, TaskType } from './types';

export interface ClassifyInput {
  action: Action;
  /** The code or text the request is about (selection, enclosing function or file). */
  text?: string;
  /** The user's words, if any. */
  prompt?: string;
  language?: string;
  /** Tokens of extra context sent along (chat history, attached files), beyond `text`. */
  extraContextTokens?: number;
}

const ACTION_TASK: Partial<Record<Action, TaskType>> = {
  explain: 'reasoning',
  refactor: 'code_generation',
  tests: 'testing',
  docs: 'docs',
  summarize: 'summarization',
  generate: 'code_generation',
  inline: 'code_generation',
};

/** Chat intents, in the order the deliverable decides: the first that matches wins. */
const INTENTS: [TaskType, RegExp][] = [
  ['classification', /\b(yes or no|yes\/no|true or false|categori[sz]e|classify|label (this|these|it)|which category|is (this|it) (a|an) \w+ or)\b/i],
  ['testing', /\b(unit tests?|test cases?|tests? for|write (some |a )?tests?|add (some |a )?tests?|test suite|property tests?)\b/i],
  ['docs', /\b(docstrings?|doc comments?|jsdoc|javadoc|readme|write (the )?docs|document (this|the|it)|add comments?)\b/i],
  ['summarization', /\b(summar(y|ise|ize)|tl;?dr|recap|gist of)\b/i],
  ['code_generation', /\b(write|implement|create|generate|add|refactor|rewrite|convert|port|fix|make (it|this) (faster|safer)|optimi[sz]e|build)\b/i],
  ['reasoning', /\b(why|how (does|do|is|can)|explain|debug|design|review|security|vulnerab\w*|trade-?offs?|architecture|what happens|root cause)\b/i],
];

/** Words that raise complexity: concurrency, security, design, depth. */
const HARD_WORDS =
  /\b(race|deadlock|concurren\w*|thread\w*|lock-?free|atomic\w*|memory (model|order\w*)|security|secure|vulnerab\w*|exploit|timing attack|auth\w*|crypto\w*|architecture|design|trade-?offs?|scal\w+|distributed|migrat\w+|cross-cutting|performance|deep|thorough\w*|in depth|root cause|subtle|why)\b/gi;
/** Words that narrow the task. */
const EASY_WORDS = /\b(typo|rename|one-?liner|quick(ly)?|simple|small|just|only|briefly|short)\b/gi;

const FUNCTION_DEF =
  /^\s*(?:export\s+)?(?:(?:async\s+)?function\b|def\s+\w|fn\s+\w|func\s+\w|(?:public|private|protected|static|override|internal)\s+[\w<>[\],\s]*\(|[\w$]+\s*=\s*(?:async\s*)?\([^)]*\)\s*=>|(?:async\s+)?[\w$]+\s*\([^)]*\)\s*\{)/gm;

export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ || c === 40 /* ( */ || c === 91 /* [ */) max = Math.max(max, ++depth);
    else if (c === 125 || c === 41 || c === 93) depth = Math.max(0, depth - 1);
  }
  // Indentation-structured languages: count indent levels too.
  let indentMax = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    indentMax = Math.max(indentMax, Math.floor(indent / 4));
  }
  return Math.max(max, indentMax);
}

function intentOf(prompt: string): TaskType {
  for (const [task, re] of INTENTS) if (re.test(prompt)) return task;
  return 'chat';
}

export function classify(input: ClassifyInput): Classification {
  const text = input.text ?? '';
  const prompt = input.prompt ?? '';
  const taskType = ACTION_TASK[input.action] ?? (prompt ? intentOf(prompt) : 'chat');
  const textTokens = countTokens(text);
  const contextTokens = textTokens + countTokens(prompt) + (input.extraContextTokens ?? 0);
  const lines = text ? text.split('\n').length : 0;
  const depth = text ? nestingDepth(text) : 0;
  const functionCount = text ? (text.match(FUNCTION_DEF) ?? []).length : 0;
  const hard = [...new Set((prompt.match(HARD_WORDS) ?? []).map((w) => w.toLowerCase()))];
  const easy = [...new Set((prompt.match(EASY_WORDS) ?? []).map((w) => w.toLowerCase()))];

  let score = contextTokens < 150 ? 0 : contextTokens < 1500 ? 1 : contextTokens < 8000 ? 2 : 3;
  if (depth >= 5) score += 1;
  if (functionCount >= 6) score += 1;
  score += Math.min(3, hard.length * 2);
  score -= Math.min(2, easy.length);

  let complexity: Complexity = score <= 0 ? 'simple' : score <= 2 ? 'medium' : 'complex';
  const reasons: string[] = [`${contextTokens} tokens`];
  if (depth >= 5) reasons.push(`nesting ${depth}`);
  if (functionCount >= 6) reasons.push(`${functionCount} functions`);
  if (hard.length) reasons.push(`"${hard.join('", "')}"`);
  if (easy.length) reasons.push(`narrowed by "${easy.join('", "')}"`);
  if (taskType === 'summarization' && contextTokens > 32_000) {
    complexity = 'complex';
    reasons.push('long input');
  }
  const edge = score === 0 || score === 1 || score === 2 || score === 3;
  return {
    taskType,
    complexity,
    contextTokens,
    confidence: edge ? 0.6 : 0.8,
    reason: `${taskType} from ${ACTION_TASK[input.action] ? `action ${input.action}` : 'the prompt'}; ${complexity}: ${reasons.join(', ')}`,
    signals: { tokens: contextTokens, lines, nestingDepth: depth, functionCount, intentWords: [...hard, ...easy], language: input.language },
  };
}
