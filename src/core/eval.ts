// Measures the classifier and the routing it leads to over a labelled set (the format of
// ../shared/eval/requests.jsonl). Pure: the CLI reads the files and hands over the texts.
import { classify, type ClassifyInput } from './classify';
import type { LoadedConfig, ProviderInfo } from './config/model';
import type { Decider } from './rules';
import { ACTIONS, COMPLEXITIES, TASK_TYPES, type Action, type Classification, type Complexity, type Decision, type TaskType } from './types';

export interface EvalCase {
  id: string;
  action: Action;
  language: string;
  /** Relative to the set's folder, or null. */
  file: string | null;
  /** [start, end], 1-based inclusive; null = whole file. For generate, start == end is the cursor line. */
  lines: [number, number] | null;
  prompt: string | null;
  expected: { taskType: TaskType; complexity: Complexity };
  why?: string;
}

export class EvalSetError extends Error {
  override name = 'EvalSetError';
}

/** Parses and checks a JSONL set; errors name the line. */
export function parseEvalSet(jsonl: string, label = 'requests.jsonl'): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${label}:${i + 1}`;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new EvalSetError(`${where}: not JSON (${(err as Error).message})`);
    }
    const fail = (msg: string): never => {
      throw new EvalSetError(`${where}: ${msg}`);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('expected an object');
    const id = typeof raw.id === 'string' ? raw.id : fail('"id" must be a string');
    if (ids.has(id)) fail(`duplicate id "${id}"`);
    ids.add(id);
    const action = (ACTIONS as readonly unknown[]).includes(raw.action) ? (raw.action as Action) : fail(`"action" must be one of ${ACTIONS.join(', ')}`);
    const file = raw.file === null || raw.file === undefined ? null : typeof raw.file === 'string' ? raw.file : fail('"file" must be a string or null');
    let lines: [number, number] | null = null;
    if (raw.lines !== null && raw.lines !== undefined) {
      const l = raw.lines as unknown[];
      if (!Array.isArray(l) || l.length !== 2 || !l.every((n) => Number.isInteger(n) && (n as number) >= 1) || (l[1] as number) < (l[0] as number)) {
        fail('"lines" must be [start, end] with 1 ≤ start ≤ end');
      }
      if (!file) fail('"lines" needs a "file"');
      lines = [l[0] as number, l[1] as number];
    }
    const prompt = raw.prompt === null || raw.prompt === undefined ? null : typeof raw.prompt === 'string' ? raw.prompt : fail('"prompt" must be a string or null');
    const exp = raw.expected as Record<string, unknown> | undefined;
    if (!exp || typeof exp !== 'object') fail('"expected" must be {taskType, complexity}');
    const taskType = (TASK_TYPES as readonly unknown[]).includes(exp!.taskType) ? (exp!.taskType as TaskType) : fail(`"expected.taskType" must be one of ${TASK_TYPES.join(', ')}`);
    const complexity = (COMPLEXITIES as readonly unknown[]).includes(exp!.complexity) ? (exp!.complexity as Complexity) : fail(`"expected.complexity" must be one of ${COMPLEXITIES.join(', ')}`);
    cases.push({
      id,
      action,
      language: typeof raw.language === 'string' ? raw.language : 'plaintext',
      file,
      lines,
      prompt,
      expected: { taskType, complexity },
      why: typeof raw.why === 'string' ? raw.why : undefined,
    });
  });
  return cases;
}

/** The text a case is about: the selected lines, or the whole file (always the whole file for generate). */
export function selectionOf(c: EvalCase, fileText: string): string {
  if (!c.lines || c.action === 'generate' || c.action === 'inline') return fileText;
  return fileText.split('\n').slice(c.lines[0] - 1, c.lines[1]).join('\n');
}

export function classifyInputOf(c: EvalCase, fileText: string | undefined): ClassifyInput {
  return {
    action: c.action,
    text: fileText === undefined ? undefined : selectionOf(c, fileText),
    prompt: c.prompt ?? undefined,
    language: c.language,
  };
}

export interface EvalOptions {
  /** Output tokens assumed for every request's worst-case cost. Default 500. */
  outputTokens?: number;
  /** The classifier under test (default: classify). */
  classifier?: (input: ClassifyInput) => Classification;
}

export interface Confusion<L extends string> {
  labels: readonly L[];
  /** expected → predicted → count */
  matrix: Record<L, Record<L, number>>;
}

export interface RoutingFigures {
  /** Share of requests whose first usable target is a premium-tier provider. */
  premiumShare: number;
  /** Of the cases labelled complex, the share routed to premium. */
  complexToPremiumRecall: number;
  /** Of the cases labelled simple, the share kept off premium. */
  simpleOffPremiumShare: number;
  /** Worst-case cost routed / worst-case cost if everything went to the all-premium target. */
  costVsAllPremium: number;
  routedCostUsd: number;
  allPremiumCostUsd: number;
}

export interface CaseResult {
  id: string;
  action: Action;
  expected: { taskType: TaskType; complexity: Complexity };
  predicted: { taskType: TaskType; complexity: Complexity };
  confidence: number;
  reason: string;
  contextTokens: number;
  /** The first usable target, and the rule that chose it. */
  target: string;
  rule: string;
  premium: boolean;
  costUsd: number;
  allPremiumCostUsd: number;
  latencyUs: number;
}

export interface EvalReport extends RoutingFigures {
  cases: number;
  taskTypeAccuracy: number;
  complexityAccuracy: number;
  confusion: { taskType: Confusion<TaskType>; complexity: Confusion<Complexity> };
  /** The same routing figures with the expected labels: what the routing table allows with a perfect classifier. */
  withExpectedLabels: RoutingFigures;
  routing: {
    assumption: string;
    premiumProviders: string[];
    allPremiumTarget: string;
    outputTokens: number;
  };
  /** Cases where the task type or the complexity was wrong. */
  misses: CaseResult[];
  /** Routing misses: complex cases sent off premium, simple cases sent to premium. */
  complexOffPremium: CaseResult[];
  simpleOnPremium: CaseResult[];
  results: CaseResult[];
}

export interface LabelledInput {
  case: EvalCase;
  input: ClassifyInput;
}

/** The first premium-tier provider in config order: what "send everything to premium" means. */
export function allPremiumProvider(config: LoadedConfig): ProviderInfo | undefined {
  for (const p of config.providers.values()) if (p.tier === 'premium') return p;
  return undefined;
}

export function evaluate(items: readonly LabelledInput[], decide: Decider, opts: EvalOptions = {}): EvalReport {
  const outputTokens = opts.outputTokens ?? 500;
  const classifier = opts.classifier ?? classify;
  const config = decide.config;
  const premiumNames = [...config.providers.values()].filter((p) => p.tier === 'premium').map((p) => p.name);
  const premiumSet = new Set(premiumNames);
  const top = allPremiumProvider(config);

  const allPremiumCost = (task: TaskType, complexity: Complexity, tokens: number) => {
    if (!top) return 0;
    const model = config.resolveModel(top, task, complexity) ?? top.defaultModel;
    if (!model) return 0;
    return decide.prices.worstCaseUsd(decide.prices.priceOf(top, model), tokens, outputTokens);
  };
  const route = (task: TaskType, complexity: Complexity, tokens: number, action: Action) => {
    const d: Decision = decide({ taskType: task, complexity, contextTokens: tokens }, { state: 'ok' }, { action, maxTokens: outputTokens });
    const head = d.chain.find((s) => !s.skipped);
    return { d, head, premium: head ? premiumSet.has(head.provider) : false };
  };

  const results: CaseResult[] = [];
  const oracle: { premium: boolean; cost: number; all: number; expected: Complexity }[] = [];
  for (const { case: c, input } of items) {
    const t0 = performance.now();
    const cl = classifier(input);
    const latencyUs = (performance.now() - t0) * 1000;
    const r = route(cl.taskType, cl.complexity, cl.contextTokens, c.action);
    results.push({
      id: c.id,
      action: c.action,
      expected: c.expected,
      predicted: { taskType: cl.taskType, complexity: cl.complexity },
      confidence: cl.confidence,
      reason: cl.reason,
      contextTokens: cl.contextTokens,
      target: r.head ? `${r.head.provider}:${r.head.model}` : 'none',
      rule: r.d.rule.id,
      premium: r.premium,
      costUsd: r.d.estimatedCostUsd,
      allPremiumCostUsd: round6(allPremiumCost(cl.taskType, cl.complexity, cl.contextTokens)),
      latencyUs,
    });
    const o = route(c.expected.taskType, c.expected.complexity, cl.contextTokens, c.action);
    oracle.push({ premium: o.premium, cost: o.d.estimatedCostUsd, all: allPremiumCost(c.expected.taskType, c.expected.complexity, cl.contextTokens), expected: c.expected.complexity });
  }

  const n = results.length;
  const taskHits = results.filter((r) => r.predicted.taskType === r.expected.taskType).length;
  const complexityHits = results.filter((r) => r.predicted.complexity === r.expected.complexity).length;
  return {
    cases: n,
    taskTypeAccuracy: ratio(taskHits, n),
    complexityAccuracy: ratio(complexityHits, n),
    ...routingFigures(results.map((r) => ({ premium: r.premium, cost: r.costUsd, all: r.allPremiumCostUsd, expected: r.expected.complexity }))),
    confusion: {
      taskType: confusion(TASK_TYPES, results.map((r) => [r.expected.taskType, r.predicted.taskType])),
      complexity: confusion(COMPLEXITIES, results.map((r) => [r.expected.complexity, r.predicted.complexity])),
    },
    withExpectedLabels: routingFigures(oracle),
    routing: {
      assumption: 'every provider keyed (as if every API key were set)',
      premiumProviders: premiumNames,
      allPremiumTarget: top ? `${top.name}:${config.resolveModel(top, 'chat', 'simple') ?? top.defaultModel ?? '?'}` : 'none',
      outputTokens,
    },
    misses: results.filter((r) => r.predicted.taskType !== r.expected.taskType || r.predicted.complexity !== r.expected.complexity),
    complexOffPremium: results.filter((r) => r.expected.complexity === 'complex' && !r.premium),
    simpleOnPremium: results.filter((r) => r.expected.complexity === 'simple' && r.premium),
    results,
  };
}

function routingFigures(rows: { premium: boolean; cost: number; all: number; expected: Complexity }[]): RoutingFigures {
  const complex = rows.filter((r) => r.expected === 'complex');
  const simple = rows.filter((r) => r.expected === 'simple');
  const routed = rows.reduce((s, r) => s + r.cost, 0);
  const all = rows.reduce((s, r) => s + r.all, 0);
  return {
    premiumShare: ratio(rows.filter((r) => r.premium).length, rows.length),
    complexToPremiumRecall: ratio(complex.filter((r) => r.premium).length, complex.length),
    simpleOffPremiumShare: ratio(simple.filter((r) => !r.premium).length, simple.length),
    costVsAllPremium: all > 0 ? round4(routed / all) : 0,
    routedCostUsd: round6(routed),
    allPremiumCostUsd: round6(all),
  };
}

function confusion<L extends string>(labels: readonly L[], pairs: [L, L][]): Confusion<L> {
  const matrix = Object.fromEntries(labels.map((e) => [e, Object.fromEntries(labels.map((p) => [p, 0]))])) as Record<L, Record<L, number>>;
  for (const [e, p] of pairs) matrix[e][p]++;
  return { labels, matrix };
}

const ratio = (a: number, b: number) => (b ? round4(a / b) : 0);
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
