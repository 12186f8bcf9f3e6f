// (action, the user's text, the code, editor signals) -> {taskType, complexity, probabilities, reason, signals}.
// - task type: fixed by the action; for chat, the deliverable the prompt asks for (classify/prompt.ts);
// - complexity: a fitted sequential logistic model (classify/model.ts, trained by `npm run train:classifier`) over the
//   measured signals of classify/features.ts gives a probability per level; the quality dial
//   (classify/quality.ts) turns them into a level. Summarizing a long input is complex by rule.
// Pure and synchronous. `classifyWithModel` asks a local model about chat prompts the classifier is unsure of.
import { ACTION_TASK, extractFeatures, type ClassifyInput, type Extracted } from './classify/features';
import { MODEL, scoreOf, type ComplexityModel, type Contribution } from './classify/model';
import { complexityAt, DEFAULT_QUALITY, type Probabilities } from './classify/quality';
import { COMPLEXITIES, TASK_TYPES, type Action, type Classification, type Complexity, type TaskType } from './types';

export type { ClassifyInput } from './classify/features';
export { braceDepth, indentDepth } from './classify/signals';

export interface ClassifyOptions {
  /** The cost-quality dial, 0..10 (default: DEFAULT_QUALITY). */
  quality?: number;
  /** The complexity model (default: the committed, fitted one). */
  model?: ComplexityModel;
}

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

const FORCED: Probabilities = { simple: 0, medium: 0, complex: 1 };

export function classify(input: ClassifyInput, opts: ClassifyOptions = {}): Classification {
  return classifyExtracted(input.action, extractFeatures(input), opts);
}

/** The classification of already extracted features (cross-validation scores them with other models). */
export function classifyExtracted(action: Action, e: Extracted, opts: ClassifyOptions = {}): Classification {
  const model = opts.model ?? MODEL;
  const quality = opts.quality ?? DEFAULT_QUALITY;
  const scored = e.forced ? undefined : scoreOf(model, e.x);
  const probabilities = scored?.probabilities ?? FORCED;
  const complexity = complexityAt(probabilities, quality);
  const complexityConfidence = Math.max(probabilities.simple, probabilities.medium, probabilities.complex);
  const s = e.subject ?? e.code;
  const p = e.prompt;
  const c: Classification = {
    taskType: e.taskType,
    complexity,
    contextTokens: 0,
    confidence: round2(Math.min(e.taskConfidence, complexityConfidence)),
    probabilities: { simple: round3(probabilities.simple), medium: round3(probabilities.medium), complex: round3(probabilities.complex) },
    reason: reasonOf(action, e, complexity, probabilities, scored?.contributions ?? []),
    signals: {
      tokens: 0,
      lines: e.code.lines,
      nestingDepth: s.nestingDepth,
      functionCount: s.functionCount,
      intentWords: p ? [...Object.values(p.hard).flat(), ...p.narrow] : [],
      decisionPoints: s.decisionPoints,
      distinctShapes: s.distinctShapes,
      repetition: s.repetition,
      recursive: s.recursive,
      regexConstructs: s.regexConstructs,
      lockFree: s.lockFree,
      unsafe: s.unsafe,
      concurrency: s.concurrency,
      security: s.security,
      timing: s.timing,
      intent: p && !ACTION_TASK[action] ? { taskType: p.intent, cue: p.intentCue } : undefined,
      quality,
      features: e.x,
      // Each signal's push on the two steps of the model: towards at least medium, and towards complex.
      contributions: Object.fromEntries((scored?.contributions ?? []).map((x) => [x.name, round2(x.points)])),
      complexContributions: Object.fromEntries((scored?.contributions ?? []).map((x) => [x.name, round2(x.complexPoints)])),
    },
  };
  // The exact BPE count is only read by whoever needs it (the rules' token bounds, the eval's costs).
  lazy(c, 'contextTokens', e.contextTokens);
  lazy(c.signals, 'tokens', e.contextTokens);
  return c;
}

/** An enumerable property computed on first read (spreads and JSON see the value). */
function lazy<T extends object>(obj: T, key: keyof T & string, compute: () => number): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = compute();
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set: (value: number) => Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true }),
  });
}

function reasonOf(action: Action, e: Extracted, complexity: Complexity, p: Probabilities, contributions: readonly Contribution[]): string {
  const from = ACTION_TASK[action] ? `action ${action}` : e.intentCue ? `"${e.intentCue.trim().slice(0, 40)}" in the prompt` : e.prompt ? 'no task asked for in the prompt' : 'no prompt';
  const sure = `${Math.round(p[complexity] * 100)}%`;
  if (e.forced) return `${e.taskType} from ${from}; ${complexity}: ${e.forced}.`;
  // The parts that pushed towards the level chosen: up a step for medium (the first step) and complex (the
  // second), down the first step for simple.
  const sign = complexity === 'simple' ? -1 : 1;
  const push = (c: Contribution) => (complexity === 'complex' ? c.complexPoints : c.points) * sign;
  const top = contributions
    .filter((c) => push(c) > 0.15 && !c.name.startsWith('action.'))
    .sort((a, b) => push(b) - push(a))
    .slice(0, 3)
    .map((c) => e.why[c.name]);
  const why = top.length ? top.join('; ') : complexity === 'simple' ? 'nothing that raises it' : 'the kind of request';
  return `${e.taskType} from ${from}; ${complexity} (${sure}): ${why}.`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The promise, or a rejection as soon as the signal aborts (a model that ignores its signal cannot hold us). */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
const round3 = (n: number) => Math.round(n * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// Optional: a local model for chat prompts the classifier is unsure of (the seed runs classification locally).

/** Implemented over a local provider (router/localLabeler.ts); the core never imports an SDK. */
export interface LocalIntentModel {
  classify(prompt: string, signal?: AbortSignal): Promise<{ taskType: TaskType; complexity: Complexity } | undefined>;
}

export interface ClassifyWithModelOptions extends ClassifyOptions {
  /** Ask the model only when the classifier's confidence is below this. Default 0.6. */
  threshold?: number;
  /** The caller's cancellation: an abort propagates. */
  signal?: AbortSignal;
  /** The longest the model may take; past it the classifier's answer stands. */
  timeoutMs?: number;
}

export const LOCAL_MODEL_THRESHOLD = 0.6;

/**
 * The classification, refined by the local model for chat prompts the classifier is unsure of. The model is
 * never asked for editor actions (their task type is fixed) or confident cases; a model that fails, times out
 * or answers outside the label space leaves the classifier's result as is.
 */
export async function classifyWithModel(input: ClassifyInput, model: LocalIntentModel | undefined, opts: ClassifyWithModelOptions = {}): Promise<Classification> {
  const c = classify(input, opts);
  const threshold = opts.threshold ?? LOCAL_MODEL_THRESHOLD;
  if (!model || ACTION_TASK[input.action] || !input.prompt?.trim() || c.confidence >= threshold) return c;
  let answer: { taskType: TaskType; complexity: Complexity } | undefined;
  const limit = opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : undefined;
  const signal = limit && opts.signal ? AbortSignal.any([opts.signal, limit]) : (limit ?? opts.signal);
  try {
    answer = await raceAbort(model.classify(input.prompt, signal), signal);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const what = limit?.aborted ? `timed out after ${opts.timeoutMs} ms` : (err as Error)?.name === 'LabelSkipped' ? `skipped: ${(err as Error).message}` : `failed: ${(err as Error)?.message ?? err}`;
    return { ...c, signals: { ...c.signals, model: what } };
  }
  if (!answer || !(TASK_TYPES as readonly string[]).includes(answer.taskType) || !(COMPLEXITIES as readonly string[]).includes(answer.complexity)) {
    return { ...c, signals: { ...c.signals, model: 'no usable answer' } };
  }
  return {
    ...c,
    taskType: answer.taskType,
    complexity: answer.complexity,
    confidence: Math.max(c.confidence, threshold),
    reason: `${answer.complexity} ${answer.taskType} from the local model (the classifier was unsure: ${c.reason.replace(/\.$/, '')}).`,
    signals: { ...c.signals, model: { taskType: answer.taskType, complexity: answer.complexity, classifier: { taskType: c.taskType, complexity: c.complexity } } },
  };
}
