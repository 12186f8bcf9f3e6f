// The measured signals of a request as named numbers: what the fitted complexity model (model.ts) weighs.
// Every feature is general: the action, the size and structure of the code, tricky APIs in it, the
// categories of requirement words in the user's own instruction, a bug to hunt. No feature names a
// phrase; the weights come from data (scripts/train-classifier.ts), not from here.
import { countTokens } from '../tokens';
import type { Action, TaskType } from '../types';
import { analyzePrompt, type PromptAnalysis } from './prompt';
import { codeSignals, type CodeSignals } from './signals';

export interface ClassifyInput {
  action: Action;
  /**
   * The code or text the request is about: the selection (only the selected lines count), or the whole
   * file when nothing is selected. For `generate` and `inline`, the file around the cursor: context only.
   */
  text?: string;
  /** The user's own words, if any (never an action's prompt template). */
  prompt?: string;
  language?: string;
  /** Tokens of extra context sent along (chat history, attached files), beyond `text`. */
  extraContextTokens?: number;
  /** Errors and warnings the editor reports in `text` (VS Code's diagnostics). */
  diagnostics?: number;
}

export const ACTION_TASK: Partial<Record<Action, TaskType>> = {
  explain: 'reasoning',
  refactor: 'code_generation',
  tests: 'testing',
  docs: 'docs',
  summarize: 'summarization',
  generate: 'code_generation',
  inline: 'code_generation',
};

/** Actions whose text is context for new code rather than the subject of the request. */
export const CONTEXT_ONLY: ReadonlySet<Action> = new Set(['generate', 'inline']);

/** Labelling rule: summarizing more than 32k tokens, or a generated-looking file of 1500+ lines, is complex. */
export const LONG_INPUT_TOKENS = 32_000;
export const LONG_INPUT_LINES = 1500;

export interface Extracted {
  taskType: TaskType;
  /** 0..1: how clearly the action or the words showed the task type. */
  taskConfidence: number;
  intentCue?: string;
  /** Feature name → value. Names absent here are 0. */
  x: Record<string, number>;
  /** Feature name → a few words for the reason ("lock-free/atomic code (AtomicUsize)"). */
  why: Record<string, string>;
  /** Set when a labelling rule decides outright (a long input to summarize). */
  forced?: string;
  /** BPE tokens of text, prompt and extra context: counted on first use (classifying needs no exact count). */
  contextTokens: () => number;
  code: CodeSignals;
  /** The code whose structure counted: the selection, or code pasted into a chat prompt. */
  subject?: CodeSignals;
  prompt?: PromptAnalysis;
}

const log1p = Math.log1p;
/** About four characters a token: enough for a size feature, and free (exact counts are BPE, ~1 µs a char). */
const approxTokens = (text: string) => Math.round(text.length / 4);
const cap = (n: number, max: number) => Math.min(n, max);
const list = (xs: readonly string[], n = 3) => xs.slice(0, n).join(', ');

/** Chat intents, as feature names. */
const INTENT_FEATURE: Record<TaskType, string> = {
  chat: 'chat.general',
  code_generation: 'chat.code',
  reasoning: 'chat.reasoning',
  classification: 'chat.label',
  summarization: 'chat.summary',
  testing: 'chat.tests',
  docs: 'chat.docs',
  embedding: 'chat.general',
};

/** Points for code that is hard however short it is (0..4), and what made them. */
export function tricky(s: CodeSignals): { points: number; why: string } {
  const parts: [number, string][] = [];
  if (s.lockFree.length) parts.push([4, `lock-free/atomic code (${list(s.lockFree)})`]);
  if (s.unsafe.length) parts.push([2, `unsafe code (${list(s.unsafe, 2)})`]);
  if (s.concurrency.length) parts.push([s.concurrency.length >= 2 ? 2 : 1, `concurrency primitives (${list(s.concurrency)})`]);
  const rc = s.regexConstructs;
  if (rc >= 20 || (rc >= 8 && rc >= s.codeLines)) parts.push([4, `dense regexes (${rc} constructs)`]);
  else if (rc >= 8) parts.push([2, `regexes (${rc} constructs)`]);
  else if (rc >= 4) parts.push([1, 'some regexes']);
  if (s.security.length >= 2) parts.push([s.security.length >= 3 ? 2 : 1, `security-sensitive code (${s.security.join(', ')})`]);
  if (s.secretCompare.length) parts.push([2, `a secret compared with plain equality (${list(s.secretCompare, 1)}): a timing leak`]);
  if (!parts.length) return { points: 0, why: '' };
  parts.sort((a, b) => b[0] - a[0]);
  return { points: Math.min(4, parts.reduce((n, [p]) => n + p, 0)), why: parts.slice(0, 2).map(([, w]) => w).join(', ') };
}

export function extractFeatures(input: ClassifyInput): Extracted {
  const text = input.text ?? '';
  const promptText = (input.prompt ?? '').trim();
  let counted: number | undefined;
  const contextTokens = () => (counted ??= countTokens(text) + (promptText ? countTokens(promptText) : 0) + (input.extraContextTokens ?? 0));
  const contextOnly = CONTEXT_ONLY.has(input.action);
  const code = codeSignals(text, input.language);
  const p = promptText ? analyzePrompt(promptText, text.length > 0) : undefined;
  // Code pasted into a chat prompt is the subject, like a selection.
  const material = !text && p?.materialIsCode ? codeSignals(p.material, input.language) : undefined;
  const fixed = ACTION_TASK[input.action];
  const taskType: TaskType = fixed ?? p?.intent ?? 'chat';
  const taskConfidence = fixed ? 0.95 : (p?.intentStrength ?? 0.8);
  const subject = contextOnly ? undefined : text ? code : material;
  const subjectTokens = !subject ? 0 : approxTokens(subject === material ? p!.material : text);

  const x: Record<string, number> = {};
  const why: Record<string, string> = {};
  const set = (name: string, value: number, reason: string) => {
    if (!value) return;
    x[name] = value;
    why[name] = reason;
  };

  if (fixed) set(`action.${input.action === 'inline' ? 'generate' : input.action}`, 1, `action ${input.action}`);
  else set(INTENT_FEATURE[taskType], 1, taskType === 'chat' ? 'a general question' : `a chat request for ${taskType.replace('_', ' ')}`);

  let forced: string | undefined;
  // A token is at least one character: only a text longer than the limit needs counting.
  if (input.action === 'summarize' && (code.lines >= LONG_INPUT_LINES || (text.length > LONG_INPUT_TOKENS && countTokens(text) > LONG_INPUT_TOKENS))) {
    forced = `long input (${code.lines} lines, ${countTokens(text)} tokens)`;
  }

  // Pasted prose (a log, a thread, a description) is input to condense or read: its size counts.
  if (p && !subject && p.material) set('paste.tokens', log1p(approxTokens(p.material)), `${p.material.split('\n').length} pasted lines`);
  if (subject && subject.prose) {
    set('prose.tokens', log1p(subjectTokens), `${subject.lines} lines of prose`);
  } else if (subject && subject.codeLines > 0) {
    const s = subject;
    const novel = (s.distinctShapes * s.distinctShapes) / s.codeLines;
    set('code.present', 1, 'code at hand');
    set('code.lines', log1p(s.codeLines), `${s.codeLines} lines of code`);
    set('code.novel', log1p(novel), `${s.distinctShapes} distinct lines`);
    set('code.repetition', s.repetition, `${Math.round(s.repetition * 100)}% repetitive lines`);
    set('code.decisions', log1p(s.decisionPoints), `${s.decisionPoints} decision points`);
    set('code.nesting', cap(Math.max(0, s.nestingDepth - 2), 6), `nesting ${s.nestingDepth} deep`);
    set('code.recursive', s.recursive ? 1 : 0, 'recursion');
    set('code.imports', log1p(s.imports), `${s.imports} imports`);
    // Behaviour from interaction (labelling: medium): the fields the code changes (shared mutable state), and
    // the collaborators it calls through its fields (steps whose order and failures matter).
    set('code.state', log1p(s.mutatedFields), `${s.mutatedFields} mutable fields`);
    set('code.collaborators', log1p(s.collaborators), `calls ${s.collaborators} collaborator${s.collaborators === 1 ? '' : 's'}`);
    // Short but tricky code: one shared feature for every kind, so each kind learns from all of them.
    // Summaries follow input size instead (labelling rule 5): theirs is weighed apart.
    const t = tricky(s);
    if (t.points) set(input.action === 'summarize' ? 'summary.tricky' : 'code.tricky', t.points, t.why);
    if (taskType === 'testing') set('tests.timing', cap(s.timing.length, 3), `time-dependent code (${list(s.timing, 2)}): tests need a fake clock`);
    // Tests of code that calls collaborators need fakes (labelling: tests of independent small functions are simple).
    if (taskType === 'testing') set('tests.fakes', cap(s.collaborators, 3), `${s.collaborators} collaborators to fake`);
  }
  if (contextOnly && text && code.codeLines > 0) {
    const t = tricky(code);
    set('context.tricky', t.points, `tricky surrounding code: ${t.why}`);
    // New code must fit the code around it: the more distinct logic and mutable state there, the more to track.
    set('context.novel', log1p((code.distinctShapes * code.distinctShapes) / code.codeLines), `${code.distinctShapes} distinct lines around it`);
    set('context.state', log1p(code.mutatedFields), `${code.mutatedFields} mutable fields around it`);
  }

  const diagnostics = input.diagnostics ?? 0;
  if (p) {
    set(subject ? 'prompt.words' : 'spec.words', log1p(p.words), `a ${p.words}-word ${subject ? 'instruction' : 'specification'}`);
    // Requirement categories (concurrency, security, failure modes, scale, design, depth): how many the
    // instruction adds (labelling rule 3), plus each category's own pull.
    const categories = Object.entries(p.hard);
    // A question about what a hard topic is ("what's a race condition?") asks for a definition: its words
    // name the topic, they add no requirement.
    const topicOnly = p.topicQuestion && !subject;
    if (categories.length && topicOnly) {
      set('prompt.topic', categories.length, `a question about ${categories.map(([c]) => c).join(' + ')} ("${list(categories.flatMap(([, w]) => w), 2)}")`);
    } else if (categories.length) {
      const words = categories.flatMap(([, w]) => w.slice(0, 2));
      set('prompt.requirements', categories.length, `${categories.map(([c]) => c).join(' + ')} asked for ("${list(words, 2)}")`);
      for (const [category, w] of categories) set(`prompt.${category}`, cap(w.length, 3), `${category} words in the prompt ("${list(w, 2)}")`);
    }
    set('prompt.lowLevel', p.lowLevelConcurrency ? 1 : 0, 'low-level concurrency asked for');
    const moderate = Object.entries(p.moderate);
    if (moderate.length) set('prompt.moderate', cap(moderate.length, 4), `${moderate.map(([k]) => k).join(', ')} ("${list(moderate.map(([, w]) => w[0]), 2)}")`);
    set('prompt.narrow', cap(p.narrow.length, 2), `narrowed by "${list(p.narrow, 2)}"`);
    set('prompt.question', p.question ? 1 : 0, 'a question');
    set('prompt.judgement', p.judgement ? 1 : 0, 'asks for a judgement of the code');
    set('prompt.intermittent', p.intermittent ? 1 : 0, 'an intermittent bug');
  }
  // A symptom in the code at hand is a bug to hunt in it; without code, a question about a behaviour.
  if (p?.symptom) set(subject ? 'prompt.symptom' : 'question.symptom', 1, subject ? `a bug to hunt ("${p.symptom.slice(0, 40)}")` : `a question about a behaviour ("${p.symptom.slice(0, 40)}")`);
  // Errors the editor reports in the code at hand. The development set has none, so this weight is a
  // stated prior (PRIORS in train.ts), not fitted.
  if (diagnostics > 0 && subject) set('editor.diagnostics', cap(log1p(diagnostics), 2), `${diagnostics} diagnostic${diagnostics === 1 ? '' : 's'} in the code`);

  return { taskType, taskConfidence, intentCue: p?.intentCue, x, why, forced, contextTokens, code, subject, prompt: p };
}
