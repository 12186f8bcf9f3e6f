// (action, text, prompt, editor signals) -> {taskType, complexity, contextTokens, confidence, reason, signals}.
// Classifier v2: measured signals, combined by a transparent score (see classify/complexity.ts).
// - task type: fixed by the action; for chat, the deliverable the prompt asks for (classify/prompt.ts);
// - complexity: code weight (novel lines, decision points, nesting, recursion, imports) + tricky code
//   (atomics, unsafe, concurrency primitives, dense regexes, security APIs) + the prompt's requirement
//   and narrowing words + diagnostics; summarize follows input size.
// Pure and synchronous. `classifyWithModel` optionally asks a local model about ambiguous chat prompts.
import {
  band,
  codeWeight,
  LONG_INPUT_LINES,
  LONG_INPUT_TOKENS,
  promptParts,
  total,
  trickyParts,
  type ScorePart,
} from './classify/complexity';
import { analyzePrompt, type PromptAnalysis } from './classify/prompt';
import { codeSignals, type CodeSignals } from './classify/signals';
import { countTokens } from './tokens';
import { COMPLEXITIES, TASK_TYPES, type Action, type Classification, type Complexity, type TaskType } from './types';

export { braceDepth, indentDepth } from './classify/signals';

export interface ClassifyInput {
  action: Action;
  /**
   * The code or text the request is about: the selection (only the selected lines count), or the whole
   * file when nothing is selected. For `generate` and `inline`, the text around the cursor: context only.
   */
  text?: string;
  /** The user's words, if any. */
  prompt?: string;
  language?: string;
  /** Tokens of extra context sent along (chat history, attached files), beyond `text`. */
  extraContextTokens?: number;
  /** Errors and warnings the editor reports in `text` (VS Code's diagnostics). */
  diagnostics?: number;
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

/** Actions whose text is context for new code rather than the subject of the request. */
const CONTEXT_ONLY: ReadonlySet<Action> = new Set(['generate', 'inline']);

/** Legacy signal: deepest bracket nesting, or indentation levels for indentation-structured text. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 40 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 41 || c === 93) depth = Math.max(0, depth - 1);
  }
  let indentMax = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    indentMax = Math.max(indentMax, Math.floor((line.length - line.trimStart().length) / 4));
  }
  return Math.max(max, indentMax);
}

export function classify(input: ClassifyInput): Classification {
  const text = input.text ?? '';
  const prompt = (input.prompt ?? '').trim();
  const textTokens = countTokens(text);
  const promptTokens = countTokens(prompt);
  const contextTokens = textTokens + promptTokens + (input.extraContextTokens ?? 0);
  const contextOnly = CONTEXT_ONLY.has(input.action);

  const code = codeSignals(text, input.language);
  const p = prompt ? analyzePrompt(prompt, text.length > 0) : undefined;
  // Code pasted into a chat prompt is the subject, like a selection.
  const material = p?.materialIsCode ? codeSignals(p.material, input.language) : undefined;
  const fixed = ACTION_TASK[input.action];
  const taskType: TaskType = fixed ?? p?.intent ?? 'chat';
  const taskConfidence = fixed ? 0.95 : (p?.intentStrength ?? 0.8);

  const parts: ScorePart[] = [];
  let forced: string | undefined;
  const subject: CodeSignals | undefined = contextOnly ? undefined : text ? code : material;
  const subjectTokens = subject === material ? countTokens(p?.material ?? '') : textTokens;
  const hasCode = subject !== undefined && (subject.codeLines > 0 || subject.prose);

  if (input.action === 'summarize' || (taskType === 'summarization' && text)) {
    if (textTokens > LONG_INPUT_TOKENS || code.lines >= LONG_INPUT_LINES) {
      forced = `long input (${code.lines} lines, ${textTokens} tokens)`;
    } else {
      const w = codeWeight(code, textTokens);
      parts.push({ points: w.base, why: w.why });
      if (total(trickyParts(code)) >= 4) parts.push({ points: 1, why: 'tricky code to condense' });
    }
  } else if (hasCode && subject) {
    const w = codeWeight(subject, subjectTokens);
    parts.push({ points: w.base, why: w.why });
    parts.push(...trickyParts(subject));
    if (taskType === 'testing' && subject.timing.length) parts.push({ points: 1, why: `time-dependent code (${subject.timing.slice(0, 2).join(', ')}): tests need a fake clock` });
  } else if (contextOnly && text) {
    // New code must fit into tricky surroundings.
    if (total(trickyParts(code)) >= 3) parts.push({ points: 1, why: 'tricky surrounding code' });
  }
  if (p) {
    parts.push(
      ...promptParts(p, {
        task: taskType,
        specOnly: !hasCode,
        hasCode,
        codeSecurity: subject?.security.length ?? 0,
      }),
    );
  }
  const diagnostics = input.diagnostics ?? 0;
  if (diagnostics > 0 && !contextOnly && input.action !== 'summarize') {
    parts.push({ points: diagnostics >= 5 ? 2 : 1, why: `${diagnostics} diagnostic${diagnostics === 1 ? '' : 's'} in the code` });
  }

  const score = forced ? 4 : total(parts);
  const complexity: Complexity = forced ? 'complex' : band(score);
  const confidence = round2(taskConfidence * complexityConfidence(score, !!forced));
  return {
    taskType,
    complexity,
    contextTokens,
    confidence,
    reason: reasonOf(input.action, taskType, p, complexity, forced, parts),
    signals: {
      tokens: contextTokens,
      lines: code.lines,
      nestingDepth: (subject ?? code).nestingDepth,
      functionCount: (subject ?? code).functionCount,
      intentWords: p ? [...Object.values(p.hard).flat(), ...p.narrow] : [],
      language: input.language,
      decisionPoints: (subject ?? code).decisionPoints,
      distinctShapes: (subject ?? code).distinctShapes,
      repetition: (subject ?? code).repetition,
      symbolCount: (subject ?? code).symbolCount,
      imports: (subject ?? code).imports,
      recursive: (subject ?? code).recursive,
      regexConstructs: (subject ?? code).regexConstructs,
      lockFree: (subject ?? code).lockFree,
      unsafe: (subject ?? code).unsafe,
      concurrency: (subject ?? code).concurrency,
      security: (subject ?? code).security,
      timing: (subject ?? code).timing,
      diagnostics,
      intent: p && !fixed ? { taskType: p.intent, cue: p.intentCue } : undefined,
      score,
      scoreParts: parts.filter((x) => x.points !== 0).map((x) => `${x.points > 0 ? '+' : ''}${x.points} ${x.why}`),
    },
  };
}

/** Far from a band edge (1.5, 3.5) is sure; on it, a coin toss. */
function complexityConfidence(score: number, forced: boolean): number {
  if (forced) return 0.95;
  const d = Math.min(Math.abs(score - 1.5), Math.abs(score - 3.5));
  return Math.min(0.95, 0.5 + 0.15 * d);
}

function reasonOf(action: Action, task: TaskType, p: PromptAnalysis | undefined, complexity: Complexity, forced: string | undefined, parts: ScorePart[]): string {
  const from = ACTION_TASK[action]
    ? `action ${action}`
    : p?.intentCue
      ? `"${p.intentCue.trim().slice(0, 40)}" in the prompt`
      : p
        ? 'no task asked for in the prompt'
        : 'no prompt';
  const counted = parts.filter((x) => x.points !== 0).sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const why = forced
    ? forced
    : counted.length
      ? counted
          .slice(0, 3)
          .map((x) => x.why)
          .join('; ')
      : (parts[0]?.why ?? (p ? 'no requirement words in the prompt' : 'nothing to weigh'));
  return `${task} from ${from}; ${complexity}: ${why}.`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Optional: a local model for ambiguous chat prompts (the seed runs classification locally).

/** Implemented by the router over the local provider; the core never imports an SDK. */
export interface LocalIntentModel {
  classify(prompt: string, signal?: AbortSignal): Promise<{ taskType: TaskType; complexity: Complexity } | undefined>;
}

export interface ClassifyWithModelOptions {
  /** Ask the model only when the heuristic confidence is below this. Default 0.6. */
  threshold?: number;
  signal?: AbortSignal;
}

/**
 * The heuristic classification, refined by the local model for chat prompts the heuristics are unsure
 * of. The model is never asked for editor actions (their task type is fixed) or confident cases; a
 * model that fails, times out or answers outside the label space leaves the heuristic result as is.
 */
export async function classifyWithModel(input: ClassifyInput, model: LocalIntentModel | undefined, opts: ClassifyWithModelOptions = {}): Promise<Classification> {
  const c = classify(input);
  const threshold = opts.threshold ?? 0.6;
  if (!model || ACTION_TASK[input.action] || !input.prompt?.trim() || c.confidence >= threshold) return c;
  let answer: { taskType: TaskType; complexity: Complexity } | undefined;
  try {
    answer = await model.classify(input.prompt, opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    return { ...c, signals: { ...c.signals, model: 'failed' } };
  }
  if (!answer || !(TASK_TYPES as readonly string[]).includes(answer.taskType) || !(COMPLEXITIES as readonly string[]).includes(answer.complexity)) {
    return { ...c, signals: { ...c.signals, model: 'no usable answer' } };
  }
  return {
    ...c,
    taskType: answer.taskType,
    complexity: answer.complexity,
    confidence: Math.max(c.confidence, threshold),
    reason: `${answer.complexity} ${answer.taskType} from the local model (heuristics were unsure: ${c.reason.replace(/\.$/, '')}).`,
    signals: { ...c.signals, model: { taskType: answer.taskType, complexity: answer.complexity, heuristic: { taskType: c.taskType, complexity: c.complexity } } },
  };
}
